-- An agent turn updates its conversation row (turn count, state, token counters, updated_at), and
-- until now every such update ran the statement-level analytics trigger of 0011: transition tables of
-- the old and new rows, a PL/pgSQL function, two INSERT ... SELECT ... UNION over them (joined to the
-- lead) and the analytics_dirty_day guard trigger once per candidate row (up to four). Measured with
-- auto_explain it was 0.32 ms of the turn's 0.83 ms store statement (docs/agent.md, issue 23).
--
-- Now a row-level trigger with a WHEN condition: it runs only when a column an analytics rollup reads
-- changed (src/server/analytics/rollups.ts: the conversation figures read organization_id, started_at,
-- channel, direction, facility_id, handler, status, outcome, lead_id, reservation_id, turn_count,
-- duration_seconds, sentiment and summary; a new rollup reading another conversation column must add
-- it here), and then marks the conversation's day with one INSERT ... VALUES. The lead's day (speed to
-- lead reads a lead's conversations by lead_id, direction, channel and started_at) is marked only when
-- one of those changed, where 0011 marked it on every update. A turn still marks its day (turn_count
-- changes), so rollups count every turn; a state-only update (a payment step, a wrap-up field) marks
-- nothing. INSERT and DELETE keep 0011's statement-level triggers (bulk loads, organization deletes).
CREATE OR REPLACE FUNCTION analytics_dirty_conversation_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO analytics_dirty_day (organization_id, day)
    VALUES (NEW.organization_id, (NEW.started_at AT TIME ZONE 'UTC')::date) ON CONFLICT DO NOTHING;
  IF OLD.organization_id <> NEW.organization_id OR OLD.started_at <> NEW.started_at THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      VALUES (OLD.organization_id, (OLD.started_at AT TIME ZONE 'UTC')::date) ON CONFLICT DO NOTHING;
  END IF;
  IF (OLD.lead_id, OLD.direction, OLD.channel, OLD.started_at, OLD.organization_id)
     IS DISTINCT FROM (NEW.lead_id, NEW.direction, NEW.channel, NEW.started_at, NEW.organization_id) THEN
    INSERT INTO analytics_dirty_day (organization_id, day)
      SELECT DISTINCT l.organization_id, (l.created_at AT TIME ZONE 'UTC')::date FROM lead l WHERE l.id IN (OLD.lead_id, NEW.lead_id)
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_conversation_update ON conversation;--> statement-breakpoint
CREATE TRIGGER analytics_conversation_update AFTER UPDATE ON conversation FOR EACH ROW
  WHEN ((OLD.organization_id, OLD.started_at, OLD.channel, OLD.direction, OLD.facility_id, OLD.handler, OLD.status, OLD.outcome,
         OLD.lead_id, OLD.reservation_id, OLD.turn_count, OLD.duration_seconds, OLD.sentiment, OLD.summary)
        IS DISTINCT FROM
        (NEW.organization_id, NEW.started_at, NEW.channel, NEW.direction, NEW.facility_id, NEW.handler, NEW.status, NEW.outcome,
         NEW.lead_id, NEW.reservation_id, NEW.turn_count, NEW.duration_seconds, NEW.sentiment, NEW.summary))
  EXECUTE FUNCTION analytics_dirty_conversation_row();--> statement-breakpoint
-- Room on each page for a turn's new row version: the update then stays on its page (HOT) and touches
-- none of conversation's eleven indexes (two of them GIN trigram) unless a lead, customer or
-- reservation was linked. With the default fill factor (100) a page of new conversations had no room
-- and 17 % of turn updates were not HOT under bench:voice. Applies to pages written from now on.
ALTER TABLE conversation SET (fillfactor = 80);
