ALTER TABLE "facility_closure" ADD COLUMN "reason_es" text;--> statement-breakpoint
ALTER TABLE "knowledge_base_entry" ADD COLUMN "question_es" text;--> statement-breakpoint
ALTER TABLE "knowledge_base_entry" ADD COLUMN "answer_es" text;