import { sql } from "drizzle-orm";
import { boolean, customType, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

import { organization } from "./auth";
import { facility } from "./inventory";
import { emailOutbox, organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Reports (src/server/reports) e-mailed on a schedule, and the files attached to outgoing mail.
 * A delivery row per (schedule, period) is what makes a scheduled report go out once per period.
 */
export const REPORT_KINDS = ["rent_roll", "reservations", "leads_by_source", "call_log", "payments"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FREQUENCIES = ["weekly", "monthly"] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

export const reportSchedule = pgTable(
  "report_schedule",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    report: text({ enum: REPORT_KINDS }).notNull(),
    frequency: text({ enum: REPORT_FREQUENCIES }).notNull(),
    /** null: every facility of the organization. */
    facilityId: uuid(),
    recipients: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    enabled: boolean().notNull().default(true),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantKey("report_schedule_org_id_key", t.organizationId, t.id),
    tenantFk("report_schedule_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    index().on(t.organizationId),
  ],
);

/** One period's report of one schedule: inserted before sending, so a period is never sent twice. */
export const reportDelivery = pgTable(
  "report_delivery",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    scheduleId: uuid().notNull(),
    /** "2026-W47" or "2026-11". */
    period: text().notNull(),
    periodFrom: text().notNull(),
    periodTo: text().notNull(),
    rowCount: integer().notNull().default(0),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("report_delivery_schedule_id_tenant_fk", t.organizationId, t.scheduleId, reportSchedule, "cascade"),
    unique().on(t.scheduleId, t.period),
    index().on(t.organizationId, t.createdAt),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** A file attached to an outgoing e-mail (kept with the outbox row, so the outbox shows what was sent). */
export const emailAttachment = pgTable(
  "email_attachment",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: text().references(() => organization.id, { onDelete: "cascade" }),
    emailId: uuid()
      .notNull()
      .references(() => emailOutbox.id, { onDelete: "cascade" }),
    filename: text().notNull(),
    contentType: text().notNull(),
    content: bytea().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.emailId)],
);
