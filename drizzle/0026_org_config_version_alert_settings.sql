-- Alert settings are read by agent turns that book (is the reservation_created alert on?) from a
-- cache keyed by the organization config version: any change to them bumps it.
DROP TRIGGER IF EXISTS org_config_version_alert_settings ON alert_settings;--> statement-breakpoint
CREATE TRIGGER org_config_version_alert_settings AFTER INSERT OR UPDATE OR DELETE ON alert_settings FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
