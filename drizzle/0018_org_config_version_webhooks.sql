-- Outbound webhook subscriptions are cached between agent turns too (src/server/webhooks/emit-event.ts):
-- a new, deleted, enabled/disabled or re-subscribed endpoint bumps the organization's config version.
-- Delivery bookkeeping (failing_since, updated_at) does not.
DROP TRIGGER IF EXISTS org_config_version_webhook_endpoint ON webhook_endpoint;--> statement-breakpoint
DROP TRIGGER IF EXISTS org_config_version_webhook_endpoint_update ON webhook_endpoint;--> statement-breakpoint
CREATE TRIGGER org_config_version_webhook_endpoint AFTER INSERT OR DELETE ON webhook_endpoint FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();--> statement-breakpoint
CREATE TRIGGER org_config_version_webhook_endpoint_update AFTER UPDATE ON webhook_endpoint FOR EACH ROW
  WHEN (OLD.enabled IS DISTINCT FROM NEW.enabled OR OLD.disabled_at IS DISTINCT FROM NEW.disabled_at OR OLD.event_types IS DISTINCT FROM NEW.event_types OR OLD.organization_id IS DISTINCT FROM NEW.organization_id)
  EXECUTE FUNCTION bump_org_config_version();
