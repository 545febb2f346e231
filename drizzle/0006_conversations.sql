CREATE TABLE "conversation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"facility_id" uuid,
	"channel" text NOT NULL,
	"direction" text DEFAULT 'inbound' NOT NULL,
	"external_id" text,
	"from_address" text,
	"to_address" text,
	"customer_id" uuid,
	"lead_id" uuid,
	"reservation_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"provider_status" text,
	"handler" text DEFAULT 'agent' NOT NULL,
	"outcome" text,
	"summary" text,
	"sentiment" text,
	"language" text DEFAULT 'en' NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"turn_count" integer DEFAULT 0 NOT NULL,
	"llm_prompt_tokens" integer DEFAULT 0 NOT NULL,
	"llm_completion_tokens" integer DEFAULT 0 NOT NULL,
	"llm_cost_micros" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"intent" text,
	"confidence" real,
	"entities" jsonb,
	"tool_calls" jsonb,
	"brain" text,
	"timings" jsonb,
	"idempotency_key" text,
	"interrupted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_reservation_id_reservation_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_organization_id_channel_external_id_index" ON "conversation" USING btree ("organization_id","channel","external_id") WHERE "conversation"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "conversation_organization_id_started_at_index" ON "conversation" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "conversation_organization_id_status_index" ON "conversation" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "conversation_organization_id_from_address_index" ON "conversation" USING btree ("organization_id","from_address");--> statement-breakpoint
CREATE UNIQUE INDEX "message_conversation_id_seq_index" ON "message" USING btree ("conversation_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "message_organization_id_idempotency_key_index" ON "message" USING btree ("organization_id","idempotency_key") WHERE "message"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "message_organization_id_created_at_index" ON "message" USING btree ("organization_id","created_at");