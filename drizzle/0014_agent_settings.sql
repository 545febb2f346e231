CREATE TABLE "agent_settings" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"brain" text DEFAULT 'default' NOT NULL,
	"model" text,
	"base_url" text,
	"api_key_encrypted" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_settings" ADD CONSTRAINT "agent_settings_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;