-- Quote inputs are cached between agent turns too (src/server/domain/quotes/quote-unit-type.ts):
-- fees join the tables whose changes bump the organization's config version.
DROP TRIGGER IF EXISTS org_config_version_fee ON fee;--> statement-breakpoint
CREATE TRIGGER org_config_version_fee AFTER INSERT OR UPDATE OR DELETE ON fee FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
