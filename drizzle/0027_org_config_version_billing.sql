-- The agent checks that the organization may book (its subscription) before every reservation, from
-- a cache keyed by the organization config version: a subscription change (Stripe sync) bumps it.
DROP TRIGGER IF EXISTS org_config_version_billing_subscription ON billing_subscription;--> statement-breakpoint
CREATE TRIGGER org_config_version_billing_subscription AFTER INSERT OR UPDATE OR DELETE ON billing_subscription FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
