CREATE TABLE "pms_connection" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"provider" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"credentials_encrypted" text NOT NULL,
	"webhook_secret_encrypted" text,
	"webhook_token" text NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sync_lease_until" timestamp with time zone,
	"sync_lease_holder" text,
	"last_sync_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_full_sync_at" timestamp with time zone,
	"failing_since" timestamp with time zone,
	"last_error" text,
	"alerted_at" timestamp with time zone,
	"created_by_user_id" text,
	"disconnected_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pms_facility_map" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"facility_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pms_link" (
	"organization_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"local_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"content_hash" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pms_sync_run" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"pulled" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "pms_webhook_event" (
	"organization_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pms_write_back" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"local_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"external_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pms_connection" ADD CONSTRAINT "pms_connection_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_connection" ADD CONSTRAINT "pms_connection_created_by_user_id_user_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_facility_map" ADD CONSTRAINT "pms_facility_map_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_facility_map" ADD CONSTRAINT "pms_facility_map_connection_id_pms_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."pms_connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_facility_map" ADD CONSTRAINT "pms_facility_map_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_link" ADD CONSTRAINT "pms_link_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_link" ADD CONSTRAINT "pms_link_connection_id_pms_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."pms_connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_sync_run" ADD CONSTRAINT "pms_sync_run_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_sync_run" ADD CONSTRAINT "pms_sync_run_connection_id_pms_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."pms_connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_webhook_event" ADD CONSTRAINT "pms_webhook_event_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_webhook_event" ADD CONSTRAINT "pms_webhook_event_connection_id_pms_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."pms_connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_write_back" ADD CONSTRAINT "pms_write_back_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_write_back" ADD CONSTRAINT "pms_write_back_connection_id_pms_connection_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."pms_connection"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pms_connection_one_active" ON "pms_connection" USING btree ("organization_id","provider") WHERE "pms_connection"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "pms_connection_webhook_token_index" ON "pms_connection" USING btree ("webhook_token");--> statement-breakpoint
CREATE INDEX "pms_connection_status_last_sync_at_index" ON "pms_connection" USING btree ("status","last_sync_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_facility_map_connection_id_external_id_index" ON "pms_facility_map" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_facility_map_facility_id_index" ON "pms_facility_map" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "pms_facility_map_organization_id_index" ON "pms_facility_map" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_link_connection_id_kind_external_id_index" ON "pms_link" USING btree ("connection_id","kind","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_link_connection_id_kind_local_id_index" ON "pms_link" USING btree ("connection_id","kind","local_id");--> statement-breakpoint
CREATE INDEX "pms_link_organization_id_kind_local_id_index" ON "pms_link" USING btree ("organization_id","kind","local_id");--> statement-breakpoint
CREATE INDEX "pms_sync_run_organization_id_connection_id_started_at_index" ON "pms_sync_run" USING btree ("organization_id","connection_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_webhook_event_connection_id_event_id_index" ON "pms_webhook_event" USING btree ("connection_id","event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pms_write_back_connection_id_kind_local_id_index" ON "pms_write_back" USING btree ("connection_id","kind","local_id");--> statement-breakpoint
CREATE INDEX "pms_write_back_organization_id_created_at_index" ON "pms_write_back" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "pms_write_back_status_updated_at_index" ON "pms_write_back" USING btree ("status","updated_at");