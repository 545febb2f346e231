import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { customer, facility } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/**
 * Collections (issue 16, item 6): one case per tenant and due date (the oldest charge their
 * payments have not covered), worked by the `collectionsSweep` workflow through three steps on the
 * organization's days after the due date: a text with a pay link, an e-mail, a task for staff.
 * Stopped by payment (`paid`), an SMS opt-out (`opted_out`), collections switched off or Stripe
 * disconnected (nothing is sent, the case waits), or a staff hold (`held`, resumable).
 */
export const COLLECTION_STATUSES = ["active", "held", "paid", "opted_out"] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number];
export const COLLECTION_STEPS = ["text", "email", "task"] as const;
export type CollectionStep = (typeof COLLECTION_STEPS)[number];

export interface CollectionStepRecord {
  step: CollectionStep;
  /** sent (text, e-mail; the outbox counts: it is what goes out without Twilio or SMTP), created (task), skipped, failed. */
  outcome: "sent" | "created" | "skipped" | "failed";
  at: string;
  /** sms_message, email_outbox or task id. */
  ref?: string | null;
  detail?: string | null;
}

export const collectionCase = pgTable(
  "collection_case",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    customerId: uuid().notNull(),
    facilityId: uuid(),
    /** Local date (the facility's clock) of the oldest charge not covered by payments and credits. */
    dueDate: date({ mode: "string" }).notNull(),
    /** What was past due when the sweep last looked (charges due by then, less payments and credits). */
    pastDueCents: integer().notNull(),
    status: text({ enum: COLLECTION_STATUSES }).notNull().default("active"),
    /** The days after the due date the case started with (a later settings change applies to new cases). */
    days: integer().array().notNull(),
    /** Steps done (0–3), in COLLECTION_STEPS order; `steps` says how each went. */
    stepsDone: integer().notNull().default(0),
    steps: jsonb()
      .$type<CollectionStepRecord[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    lastStepAt: timestamp({ withTimezone: true }),
    /** When the next step is due (null once all are done or the case is not active). */
    nextStepAt: timestamp({ withTimezone: true }),
    paymentLinkId: uuid(),
    taskId: uuid(),
    heldBy: text(),
    heldAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("collection_case_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "cascade"),
    tenantFk("collection_case_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "set null"),
    uniqueIndex("collection_case_customer_due").on(t.organizationId, t.customerId, t.dueDate),
    // The staff queue and the sweep: open cases (active, held) of an organization.
    index("collection_case_open")
      .on(t.organizationId, t.nextStepAt)
      .where(sql`${t.status} in ('active', 'held')`),
    index().on(t.organizationId, t.createdAt),
  ],
);
