CREATE TABLE "analytics_unhandled_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"intent" text NOT NULL,
	"text" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_unhandled_daily_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","channel","intent","text")
);
--> statement-breakpoint
ALTER TABLE "analytics_unhandled_daily" ADD CONSTRAINT "analytics_unhandled_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follow_up_organization_id_sent_at_index" ON "follow_up" USING btree ("organization_id","sent_at") WHERE "follow_up"."sent_at" is not null;--> statement-breakpoint
CREATE INDEX "follow_up_sequence_organization_id_created_at_index" ON "follow_up_sequence" USING btree ("organization_id","created_at");