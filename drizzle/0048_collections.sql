CREATE TABLE "collection_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"facility_id" uuid,
	"due_date" date NOT NULL,
	"past_due_cents" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"days" integer[] NOT NULL,
	"steps_done" integer DEFAULT 0 NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_step_at" timestamp with time zone,
	"next_step_at" timestamp with time zone,
	"payment_link_id" uuid,
	"task_id" uuid,
	"held_by" text,
	"held_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "collection_case" ADD CONSTRAINT "collection_case_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_case" ADD CONSTRAINT "collection_case_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_case" ADD CONSTRAINT "collection_case_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "collection_case_customer_due" ON "collection_case" USING btree ("organization_id","customer_id","due_date");--> statement-breakpoint
CREATE INDEX "collection_case_open" ON "collection_case" USING btree ("organization_id","next_step_at") WHERE "collection_case"."status" in ('active', 'held');--> statement-breakpoint
CREATE INDEX "collection_case_organization_id_created_at_index" ON "collection_case" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "rental_owing" ON "rental" USING btree ("organization_id","customer_id") WHERE "rental"."balance_cents" > 0;