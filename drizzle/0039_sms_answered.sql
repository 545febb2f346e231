ALTER TABLE "sms_message" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sms_message" ADD COLUMN "reply_lease_until" timestamp with time zone;--> statement-breakpoint
-- Texts received before this column existed were answered (or decided) then: a late redelivery of one must not run a turn again.
UPDATE "sms_message" SET "answered_at" = "created_at" WHERE "direction" = 'in';
