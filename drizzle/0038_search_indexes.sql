-- The header's search (src/server/domain/search/find-anyone.ts) matches `%…%` through trigram indexes.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "customer_name_trgm" ON "customer" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_phone_trgm" ON "customer" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_email_trgm" ON "customer" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "unit_number_lower" ON "unit" USING btree ("organization_id",lower("number"));--> statement-breakpoint
CREATE INDEX "conversation_from_trgm" ON "conversation" USING gin ("from_address" gin_trgm_ops);