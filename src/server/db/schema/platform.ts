import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { organization } from "./auth";

/** Helper for every tenant table: the operator's organization, cascading on delete. */
export const organizationId = () =>
  text()
    .notNull()
    .references(() => organization.id, { onDelete: "cascade" });

/**
 * Mail that the app sends. With SMTP configured a row records the delivery; without it the row is
 * the delivery: owners read their organization's mail in Settings, and mail that belongs to no
 * organization (password resets, verification) is readable on the local /outbox page in development.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: text().references(() => organization.id, { onDelete: "cascade" }),
    to: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    kind: text().notNull(),
    // sending: claimed for SMTP, not confirmed yet (a retry re-sends it: integrations/email.ts)
    status: text({ enum: ["outbox", "sending", "sent", "failed"] }).notNull(),
    idempotencyKey: text().unique(),
    error: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt), index().on(t.to)],
);

/** Who did what, when: written in the same transaction as the change it records. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    actorUserId: text(),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text(),
    data: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);
