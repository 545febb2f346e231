CREATE TABLE "phone_number" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"e164" text NOT NULL,
	"twilio_sid" text,
	"twilio_account_sid" text,
	"facility_id" uuid,
	"friendly_name" text DEFAULT '' NOT NULL,
	"voice_mode" text,
	"status" text DEFAULT 'active' NOT NULL,
	"source" text NOT NULL,
	"capabilities" jsonb DEFAULT '{"voice":true,"sms":true,"mms":false}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sms_message" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"direction" text NOT NULL,
	"from" text,
	"to" text NOT NULL,
	"body" text NOT NULL,
	"twilio_sid" text,
	"status" text NOT NULL,
	"status_history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"idempotency_key" text,
	"phone_number_id" uuid,
	"facility_id" uuid,
	"conversation_id" uuid,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_message_twilioSid_unique" UNIQUE("twilio_sid"),
	CONSTRAINT "sms_message_org_idempotency_key" UNIQUE("organization_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "sms_opt_out" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"phone" text NOT NULL,
	"keyword" text NOT NULL,
	"opted_out_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sms_opt_out_org_phone" UNIQUE("organization_id","phone")
);
--> statement-breakpoint
CREATE TABLE "telephony_settings" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"voice_mode" text DEFAULT 'gather' NOT NULL,
	"support_contact" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "twilio_subaccount" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"account_sid" text NOT NULL,
	"friendly_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "twilio_subaccount_organizationId_unique" UNIQUE("organization_id"),
	CONSTRAINT "twilio_subaccount_accountSid_unique" UNIQUE("account_sid")
);
--> statement-breakpoint
ALTER TABLE "phone_number" ADD CONSTRAINT "phone_number_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_message" ADD CONSTRAINT "sms_message_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_opt_out" ADD CONSTRAINT "sms_opt_out_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "telephony_settings" ADD CONSTRAINT "telephony_settings_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "twilio_subaccount" ADD CONSTRAINT "twilio_subaccount_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "phone_number_active_e164" ON "phone_number" USING btree ("e164") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "phone_number_organization_id_index" ON "phone_number" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "phone_number_twilio_sid_index" ON "phone_number" USING btree ("twilio_sid");--> statement-breakpoint
CREATE INDEX "sms_message_organization_id_created_at_index" ON "sms_message" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "sms_message_organization_id_status_index" ON "sms_message" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "sms_message_conversation_id_index" ON "sms_message" USING btree ("conversation_id");