CREATE TABLE "ledger_entry" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"facility_id" uuid,
	"rental_id" uuid,
	"reservation_id" uuid,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"payment_id" uuid,
	"source" text DEFAULT 'app' NOT NULL,
	"external_id" text,
	"effective_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entry_amount_positive" CHECK ("ledger_entry"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_link" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"facility_id" uuid,
	"reservation_id" uuid,
	"rental_id" uuid,
	"purpose" text NOT NULL,
	"token" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text DEFAULT 'usd' NOT NULL,
	"line_items" jsonb NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"stripe_account_id" text NOT NULL,
	"stripe_checkout_session_id" text,
	"checkout_url" text,
	"checkout_expires_at" timestamp with time zone,
	"checkout_attempts" integer DEFAULT 0 NOT NULL,
	"payment_id" uuid,
	"sent_to" text,
	"channel" text DEFAULT 'dashboard' NOT NULL,
	"created_by" text NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_link_token_unique" UNIQUE("token"),
	CONSTRAINT "payment_link_amount_positive" CHECK ("payment_link"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "stripe_connect_account" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"stripe_account_id" text NOT NULL,
	"details_submitted" boolean DEFAULT false NOT NULL,
	"charges_enabled" boolean DEFAULT false NOT NULL,
	"payouts_enabled" boolean DEFAULT false NOT NULL,
	"requirements_due" text[] DEFAULT '{}'::text[] NOT NULL,
	"disabled_reason" text,
	"display_name" text,
	"connected_by" text NOT NULL,
	"disconnected_at" timestamp with time zone,
	"synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stripe_connect_account_stripeAccountId_unique" UNIQUE("stripe_account_id")
);
--> statement-breakpoint
ALTER TABLE "payment" ALTER COLUMN "rental_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
-- Payments recorded before this migration were all against a rental: its customer paid them.
UPDATE "payment" p SET "customer_id" = r."customer_id" FROM "rental" r WHERE r."id" = p."rental_id";--> statement-breakpoint
ALTER TABLE "payment" ALTER COLUMN "customer_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "reservation_id" uuid;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "currency" text DEFAULT 'usd' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "status" text DEFAULT 'succeeded' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "refunded_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "platform_fee_cents" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "source" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "stripe_account_id" text;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "stripe_payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "stripe_charge_id" text;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "stripe_checkout_session_id" text;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "payment_link_id" uuid;--> statement-breakpoint
ALTER TABLE "payment" ADD COLUMN "failure_message" text;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_rental_id_rental_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rental"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reservation_id_reservation_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_reservation_id_reservation_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_rental_id_rental_id_fk" FOREIGN KEY ("rental_id") REFERENCES "public"."rental"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_payment_id_payment_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payment"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stripe_connect_account" ADD CONSTRAINT "stripe_connect_account_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_entry_organization_id_customer_id_effective_at_index" ON "ledger_entry" USING btree ("organization_id","customer_id","effective_at");--> statement-breakpoint
CREATE INDEX "ledger_entry_rental_id_index" ON "ledger_entry" USING btree ("rental_id") WHERE "ledger_entry"."rental_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entry_reservation_id_index" ON "ledger_entry" USING btree ("reservation_id") WHERE "ledger_entry"."reservation_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_entry_payment_id_index" ON "ledger_entry" USING btree ("payment_id") WHERE "ledger_entry"."payment_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entry_external" ON "ledger_entry" USING btree ("organization_id","source","external_id") WHERE "ledger_entry"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "payment_link_organization_id_customer_id_created_at_index" ON "payment_link" USING btree ("organization_id","customer_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_link_reservation_id_index" ON "payment_link" USING btree ("reservation_id") WHERE "payment_link"."reservation_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_link_checkout_session" ON "payment_link" USING btree ("stripe_checkout_session_id") WHERE "payment_link"."stripe_checkout_session_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "stripe_connect_account_current" ON "stripe_connect_account" USING btree ("organization_id") WHERE "stripe_connect_account"."disconnected_at" is null;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_reservation_id_reservation_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."reservation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_organization_id_customer_id_index" ON "payment" USING btree ("organization_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_stripe_payment_intent" ON "payment" USING btree ("stripe_payment_intent_id") WHERE "payment"."stripe_payment_intent_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_external" ON "payment" USING btree ("organization_id","source","external_id") WHERE "payment"."external_id" is not null;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_amount_positive" CHECK ("payment"."amount_cents" > 0);--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_refunded_range" CHECK ("payment"."refunded_cents" >= 0 and "payment"."refunded_cents" <= "payment"."amount_cents");--> statement-breakpoint
-- rental.balance_cents becomes a cache of the rental's ledger, kept by this trigger (entries are
-- append-only; a reservation's entries move to its rental at move-in by setting rental_id).
CREATE FUNCTION "ledger_entry_rental_balance"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  signed integer;
BEGIN
  signed := CASE WHEN NEW."kind" IN ('charge', 'refund') THEN NEW."amount_cents" ELSE -NEW."amount_cents" END;
  IF TG_OP = 'UPDATE' AND OLD."rental_id" IS NOT NULL THEN
    UPDATE "rental" SET "balance_cents" = "balance_cents" - signed WHERE "id" = OLD."rental_id";
  END IF;
  IF NEW."rental_id" IS NOT NULL THEN
    UPDATE "rental" SET "balance_cents" = "balance_cents" + signed WHERE "id" = NEW."rental_id";
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "ledger_entry_rental_balance_insert" AFTER INSERT ON "ledger_entry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_rental_balance"();--> statement-breakpoint
CREATE TRIGGER "ledger_entry_rental_balance_move" AFTER UPDATE OF "rental_id" ON "ledger_entry"
  FOR EACH ROW WHEN (OLD."rental_id" IS DISTINCT FROM NEW."rental_id") EXECUTE FUNCTION "ledger_entry_rental_balance"();--> statement-breakpoint
-- Rentals that already carry a balance get an opening entry so the ledger and the cache agree
-- (inserted with the trigger off: the balance is already there).
ALTER TABLE "ledger_entry" DISABLE TRIGGER "ledger_entry_rental_balance_insert";--> statement-breakpoint
INSERT INTO "ledger_entry" ("organization_id", "customer_id", "facility_id", "rental_id", "reservation_id", "kind", "category", "amount_cents", "description", "source", "external_id", "created_by")
  SELECT "organization_id", "customer_id", "facility_id", "id", "reservation_id",
         CASE WHEN "balance_cents" > 0 THEN 'charge' ELSE 'credit' END, 'opening_balance', abs("balance_cents"),
         'Balance before the ledger', 'import', 'opening:' || "id", 'migration'
  FROM "rental" WHERE "balance_cents" <> 0;--> statement-breakpoint
ALTER TABLE "ledger_entry" ENABLE TRIGGER "ledger_entry_rental_balance_insert";
