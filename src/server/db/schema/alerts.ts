import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * Operator alerts (src/server/alerts): what each organization wants to hear about and who hears it,
 * every alert raised (unique per event, so one event alerts once), and the agent's failed turns,
 * which the "agent failing" alert counts.
 */
export const ALERT_KINDS = [
  "after_hours_person",
  "message_taken",
  "reservation_created",
  "lead_waiting",
  "agent_failing",
  "number_silent",
  "pms_failing",
  "payment_disputed",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertRule {
  enabled: boolean;
  email: boolean;
  sms: boolean;
  /**
   * lead_waiting: minutes without a response; agent_failing: failures; number_silent: office hours
   * without a call; pms_failing: minutes a PMS connection has failed to sync.
   */
  threshold?: number;
  /** agent_failing: the window in minutes. */
  windowMinutes?: number;
}
export type AlertRules = Record<AlertKind, AlertRule>;

export const alertSettings = pgTable("alert_settings", {
  organizationId: organizationId().primaryKey(),
  emailRecipients: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  smsRecipients: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  rules: jsonb().$type<AlertRules>().notNull(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

export interface AlertDelivery {
  channel: "email" | "sms";
  to: string;
  status: string;
  detail?: string;
}

export const operatorAlert = pgTable(
  "operator_alert",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    kind: text({ enum: ALERT_KINDS }).notNull(),
    /** The event: "reservation:<id>", "lead-waiting:<leadId>", "number-silent:<numberId>:<since>"... */
    dedupeKey: text().notNull(),
    facilityId: uuid(),
    subject: text().notNull(),
    body: text().notNull(),
    /** Dashboard path of what the alert is about, e.g. "/calls/<id>". */
    link: text(),
    deliveries: jsonb()
      .$type<AlertDelivery[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.organizationId, t.dedupeKey), index().on(t.organizationId, t.createdAt)],
);

/** A turn the agent could not take (an exception); LLM fallbacks are read from the messages. */
export const agentIncident = pgTable(
  "agent_incident",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    conversationId: uuid(),
    kind: text({ enum: ["error"] })
      .notNull()
      .default("error"),
    /** The error's class and message only, never what the caller said. */
    detail: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId, t.createdAt)],
);
