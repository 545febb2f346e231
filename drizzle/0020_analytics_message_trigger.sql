-- A caller turn the agent could not handle changes its conversation's day in analytics_unhandled_daily
-- (see 0011_analytics_dirty_triggers.sql for the other tables).
CREATE OR REPLACE FUNCTION analytics_dirty_message() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT DISTINCT c.organization_id, (c.started_at AT TIME ZONE 'UTC')::date
    FROM new_rows m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.role = 'caller' AND m.intent IN ('out_of_scope', 'unclear')
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_message_insert ON message;--> statement-breakpoint
CREATE TRIGGER analytics_message_insert AFTER INSERT ON message REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_message();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_message_update ON message;--> statement-breakpoint
CREATE TRIGGER analytics_message_update AFTER UPDATE ON message REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analytics_dirty_message();
