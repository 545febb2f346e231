-- The organization's agent setting (brain, model, endpoint, key) is read by every agent turn from a
-- cache keyed by the organization config version: any change to it bumps the version, so every
-- process sees a save on its next turn.
DROP TRIGGER IF EXISTS org_config_version_agent_settings ON agent_settings;--> statement-breakpoint
CREATE TRIGGER org_config_version_agent_settings AFTER INSERT OR UPDATE OR DELETE ON agent_settings FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
