-- analytics_unhandled_daily is new: mark the days that have such turns dirty, so the next read (or
-- the scheduled catch-up) fills it for history written before it existed.
INSERT INTO analytics_dirty_day (organization_id, day)
  SELECT DISTINCT c.organization_id, (c.started_at AT TIME ZONE 'UTC')::date
  FROM message m JOIN conversation c ON c.id = m.conversation_id
  WHERE m.role = 'caller' AND m.intent IN ('out_of_scope', 'unclear')
  ON CONFLICT DO NOTHING;
