CREATE TABLE "analytics_occupancy_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid NOT NULL,
	"unit_type_id" uuid NOT NULL,
	"move_ins" integer DEFAULT 0 NOT NULL,
	"move_outs" integer DEFAULT 0 NOT NULL,
	"rent_in_cents" bigint DEFAULT 0 NOT NULL,
	"rent_out_cents" bigint DEFAULT 0 NOT NULL,
	"sqft_in" integer DEFAULT 0 NOT NULL,
	"sqft_out" integer DEFAULT 0 NOT NULL,
	"collected_cents" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_occupancy_daily_organization_id_local_date_facility_id_unit_type_id_pk" PRIMARY KEY("organization_id","local_date","facility_id","unit_type_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_occupancy_daily" ADD CONSTRAINT "analytics_occupancy_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rental_organization_id_start_date_index" ON "rental" USING btree ("organization_id","start_date");--> statement-breakpoint
CREATE INDEX "rental_organization_id_moved_out_at_index" ON "rental" USING btree ("organization_id","moved_out_at") WHERE "rental"."moved_out_at" is not null;--> statement-breakpoint
CREATE INDEX "reservation_organization_id_facility_id_created_at_index" ON "reservation" USING btree ("organization_id","facility_id","created_at");--> statement-breakpoint
-- analytics_occupancy_daily: a rental marks its start date and the UTC day it moved out (before and
-- after a change), a payment the UTC day it was received, a unit type whose size changes the days of
-- its units' rentals; the move-in's conversation and lead days stay marked as before (0011).
CREATE OR REPLACE FUNCTION analytics_dirty_rental() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT c.organization_id, (c.started_at AT TIME ZONE 'UTC')::date
        FROM (SELECT reservation_id FROM new_rows) x JOIN conversation c ON c.reservation_id = x.reservation_id
      UNION
      SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date
        FROM (SELECT reservation_id FROM new_rows) x JOIN reservation r ON r.id = x.reservation_id JOIN lead l ON l.id = r.lead_id
      UNION SELECT organization_id, start_date FROM new_rows
      UNION SELECT organization_id, (moved_out_at AT TIME ZONE 'UTC')::date FROM new_rows WHERE moved_out_at IS NOT NULL
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT organization_id, start_date FROM old_rows
      UNION SELECT organization_id, (moved_out_at AT TIME ZONE 'UTC')::date FROM old_rows WHERE moved_out_at IS NOT NULL
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_rental_update ON rental;--> statement-breakpoint
CREATE TRIGGER analytics_rental_update AFTER UPDATE ON rental REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_rental();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_rental_delete ON rental;--> statement-breakpoint
CREATE TRIGGER analytics_rental_delete AFTER DELETE ON rental REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_rental();--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_dirty_payment() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT organization_id, (received_at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT organization_id, (received_at AT TIME ZONE 'UTC')::date FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_payment_insert ON payment;--> statement-breakpoint
CREATE TRIGGER analytics_payment_insert AFTER INSERT ON payment REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_payment();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_payment_update ON payment;--> statement-breakpoint
CREATE TRIGGER analytics_payment_update AFTER UPDATE ON payment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_payment();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_payment_delete ON payment;--> statement-breakpoint
CREATE TRIGGER analytics_payment_delete AFTER DELETE ON payment REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_payment();--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_dirty_unit_type_size() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT re.organization_id, re.start_date
      FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN unit u ON u.unit_type_id = n.id JOIN rental re ON re.unit_id = u.id
      WHERE (n.width_ft, n.length_ft) IS DISTINCT FROM (o.width_ft, o.length_ft)
    UNION
    SELECT re.organization_id, (re.moved_out_at AT TIME ZONE 'UTC')::date
      FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN unit u ON u.unit_type_id = n.id JOIN rental re ON re.unit_id = u.id
      WHERE (n.width_ft, n.length_ft) IS DISTINCT FROM (o.width_ft, o.length_ft) AND re.moved_out_at IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_unit_type_size ON unit_type;--> statement-breakpoint
CREATE TRIGGER analytics_unit_type_size AFTER UPDATE ON unit_type REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_unit_type_size();--> statement-breakpoint
-- Fill the new table for the history written before it existed: the next read or the scheduled
-- catch-up rebuilds these days.
INSERT INTO analytics_dirty_day (organization_id, day)
  SELECT organization_id, start_date FROM rental
  UNION SELECT organization_id, (moved_out_at AT TIME ZONE 'UTC')::date FROM rental WHERE moved_out_at IS NOT NULL
  UNION SELECT organization_id, (received_at AT TIME ZONE 'UTC')::date FROM payment
  ON CONFLICT DO NOTHING;
