-- Whether an organization has a live PMS connection, and which facilities it manages, are read by
-- the PMS subscriber on every lead and reservation event from a cache keyed by the organization
-- config version (src/server/pms/presence.ts): connecting, disconnecting or pausing a connection
-- (its status, not the sync bookkeeping updated every minute) and linking a facility bump it, so
-- organizations without a PMS pay no query for it in an agent turn.
DROP TRIGGER IF EXISTS org_config_version_pms_connection ON pms_connection;--> statement-breakpoint
CREATE TRIGGER org_config_version_pms_connection AFTER INSERT OR DELETE ON pms_connection FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_pms_connection_status ON pms_connection;--> statement-breakpoint
CREATE TRIGGER org_config_version_pms_connection_status AFTER UPDATE ON pms_connection FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.settings IS DISTINCT FROM NEW.settings)
  EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_pms_facility_map ON pms_facility_map;--> statement-breakpoint
CREATE TRIGGER org_config_version_pms_facility_map AFTER INSERT OR UPDATE OR DELETE ON pms_facility_map FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
