import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { member, user } from "./auth";
import { conversation } from "./conversations";
import { customer, facility, lead } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/**
 * Work for a person at the operator: a message the agent took, a callback asked for, a conversation
 * escalated or a transfer nobody answered, a payment or collections step. The console's inbox lists
 * the open ones; the staff alert for one carries the same words. A task names who to reach
 * (`contact*`, copied at creation so the inbox reads without joins and survives an erased customer)
 * and links what it came from.
 */
export const TASK_KINDS = ["message", "callback", "escalation", "failed_transfer", "follow_up", "other"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_PRIORITIES = ["normal", "urgent"] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const task = pgTable(
  "task",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid(),
    kind: text({ enum: TASK_KINDS }).notNull(),
    priority: text({ enum: TASK_PRIORITIES }).notNull().default("normal"),
    /** One line for the inbox, e.g. "Call back Sam Ortiz about a billing question". */
    title: text().notNull(),
    /** The caller's own words (a message), or what staff should know. */
    body: text(),
    contactName: text(),
    /** E.164 where known. */
    contactPhone: text(),
    contactEmail: text(),
    customerId: uuid(),
    leadId: uuid(),
    conversationId: uuid(),
    assigneeMemberId: text(),
    dueAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    doneAt: timestamp({ withTimezone: true }),
    doneByUserId: text().references(() => user.id, { onDelete: "set null" }),
    /** Who or what created it, as in the audit log ("agent", "post-conversation", a user's name). */
    createdBy: text().notNull(),
    /**
     * Makes creation idempotent: a retried step or a second path to the same moment (the agent took
     * the message, then the post-conversation sweep looks at the same call) finds the task already
     * there instead of adding a second one. E.g. "conversation:<id>:message".
     */
    sourceKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("task_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "set null"),
    tenantFk("task_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "set null"),
    tenantFk("task_lead_id_tenant_fk", t.organizationId, t.leadId, lead, "set null"),
    tenantFk("task_conversation_id_tenant_fk", t.organizationId, t.conversationId, conversation, "set null"),
    tenantFk("task_assignee_member_id_tenant_fk", t.organizationId, t.assigneeMemberId, member, "set null"),
    uniqueIndex()
      .on(t.organizationId, t.sourceKey)
      .where(sql`${t.sourceKey} is not null`),
    // The inbox: open tasks by due time, and someone's own.
    index()
      .on(t.organizationId, t.dueAt)
      .where(sql`${t.doneAt} is null`),
    index().on(t.organizationId, t.assigneeMemberId, t.doneAt),
    index().on(t.organizationId, t.createdAt),
    index().on(t.organizationId, t.customerId),
    index().on(t.conversationId),
  ],
);
