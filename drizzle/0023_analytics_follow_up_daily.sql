CREATE TABLE "analytics_follow_up_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"stop_reason" text DEFAULT '' NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_follow_up_daily_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","kind","status","stop_reason")
);
--> statement-breakpoint
ALTER TABLE "analytics_follow_up_daily" ADD CONSTRAINT "analytics_follow_up_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;