CREATE TABLE "analytics_booking_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid NOT NULL,
	"channel" text,
	"reservations" integer DEFAULT 0 NOT NULL,
	"lapsed" integer DEFAULT 0 NOT NULL,
	"move_ins" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_booking_daily_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","channel")
);
--> statement-breakpoint
CREATE TABLE "analytics_occupancy_total" (
	"organization_id" text NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_type_id" uuid NOT NULL,
	"units" integer DEFAULT 0 NOT NULL,
	"rent_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_occupancy_total_organization_id_facility_id_unit_type_id_pk" PRIMARY KEY("organization_id","facility_id","unit_type_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_booking_daily" ADD CONSTRAINT "analytics_booking_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_occupancy_total" ADD CONSTRAINT "analytics_occupancy_total_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- A reservation marks the UTC day it was made dirty (bookings: made, lapsed since) besides its
-- lead's day (leads: reserved), on insert, on every update (a status change makes it lapsed) and on
-- delete. Rentals already mark their start date (move-ins).
CREATE OR REPLACE FUNCTION analytics_dirty_reservation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN lead l ON l.id = n.lead_id
      UNION SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM new_rows
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM old_rows o JOIN lead l ON l.id = o.lead_id
      UNION SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM old_rows
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_reservation_insert ON reservation;--> statement-breakpoint
CREATE TRIGGER analytics_reservation_insert AFTER INSERT ON reservation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_reservation();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_reservation_update ON reservation;--> statement-breakpoint
CREATE TRIGGER analytics_reservation_update AFTER UPDATE ON reservation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_reservation();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_reservation_delete ON reservation;--> statement-breakpoint
CREATE TRIGGER analytics_reservation_delete AFTER DELETE ON reservation REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_reservation();--> statement-breakpoint
-- Fill the new table for the history written before it existed (the next read or the catch-up).
INSERT INTO analytics_dirty_day (organization_id, day)
  SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM reservation
  UNION SELECT organization_id, start_date FROM rental
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- analytics_occupancy_total starts as the sum of the daily rows already there; from now on
-- refreshRollups keeps it equal to that sum in the transaction that rewrites them.
INSERT INTO analytics_occupancy_total (organization_id, facility_id, unit_type_id, units, rent_cents)
  SELECT organization_id, facility_id, unit_type_id, sum(move_ins - move_outs), sum(rent_in_cents - rent_out_cents)
  FROM analytics_occupancy_daily GROUP BY organization_id, facility_id, unit_type_id
  ON CONFLICT DO NOTHING;
