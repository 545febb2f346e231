-- Analytics rollups (docs/analytics.md): every change to a row that feeds a daily figure marks the
-- UTC day of its conversation or lead dirty; src/server/analytics/rollups.ts recomputes dirty days.
-- Statement-level triggers with transition tables, so a bulk insert of a million rows marks each
-- day once instead of running a million small inserts. SECURITY DEFINER: tenant transactions can
-- mark days without a policy on the bookkeeping table getting in the way (organization ids come
-- from the changed rows themselves).
CREATE OR REPLACE FUNCTION analytics_dirty_conversation() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT organization_id, (started_at AT TIME ZONE 'UTC')::date FROM new_rows
      UNION SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN lead l ON l.id = n.lead_id
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT organization_id, (started_at AT TIME ZONE 'UTC')::date FROM old_rows
      UNION SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM old_rows o JOIN lead l ON l.id = o.lead_id
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_dirty_lead() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM old_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- follow_up and reservation rows point at a lead: its day changes (response time, reserved).
CREATE OR REPLACE FUNCTION analytics_dirty_by_lead_id() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN lead l ON l.id = n.lead_id ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM old_rows o JOIN lead l ON l.id = o.lead_id ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A move-in changes the day of the conversations that made its reservation and of the lead behind it.
CREATE OR REPLACE FUNCTION analytics_dirty_rental() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT c.organization_id, (c.started_at AT TIME ZONE 'UTC')::date
      FROM (SELECT reservation_id FROM new_rows) x JOIN conversation c ON c.reservation_id = x.reservation_id
    UNION
    SELECT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date
      FROM (SELECT reservation_id FROM new_rows) x JOIN reservation r ON r.id = x.reservation_id JOIN lead l ON l.id = r.lead_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_conversation_insert ON conversation;--> statement-breakpoint
CREATE TRIGGER analytics_conversation_insert AFTER INSERT ON conversation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_conversation();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_conversation_update ON conversation;--> statement-breakpoint
CREATE TRIGGER analytics_conversation_update AFTER UPDATE ON conversation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_conversation();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_conversation_delete ON conversation;--> statement-breakpoint
CREATE TRIGGER analytics_conversation_delete AFTER DELETE ON conversation REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_conversation();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_lead_insert ON lead;--> statement-breakpoint
CREATE TRIGGER analytics_lead_insert AFTER INSERT ON lead REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_lead();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_lead_update ON lead;--> statement-breakpoint
CREATE TRIGGER analytics_lead_update AFTER UPDATE ON lead REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_lead();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_lead_delete ON lead;--> statement-breakpoint
CREATE TRIGGER analytics_lead_delete AFTER DELETE ON lead REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_lead();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_insert ON follow_up;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_insert AFTER INSERT ON follow_up REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_by_lead_id();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_update ON follow_up;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_update AFTER UPDATE ON follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_by_lead_id();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_reservation_insert ON reservation;--> statement-breakpoint
CREATE TRIGGER analytics_reservation_insert AFTER INSERT ON reservation REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_by_lead_id();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_reservation_update ON reservation;--> statement-breakpoint
CREATE TRIGGER analytics_reservation_update AFTER UPDATE ON reservation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_by_lead_id();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_rental_insert ON rental;--> statement-breakpoint
CREATE TRIGGER analytics_rental_insert AFTER INSERT ON rental REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_rental();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_rental_update ON rental;--> statement-breakpoint
CREATE TRIGGER analytics_rental_update AFTER UPDATE ON rental REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_rental();
