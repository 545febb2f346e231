ALTER TABLE "facility" ADD COLUMN "move_in_without_staff" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Facilities that said so among their amenities (what the agent read before this setting) keep allowing it.
UPDATE "facility" SET "move_in_without_staff" = true WHERE EXISTS (SELECT 1 FROM unnest("amenities") AS a WHERE a ~* '(contactless|self[- ]?(service )?move[- ]?ins?|move[- ]?ins? without staff|online move[- ]?ins?|24/7 move[- ]?ins?)');
