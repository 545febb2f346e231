CREATE TABLE "pms_balance" (
	"organization_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"status" text,
	"external_id" text,
	"balance_cents" integer,
	"past_due_since" date,
	"fetched_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	CONSTRAINT "pms_balance_organization_id_customer_id_pk" PRIMARY KEY("organization_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "pms_balance" ADD CONSTRAINT "pms_balance_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_balance" ADD CONSTRAINT "pms_balance_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_balance" ADD CONSTRAINT "pms_balance_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;