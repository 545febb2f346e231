-- Deleting an organization removes its conversations, leads and rentals by cascade; the analytics
-- triggers on those tables then try to mark days dirty for an organization that no longer exists,
-- and the foreign key refused the whole delete. Rows for a missing organization are skipped here,
-- once, whichever trigger sends them (the same guard as bump_org_config_version).
CREATE OR REPLACE FUNCTION analytics_dirty_day_skip_deleted_org() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM organization WHERE id = NEW.organization_id) THEN
    RETURN NULL;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS analytics_dirty_day_skip_deleted_org ON analytics_dirty_day;--> statement-breakpoint
CREATE TRIGGER analytics_dirty_day_skip_deleted_org BEFORE INSERT ON analytics_dirty_day FOR EACH ROW EXECUTE FUNCTION analytics_dirty_day_skip_deleted_org();
