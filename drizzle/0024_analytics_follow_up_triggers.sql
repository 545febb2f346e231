-- Follow-up rollup (analytics_follow_up_daily): a sequence marks the UTC day it started, a text the
-- UTC day it was sent (and, as before, its lead's day for speed to lead). Then the history is marked
-- dirty once so the new table is filled.
CREATE OR REPLACE FUNCTION analytics_dirty_follow_up_sequence() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT DISTINCT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM new_rows ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analytics_dirty_follow_up() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT DISTINCT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM new_rows n JOIN lead l ON l.id = n.lead_id
    UNION SELECT DISTINCT organization_id, (sent_at AT TIME ZONE 'UTC')::date FROM new_rows WHERE sent_at IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_sequence_insert ON follow_up_sequence;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_sequence_insert AFTER INSERT ON follow_up_sequence REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_follow_up_sequence();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_sequence_update ON follow_up_sequence;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_sequence_update AFTER UPDATE ON follow_up_sequence REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_follow_up_sequence();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_insert ON follow_up;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_insert AFTER INSERT ON follow_up REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_follow_up();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_follow_up_update ON follow_up;--> statement-breakpoint
CREATE TRIGGER analytics_follow_up_update AFTER UPDATE ON follow_up REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_follow_up();--> statement-breakpoint
INSERT INTO analytics_dirty_day (organization_id, day)
  SELECT DISTINCT organization_id, (created_at AT TIME ZONE 'UTC')::date FROM follow_up_sequence
  UNION SELECT DISTINCT organization_id, (sent_at AT TIME ZONE 'UTC')::date FROM follow_up WHERE sent_at IS NOT NULL
  ON CONFLICT DO NOTHING;
