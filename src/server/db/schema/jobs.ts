import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { lead } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Durable jobs (DBOS workflows, src/server/jobs). DBOS keeps its own bookkeeping in the `dbos`
 * schema of the same database; these tables are ours: what an organization configured, and what
 * the follow-up workflows scheduled and sent, so a lead's page can show it without asking DBOS.
 */

/** One follow-up text: `delayMinutes` after the sequence starts, using a named template. */
export interface FollowUpStepConfig {
  delayMinutes: number;
  template: FollowUpTemplate;
}
export const FOLLOW_UP_TEMPLATES = ["quote", "reminder", "last"] as const;
export type FollowUpTemplate = (typeof FOLLOW_UP_TEMPLATES)[number];

/** Per-organization automation settings. A missing row means "the defaults" (src/server/jobs/settings.ts). */
export const automationSettings = pgTable("automation_settings", {
  organizationId: organizationId().primaryKey(),
  followUpsEnabled: boolean().notNull().default(true),
  followUpSteps: jsonb().$type<FollowUpStepConfig[]>().notNull(),
  /** "HH:MM" in the facility's time zone; texts wait for this window. "00:00"–"24:00" means always. */
  quietHoursStart: text().notNull().default("08:00"),
  quietHoursEnd: text().notNull().default("21:00"),
  missedCallTextBack: boolean().notNull().default(true),
  reservationReminders: boolean().notNull().default(true),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

export const FOLLOW_UP_SEQUENCE_STATUSES = ["active", "paused", "completed", "stopped", "cancelled"] as const;
export type FollowUpSequenceStatus = (typeof FOLLOW_UP_SEQUENCE_STATUSES)[number];
export const FOLLOW_UP_STOP_REASONS = [
  "replied",
  "reserved",
  "opted_out",
  "lead_closed",
  "no_phone",
  "cancelled",
  "disabled",
] as const;
export type FollowUpStopReason = (typeof FOLLOW_UP_STOP_REASONS)[number];

/** One run of the follow-up workflow for a lead; `workflowId` is the DBOS workflow that owns it. */
export const followUpSequence = pgTable(
  "follow_up_sequence",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    leadId: uuid().notNull(),
    workflowId: text().notNull().unique(),
    /** What started it, e.g. "conversation:<id>" or "manual:<timestamp>". */
    trigger: text().notNull(),
    status: text({ enum: FOLLOW_UP_SEQUENCE_STATUSES }).notNull().default("active"),
    stopReason: text({ enum: FOLLOW_UP_STOP_REASONS }),
    replyText: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  // The second: analytics counts the sequences started in a period.
  (t) => [
    tenantKey("follow_up_sequence_org_id_key", t.organizationId, t.id),
    tenantFk("follow_up_sequence_lead_id_tenant_fk", t.organizationId, t.leadId, lead, "cascade"),
    index().on(t.organizationId, t.leadId, t.createdAt),
    index().on(t.organizationId, t.createdAt),
  ],
);

export const FOLLOW_UP_STATUSES = ["scheduled", "sent", "skipped", "cancelled", "failed"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** One text of a sequence: written when the workflow schedules it, updated when it is sent or dropped. */
export const followUp = pgTable(
  "follow_up",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    sequenceId: uuid().notNull(),
    leadId: uuid().notNull(),
    stepIndex: integer().notNull(),
    template: text().notNull(),
    status: text({ enum: FOLLOW_UP_STATUSES }).notNull().default("scheduled"),
    scheduledFor: timestamp({ withTimezone: true }).notNull(),
    sentAt: timestamp({ withTimezone: true }),
    body: text(),
    smsMessageId: uuid(),
    detail: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("follow_up_sequence_id_tenant_fk", t.organizationId, t.sequenceId, followUpSequence, "cascade"),
    tenantFk("follow_up_lead_id_tenant_fk", t.organizationId, t.leadId, lead, "cascade"),
    unique().on(t.sequenceId, t.stepIndex),
    index().on(t.organizationId, t.leadId, t.scheduledFor),
    // Analytics: texts sent in a period.
    index()
      .on(t.organizationId, t.sentAt)
      .where(sql`${t.sentAt} is not null`),
  ],
);

/**
 * Transactional outbox for starting workflows (src/server/jobs/outbox.ts, docs/workflows.md
 * "Outbox"): a row written in the same transaction as the change that needs the workflow, so the
 * start commits or rolls back with it. A drain after the commit (and a sweep every minute) enqueues
 * the workflow and deletes the row; `workflowId` is the DBOS workflow id, so a repeated start is a
 * no-op. `args` are the workflow's arguments and may hold personal data: never log them.
 */
export const jobOutbox = pgTable("job_outbox", {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: organizationId(),
  workflowName: text().notNull(),
  workflowId: text().notNull().unique(),
  args: jsonb().$type<unknown[]>().notNull(),
  delaySeconds: integer(),
  attempts: integer().notNull().default(0),
  lastError: text(),
  /** After a failed start: not tried again before this (backing off to an hour); null: due now. */
  nextAttemptAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
