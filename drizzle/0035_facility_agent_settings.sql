CREATE TABLE "facility_agent_settings" (
	"facility_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" text NOT NULL,
	"extra_transfer_phones" text[] DEFAULT '{}'::text[] NOT NULL,
	"greeting" text,
	"transfer_mode" text DEFAULT 'transfer' NOT NULL,
	"after_hours" text DEFAULT 'message' NOT NULL,
	"promotion_mention" text DEFAULT 'every_quote' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "facility_agent_settings" ADD CONSTRAINT "facility_agent_settings_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_agent_settings" ADD CONSTRAINT "facility_agent_settings_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every agent turn reads a facility's agent settings from the cache keyed by the organization config
-- version (src/server/agent/store/facility-facts.ts): a save bumps it, so the next turn sees it.
DROP TRIGGER IF EXISTS org_config_version_facility_agent_settings ON facility_agent_settings;--> statement-breakpoint
CREATE TRIGGER org_config_version_facility_agent_settings AFTER INSERT OR UPDATE OR DELETE ON facility_agent_settings FOR EACH ROW EXECUTE FUNCTION bump_org_config_version();
