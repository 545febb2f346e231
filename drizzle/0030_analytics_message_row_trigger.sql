-- Only a caller turn the agent could not handle feeds analytics (analytics_unhandled_daily), so the
-- message triggers of 0020 become row-level with a WHEN condition: every other message (two per
-- agent turn) is stored without calling a trigger function at all, where the statement-level trigger
-- ran, for every turn, a PL/pgSQL function over a transition table. A bulk insert calls the function
-- once per unhandled message, and the insert into analytics_dirty_day is ON CONFLICT DO NOTHING.
CREATE OR REPLACE FUNCTION analytics_dirty_message_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT c.organization_id, (c.started_at AT TIME ZONE 'UTC')::date FROM conversation c WHERE c.id = NEW.conversation_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_message_insert ON message;--> statement-breakpoint
CREATE TRIGGER analytics_message_insert AFTER INSERT ON message FOR EACH ROW
  WHEN (NEW.role = 'caller' AND NEW.intent IN ('out_of_scope', 'unclear'))
  EXECUTE FUNCTION analytics_dirty_message_row();--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_message_update ON message;--> statement-breakpoint
CREATE TRIGGER analytics_message_update AFTER UPDATE ON message FOR EACH ROW
  WHEN ((OLD.role = 'caller' AND OLD.intent IN ('out_of_scope', 'unclear')) OR (NEW.role = 'caller' AND NEW.intent IN ('out_of_scope', 'unclear')))
  EXECUTE FUNCTION analytics_dirty_message_row();--> statement-breakpoint
DROP FUNCTION IF EXISTS analytics_dirty_message();
