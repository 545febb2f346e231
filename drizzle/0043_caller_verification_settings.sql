CREATE TABLE "caller_verification_settings" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"gate_code_policy" text DEFAULT 'text_on_file' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "caller_verification_settings" ADD CONSTRAINT "caller_verification_settings_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;