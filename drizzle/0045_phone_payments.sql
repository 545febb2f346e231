CREATE TABLE "phone_payment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"call_sid" text NOT NULL,
	"customer_id" uuid,
	"rental_id" uuid,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'usd' NOT NULL,
	"connector" text NOT NULL,
	"stripe_account_id" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"result" text,
	"error_message" text,
	"card_brand" text,
	"stripe_payment_intent_id" text,
	"stripe_charge_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "phone_payment_amount_positive" CHECK ("phone_payment"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_preferences" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"phone_pay_enabled" boolean DEFAULT false NOT NULL,
	"pay_connector" text DEFAULT 'Stripe_Connector' NOT NULL,
	"collections_enabled" boolean DEFAULT true NOT NULL,
	"collection_days" integer[] DEFAULT '{1,5,10}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_rental_id_rental_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rental"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_preferences" ADD CONSTRAINT "payment_preferences_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "phone_payment_organization_id_started_at_index" ON "phone_payment" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "phone_payment_conversation_id_index" ON "phone_payment" USING btree ("conversation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "phone_payment_one_pending_per_call" ON "phone_payment" USING btree ("conversation_id") WHERE "phone_payment"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "phone_payment_intent_unique" ON "phone_payment" USING btree ("organization_id","stripe_payment_intent_id") WHERE "phone_payment"."stripe_payment_intent_id" is not null;