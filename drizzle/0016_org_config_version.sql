CREATE TABLE "org_config_version" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "org_config_version" ADD CONSTRAINT "org_config_version_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Bumps the organization's config version when a row the agent caches between turns changes
-- (src/server/db/schema/config-version.ts). SECURITY DEFINER, as the analytics triggers: tenant
-- transactions bump it without a policy getting in the way. Skipped while the organization itself
-- is being deleted (its rows go by cascade and there is nothing left to cache).
CREATE OR REPLACE FUNCTION bump_org_config_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE org text;
BEGIN
  org := CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
  IF EXISTS (SELECT 1 FROM organization WHERE id = org) THEN
    INSERT INTO org_config_version AS v (organization_id, version) VALUES (org, 1)
      ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.organization_id IS DISTINCT FROM NEW.organization_id AND EXISTS (SELECT 1 FROM organization WHERE id = OLD.organization_id) THEN
    INSERT INTO org_config_version AS v (organization_id, version) VALUES (OLD.organization_id, 1)
      ON CONFLICT (organization_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_facility ON facility;--> statement-breakpoint
CREATE TRIGGER org_config_version_facility AFTER INSERT OR UPDATE OR DELETE ON facility FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_facility_closure ON facility_closure;--> statement-breakpoint
CREATE TRIGGER org_config_version_facility_closure AFTER INSERT OR UPDATE OR DELETE ON facility_closure FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_promotion ON promotion;--> statement-breakpoint
CREATE TRIGGER org_config_version_promotion AFTER INSERT OR UPDATE OR DELETE ON promotion FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_protection_plan ON protection_plan;--> statement-breakpoint
CREATE TRIGGER org_config_version_protection_plan AFTER INSERT OR UPDATE OR DELETE ON protection_plan FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_knowledge_base_entry ON knowledge_base_entry;--> statement-breakpoint
CREATE TRIGGER org_config_version_knowledge_base_entry AFTER INSERT OR UPDATE OR DELETE ON knowledge_base_entry FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
-- Unit types: every change except the availability counter that bookings keep up to date (the
-- agent never reads that column from the cache).
DROP TRIGGER IF EXISTS org_config_version_unit_type ON unit_type;--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_unit_type_update ON unit_type;--> statement-breakpoint
CREATE TRIGGER org_config_version_unit_type AFTER INSERT OR DELETE ON unit_type FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
CREATE TRIGGER org_config_version_unit_type_update AFTER UPDATE ON unit_type FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'available_units' - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'available_units' - 'updated_at'))
  EXECUTE FUNCTION bump_org_config_version();
