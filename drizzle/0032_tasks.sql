CREATE TABLE "task" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"facility_id" uuid,
	"kind" text NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"customer_id" uuid,
	"lead_id" uuid,
	"conversation_id" uuid,
	"assignee_member_id" text,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"done_by_user_id" text,
	"created_by" text NOT NULL,
	"source_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_customer_id_customer_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customer"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_lead_id_lead_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."lead"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_conversation_id_conversation_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversation"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_assignee_member_id_member_id_fk" FOREIGN KEY ("assignee_member_id") REFERENCES "public"."member"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_done_by_user_id_user_id_fk" FOREIGN KEY ("done_by_user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "task_organization_id_source_key_index" ON "task" USING btree ("organization_id","source_key") WHERE "task"."source_key" is not null;--> statement-breakpoint
CREATE INDEX "task_organization_id_due_at_index" ON "task" USING btree ("organization_id","due_at") WHERE "task"."done_at" is null;--> statement-breakpoint
CREATE INDEX "task_organization_id_assignee_member_id_done_at_index" ON "task" USING btree ("organization_id","assignee_member_id","done_at");--> statement-breakpoint
CREATE INDEX "task_organization_id_created_at_index" ON "task" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "task_organization_id_customer_id_index" ON "task" USING btree ("organization_id","customer_id");--> statement-breakpoint
CREATE INDEX "task_conversation_id_index" ON "task" USING btree ("conversation_id");