CREATE TABLE "retention_settings" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"transcript_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "retention_transcript_days" CHECK ("retention_settings"."transcript_days" is null or "retention_settings"."transcript_days" between 1 and 36500)
);
--> statement-breakpoint
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;