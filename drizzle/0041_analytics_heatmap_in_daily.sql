DROP TABLE IF EXISTS "analytics_conversation_hourly" CASCADE;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h00" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h01" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h02" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h03" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h04" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h05" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h06" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h07" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h08" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h09" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h10" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h11" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h12" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h13" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h15" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h16" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h17" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h18" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h19" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h20" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h21" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h22" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_conversation_daily" ADD COLUMN "h23" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The heat map moved into analytics_conversation_daily (a count per local hour in the day's own row,
-- so a year's heat map reads the rows of its daily totals, not a row per hour): mark every day that
-- has conversations dirty, so the next read (or the scheduled catch-up) fills the new columns.
INSERT INTO analytics_dirty_day (organization_id, day)
  SELECT DISTINCT organization_id, local_date FROM analytics_conversation_daily
  ON CONFLICT DO NOTHING;
