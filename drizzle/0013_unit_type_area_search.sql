ALTER TABLE "unit_type" ADD COLUMN "area_sq_ft" integer GENERATED ALWAYS AS ("width_ft" * "length_ft") STORED;--> statement-breakpoint
CREATE INDEX "unit_reserved_by_type" ON "unit" USING btree ("unit_type_id") WHERE "unit"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX "unit_type_area_web_rate" ON "unit_type" USING btree ("organization_id","area_sq_ft","web_rate_cents");--> statement-breakpoint
CREATE INDEX "unit_type_area_street_rate" ON "unit_type" USING btree ("organization_id","area_sq_ft","street_rate_cents");