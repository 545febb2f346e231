CREATE TABLE "analytics_conversation_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"handler" text NOT NULL,
	"conversations" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"after_hours" integer DEFAULT 0 NOT NULL,
	"outcome_reservation" integer DEFAULT 0 NOT NULL,
	"outcome_lead" integer DEFAULT 0 NOT NULL,
	"outcome_question_answered" integer DEFAULT 0 NOT NULL,
	"outcome_transfer" integer DEFAULT 0 NOT NULL,
	"outcome_message" integer DEFAULT 0 NOT NULL,
	"outcome_abandoned" integer DEFAULT 0 NOT NULL,
	"with_lead" integer DEFAULT 0 NOT NULL,
	"with_reservation" integer DEFAULT 0 NOT NULL,
	"moved_in" integer DEFAULT 0 NOT NULL,
	"turns" integer DEFAULT 0 NOT NULL,
	"duration_seconds" integer DEFAULT 0 NOT NULL,
	"with_duration" integer DEFAULT 0 NOT NULL,
	"sentiment_positive" integer DEFAULT 0 NOT NULL,
	"sentiment_neutral" integer DEFAULT 0 NOT NULL,
	"sentiment_negative" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_conversation_daily_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","channel","handler")
);
--> statement-breakpoint
CREATE TABLE "analytics_conversation_hourly" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"hour" integer NOT NULL,
	"conversations" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_conversation_hourly_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","channel","hour")
);
--> statement-breakpoint
CREATE TABLE "analytics_dirty_day" (
	"organization_id" text NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "analytics_dirty_day_organization_id_day_pk" PRIMARY KEY("organization_id","day")
);
--> statement-breakpoint
CREATE TABLE "analytics_lead_daily" (
	"organization_id" text NOT NULL,
	"local_date" date NOT NULL,
	"facility_id" uuid,
	"source" text NOT NULL,
	"leads" integer DEFAULT 0 NOT NULL,
	"answered_live" integer DEFAULT 0 NOT NULL,
	"contacted_later" integer DEFAULT 0 NOT NULL,
	"response_seconds" integer DEFAULT 0 NOT NULL,
	"within5m" integer DEFAULT 0 NOT NULL,
	"within1h" integer DEFAULT 0 NOT NULL,
	"within24h" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"moved_in" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_lead_daily_key" UNIQUE NULLS NOT DISTINCT("organization_id","local_date","facility_id","source")
);
--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD CONSTRAINT "analytics_conversation_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_conversation_hourly" ADD CONSTRAINT "analytics_conversation_hourly_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_dirty_day" ADD CONSTRAINT "analytics_dirty_day_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_lead_daily" ADD CONSTRAINT "analytics_lead_daily_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_lead_daily_organization_id_facility_id_local_date_index" ON "analytics_lead_daily" USING btree ("organization_id","facility_id","local_date");--> statement-breakpoint
CREATE INDEX "lead_organization_id_created_at_index" ON "lead" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_organization_id_received_at_index" ON "payment" USING btree ("organization_id","received_at");--> statement-breakpoint
CREATE INDEX "rental_reservation_id_index" ON "rental" USING btree ("reservation_id") WHERE "rental"."reservation_id" is not null;--> statement-breakpoint
CREATE INDEX "reservation_lead_id_index" ON "reservation" USING btree ("lead_id") WHERE "reservation"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "reservation_organization_id_created_at_index" ON "reservation" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_lead_id_index" ON "conversation" USING btree ("lead_id") WHERE "conversation"."lead_id" is not null;--> statement-breakpoint
CREATE INDEX "conversation_reservation_id_index" ON "conversation" USING btree ("reservation_id") WHERE "conversation"."reservation_id" is not null;--> statement-breakpoint
CREATE INDEX "message_unhandled_by_org" ON "message" USING btree ("organization_id","created_at") WHERE "message"."role" = 'caller' and "message"."intent" in ('out_of_scope', 'unclear');