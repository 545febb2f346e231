-- Tenant references enforced by the database (issue 20, item 9): parents get UNIQUE (organization_id, id)
-- and every reference between tenant tables becomes (organization_id, <parent>_id) onto it.
-- Adding a key checks the existing rows: a row that already points at another organization's row makes
-- this migration fail (and roll back) naming the constraint and the key, rather than losing the row.
-- Find such rows with the query in docs/security.md, fix them, and migrate again.
-- ON DELETE SET NULL ("<parent>_id") nulls only the reference (organization_id is NOT NULL): PostgreSQL 15+,
-- written by hand because drizzle-kit emits the plain form (src/server/db/schema/tenant-keys.ts).
ALTER TABLE "facility_closure" DROP CONSTRAINT "facility_closure_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "fee" DROP CONSTRAINT "fee_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "knowledge_base_entry" DROP CONSTRAINT "knowledge_base_entry_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "lead" DROP CONSTRAINT "lead_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "lead" DROP CONSTRAINT "lead_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "lead" DROP CONSTRAINT "lead_desired_unit_type_id_unit_type_id_fk";--> statement-breakpoint
ALTER TABLE "lead" DROP CONSTRAINT "lead_owner_member_id_member_id_fk";--> statement-breakpoint
ALTER TABLE "promotion" DROP CONSTRAINT "promotion_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "protection_plan" DROP CONSTRAINT "protection_plan_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "rental" DROP CONSTRAINT "rental_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "rental" DROP CONSTRAINT "rental_unit_id_unit_id_fk";--> statement-breakpoint
ALTER TABLE "rental" DROP CONSTRAINT "rental_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "rental" DROP CONSTRAINT "rental_reservation_id_reservation_id_fk";--> statement-breakpoint
ALTER TABLE "rental" DROP CONSTRAINT "rental_protection_plan_id_protection_plan_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_unit_type_id_unit_type_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_unit_id_unit_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_lead_id_lead_id_fk";--> statement-breakpoint
ALTER TABLE "reservation" DROP CONSTRAINT "reservation_promotion_id_promotion_id_fk";--> statement-breakpoint
ALTER TABLE "unit" DROP CONSTRAINT "unit_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "unit" DROP CONSTRAINT "unit_unit_type_id_unit_type_id_fk";--> statement-breakpoint
ALTER TABLE "unit_status_history" DROP CONSTRAINT "unit_status_history_unit_id_unit_id_fk";--> statement-breakpoint
ALTER TABLE "unit_type" DROP CONSTRAINT "unit_type_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "api_idempotency_key" DROP CONSTRAINT "api_idempotency_key_api_key_id_api_key_id_fk";--> statement-breakpoint
ALTER TABLE "api_rate_limit" DROP CONSTRAINT "api_rate_limit_api_key_id_api_key_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_delivery" DROP CONSTRAINT "webhook_delivery_endpoint_id_webhook_endpoint_id_fk";--> statement-breakpoint
ALTER TABLE "follow_up" DROP CONSTRAINT "follow_up_sequence_id_follow_up_sequence_id_fk";--> statement-breakpoint
ALTER TABLE "follow_up" DROP CONSTRAINT "follow_up_lead_id_lead_id_fk";--> statement-breakpoint
ALTER TABLE "follow_up_sequence" DROP CONSTRAINT "follow_up_sequence_lead_id_lead_id_fk";--> statement-breakpoint
ALTER TABLE "conversation" DROP CONSTRAINT "conversation_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "conversation" DROP CONSTRAINT "conversation_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "conversation" DROP CONSTRAINT "conversation_lead_id_lead_id_fk";--> statement-breakpoint
ALTER TABLE "conversation" DROP CONSTRAINT "conversation_reservation_id_reservation_id_fk";--> statement-breakpoint
ALTER TABLE "message" DROP CONSTRAINT "message_conversation_id_conversation_id_fk";--> statement-breakpoint
ALTER TABLE "report_delivery" DROP CONSTRAINT "report_delivery_schedule_id_report_schedule_id_fk";--> statement-breakpoint
ALTER TABLE "report_schedule" DROP CONSTRAINT "report_schedule_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "chat_widget" DROP CONSTRAINT "chat_widget_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "phone_payment" DROP CONSTRAINT "phone_payment_conversation_id_conversation_id_fk";--> statement-breakpoint
ALTER TABLE "phone_payment" DROP CONSTRAINT "phone_payment_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "phone_payment" DROP CONSTRAINT "phone_payment_rental_id_rental_id_fk";--> statement-breakpoint
ALTER TABLE "task" DROP CONSTRAINT "task_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "task" DROP CONSTRAINT "task_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "task" DROP CONSTRAINT "task_lead_id_lead_id_fk";--> statement-breakpoint
ALTER TABLE "task" DROP CONSTRAINT "task_conversation_id_conversation_id_fk";--> statement-breakpoint
ALTER TABLE "task" DROP CONSTRAINT "task_assignee_member_id_member_id_fk";--> statement-breakpoint
ALTER TABLE "facility_agent_settings" DROP CONSTRAINT "facility_agent_settings_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "pms_facility_map" DROP CONSTRAINT "pms_facility_map_connection_id_pms_connection_id_fk";--> statement-breakpoint
ALTER TABLE "pms_facility_map" DROP CONSTRAINT "pms_facility_map_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "pms_link" DROP CONSTRAINT "pms_link_connection_id_pms_connection_id_fk";--> statement-breakpoint
ALTER TABLE "pms_sync_run" DROP CONSTRAINT "pms_sync_run_connection_id_pms_connection_id_fk";--> statement-breakpoint
ALTER TABLE "pms_webhook_event" DROP CONSTRAINT "pms_webhook_event_connection_id_pms_connection_id_fk";--> statement-breakpoint
ALTER TABLE "pms_write_back" DROP CONSTRAINT "pms_write_back_connection_id_pms_connection_id_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_rental_id_rental_id_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_reservation_id_reservation_id_fk";--> statement-breakpoint
ALTER TABLE "ledger_entry" DROP CONSTRAINT "ledger_entry_payment_id_payment_id_fk";--> statement-breakpoint
ALTER TABLE "payment" DROP CONSTRAINT "payment_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "payment" DROP CONSTRAINT "payment_rental_id_rental_id_fk";--> statement-breakpoint
ALTER TABLE "payment" DROP CONSTRAINT "payment_reservation_id_reservation_id_fk";--> statement-breakpoint
ALTER TABLE "payment_dispute" DROP CONSTRAINT "payment_dispute_payment_id_payment_id_fk";--> statement-breakpoint
ALTER TABLE "payment_link" DROP CONSTRAINT "payment_link_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "payment_link" DROP CONSTRAINT "payment_link_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "payment_link" DROP CONSTRAINT "payment_link_rental_id_rental_id_fk";--> statement-breakpoint
ALTER TABLE "payment_link" DROP CONSTRAINT "payment_link_reservation_id_reservation_id_fk";--> statement-breakpoint
ALTER TABLE "payment_link" DROP CONSTRAINT "payment_link_payment_id_payment_id_fk";--> statement-breakpoint
ALTER TABLE "customer_note" DROP CONSTRAINT "customer_note_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "collection_case" DROP CONSTRAINT "collection_case_customer_id_customer_id_fk";--> statement-breakpoint
ALTER TABLE "collection_case" DROP CONSTRAINT "collection_case_facility_id_facility_id_fk";--> statement-breakpoint
ALTER TABLE "member" ADD CONSTRAINT "member_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "customer" ADD CONSTRAINT "customer_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "facility" ADD CONSTRAINT "facility_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "protection_plan" ADD CONSTRAINT "protection_plan_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "unit_type" ADD CONSTRAINT "unit_type_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "webhook_endpoint" ADD CONSTRAINT "webhook_endpoint_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "follow_up_sequence" ADD CONSTRAINT "follow_up_sequence_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "report_schedule" ADD CONSTRAINT "report_schedule_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "pms_connection" ADD CONSTRAINT "pms_connection_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_org_id_key" UNIQUE("organization_id","id");--> statement-breakpoint
ALTER TABLE "facility_closure" ADD CONSTRAINT "facility_closure_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee" ADD CONSTRAINT "fee_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_base_entry" ADD CONSTRAINT "knowledge_base_entry_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_desired_unit_type_id_tenant_fk" FOREIGN KEY ("organization_id","desired_unit_type_id") REFERENCES "public"."unit_type"("organization_id","id") ON DELETE SET NULL ("desired_unit_type_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead" ADD CONSTRAINT "lead_owner_member_id_tenant_fk" FOREIGN KEY ("organization_id","owner_member_id") REFERENCES "public"."member"("organization_id","id") ON DELETE SET NULL ("owner_member_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion" ADD CONSTRAINT "promotion_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protection_plan" ADD CONSTRAINT "protection_plan_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_unit_id_tenant_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."unit"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_reservation_id_tenant_fk" FOREIGN KEY ("organization_id","reservation_id") REFERENCES "public"."reservation"("organization_id","id") ON DELETE SET NULL ("reservation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rental" ADD CONSTRAINT "rental_protection_plan_id_tenant_fk" FOREIGN KEY ("organization_id","protection_plan_id") REFERENCES "public"."protection_plan"("organization_id","id") ON DELETE SET NULL ("protection_plan_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_unit_type_id_tenant_fk" FOREIGN KEY ("organization_id","unit_type_id") REFERENCES "public"."unit_type"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_unit_id_tenant_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."unit"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_lead_id_tenant_fk" FOREIGN KEY ("organization_id","lead_id") REFERENCES "public"."lead"("organization_id","id") ON DELETE SET NULL ("lead_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_promotion_id_tenant_fk" FOREIGN KEY ("organization_id","promotion_id") REFERENCES "public"."promotion"("organization_id","id") ON DELETE SET NULL ("promotion_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit" ADD CONSTRAINT "unit_unit_type_id_tenant_fk" FOREIGN KEY ("organization_id","unit_type_id") REFERENCES "public"."unit_type"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_status_history" ADD CONSTRAINT "unit_status_history_unit_id_tenant_fk" FOREIGN KEY ("organization_id","unit_id") REFERENCES "public"."unit"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_type" ADD CONSTRAINT "unit_type_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_idempotency_key" ADD CONSTRAINT "api_idempotency_key_api_key_id_tenant_fk" FOREIGN KEY ("organization_id","api_key_id") REFERENCES "public"."api_key"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_rate_limit" ADD CONSTRAINT "api_rate_limit_api_key_id_tenant_fk" FOREIGN KEY ("organization_id","api_key_id") REFERENCES "public"."api_key"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_endpoint_id_tenant_fk" FOREIGN KEY ("organization_id","endpoint_id") REFERENCES "public"."webhook_endpoint"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_sequence_id_tenant_fk" FOREIGN KEY ("organization_id","sequence_id") REFERENCES "public"."follow_up_sequence"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up" ADD CONSTRAINT "follow_up_lead_id_tenant_fk" FOREIGN KEY ("organization_id","lead_id") REFERENCES "public"."lead"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_up_sequence" ADD CONSTRAINT "follow_up_sequence_lead_id_tenant_fk" FOREIGN KEY ("organization_id","lead_id") REFERENCES "public"."lead"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE SET NULL ("customer_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_lead_id_tenant_fk" FOREIGN KEY ("organization_id","lead_id") REFERENCES "public"."lead"("organization_id","id") ON DELETE SET NULL ("lead_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_reservation_id_tenant_fk" FOREIGN KEY ("organization_id","reservation_id") REFERENCES "public"."reservation"("organization_id","id") ON DELETE SET NULL ("reservation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message" ADD CONSTRAINT "message_conversation_id_tenant_fk" FOREIGN KEY ("organization_id","conversation_id") REFERENCES "public"."conversation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_delivery" ADD CONSTRAINT "report_delivery_schedule_id_tenant_fk" FOREIGN KEY ("organization_id","schedule_id") REFERENCES "public"."report_schedule"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedule" ADD CONSTRAINT "report_schedule_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_widget" ADD CONSTRAINT "chat_widget_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_conversation_id_tenant_fk" FOREIGN KEY ("organization_id","conversation_id") REFERENCES "public"."conversation"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE SET NULL ("customer_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phone_payment" ADD CONSTRAINT "phone_payment_rental_id_tenant_fk" FOREIGN KEY ("organization_id","rental_id") REFERENCES "public"."rental"("organization_id","id") ON DELETE SET NULL ("rental_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE SET NULL ("customer_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_lead_id_tenant_fk" FOREIGN KEY ("organization_id","lead_id") REFERENCES "public"."lead"("organization_id","id") ON DELETE SET NULL ("lead_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_conversation_id_tenant_fk" FOREIGN KEY ("organization_id","conversation_id") REFERENCES "public"."conversation"("organization_id","id") ON DELETE SET NULL ("conversation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_assignee_member_id_tenant_fk" FOREIGN KEY ("organization_id","assignee_member_id") REFERENCES "public"."member"("organization_id","id") ON DELETE SET NULL ("assignee_member_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "facility_agent_settings" ADD CONSTRAINT "facility_agent_settings_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_facility_map" ADD CONSTRAINT "pms_facility_map_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_facility_map" ADD CONSTRAINT "pms_facility_map_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_link" ADD CONSTRAINT "pms_link_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_sync_run" ADD CONSTRAINT "pms_sync_run_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_webhook_event" ADD CONSTRAINT "pms_webhook_event_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pms_write_back" ADD CONSTRAINT "pms_write_back_connection_id_tenant_fk" FOREIGN KEY ("organization_id","connection_id") REFERENCES "public"."pms_connection"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_rental_id_tenant_fk" FOREIGN KEY ("organization_id","rental_id") REFERENCES "public"."rental"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_reservation_id_tenant_fk" FOREIGN KEY ("organization_id","reservation_id") REFERENCES "public"."reservation"("organization_id","id") ON DELETE SET NULL ("reservation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entry" ADD CONSTRAINT "ledger_entry_payment_id_tenant_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE SET NULL ("payment_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_rental_id_tenant_fk" FOREIGN KEY ("organization_id","rental_id") REFERENCES "public"."rental"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment" ADD CONSTRAINT "payment_reservation_id_tenant_fk" FOREIGN KEY ("organization_id","reservation_id") REFERENCES "public"."reservation"("organization_id","id") ON DELETE SET NULL ("reservation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_dispute" ADD CONSTRAINT "payment_dispute_payment_id_tenant_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_rental_id_tenant_fk" FOREIGN KEY ("organization_id","rental_id") REFERENCES "public"."rental"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_reservation_id_tenant_fk" FOREIGN KEY ("organization_id","reservation_id") REFERENCES "public"."reservation"("organization_id","id") ON DELETE SET NULL ("reservation_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link" ADD CONSTRAINT "payment_link_payment_id_tenant_fk" FOREIGN KEY ("organization_id","payment_id") REFERENCES "public"."payment"("organization_id","id") ON DELETE SET NULL ("payment_id") ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_note" ADD CONSTRAINT "customer_note_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_case" ADD CONSTRAINT "collection_case_customer_id_tenant_fk" FOREIGN KEY ("organization_id","customer_id") REFERENCES "public"."customer"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collection_case" ADD CONSTRAINT "collection_case_facility_id_tenant_fk" FOREIGN KEY ("organization_id","facility_id") REFERENCES "public"."facility"("organization_id","id") ON DELETE SET NULL ("facility_id") ON UPDATE no action;
