CREATE TABLE "chat_widget" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" text NOT NULL,
	"facility_id" uuid NOT NULL,
	"public_key" text NOT NULL,
	"allowed_origins" text[] DEFAULT '{}' NOT NULL,
	"greeting" text,
	"color" text DEFAULT '#2563eb' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"key_rotated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chat_widget" ADD CONSTRAINT "chat_widget_organization_id_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_widget" ADD CONSTRAINT "chat_widget_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "chat_widget_public_key_index" ON "chat_widget" USING btree ("public_key");--> statement-breakpoint
CREATE UNIQUE INDEX "chat_widget_facility_id_index" ON "chat_widget" USING btree ("facility_id");--> statement-breakpoint
CREATE INDEX "chat_widget_organization_id_index" ON "chat_widget" USING btree ("organization_id");