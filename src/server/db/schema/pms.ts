import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { user } from "./auth";
import { customer, facility } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Property management systems (issue 15, docs/integrations.md). An organization connects its PMS;
 * the PMS is then the source of truth for the facilities, unit types and units it owns, and our
 * rows are its mirror (linked through `pms_link`). Leads, reservations and cancellations made here
 * are written back (`pms_write_back`), each once.
 */
export const PMS_PROVIDERS = ["storedge", "stora"] as const;
export type PmsProvider = (typeof PMS_PROVIDERS)[number];
export const PMS_PROVIDER_NAMES: Record<PmsProvider, string> = { storedge: "storEDGE", stora: "Stora" };

/**
 * active: syncing and writing back. needs_credentials: the stored credentials cannot be used (they no
 * longer decrypt, e.g. the server's ENCRYPTION_KEY changed): sync stops until an owner or admin enters
 * them again, but the PMS still owns its rows and bookings on them still go through write-back (held
 * as pending PMS). disconnected: stopped by the operator; the rows are ours again.
 */
export const PMS_CONNECTION_STATUSES = ["active", "needs_credentials", "disconnected"] as const;
export type PmsConnectionStatus = (typeof PMS_CONNECTION_STATUSES)[number];
/** Connections that still own what they mirror (read-only rows, write-back). */
export const PMS_LIVE_STATUSES = ["active", "needs_credentials"] as const satisfies PmsConnectionStatus[];

export const pmsConnection = pgTable(
  "pms_connection",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    provider: text({ enum: PMS_PROVIDERS }).notNull(),
    status: text({ enum: PMS_CONNECTION_STATUSES }).notNull().default("active"),
    /**
     * The credentials as JSON, AES-256-GCM encrypted like gate codes (auth/encryption.ts).
     * Never returned to the browser and never logged.
     */
    credentialsEncrypted: text().notNull(),
    /** The Stora webhook endpoint's signing secret, encrypted the same way (null for storEDGE). */
    webhookSecretEncrypted: text(),
    /** Random, in the webhook URL we give the operator: routes a delivery to its connection. */
    webhookToken: text().notNull(),
    /**
     * Non-secret settings: the API base URL, storEDGE's facility ids, and whether the agent may give
     * a verified caller the gate code the PMS holds for them (off unless the operator allows it).
     */
    settings: jsonb()
      .$type<{ baseUrl?: string | null; facilityIds?: string[]; shareGateCodes?: boolean }>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** The sync lease: one sync per connection at a time, across every process. */
    syncLeaseUntil: timestamp({ withTimezone: true }),
    syncLeaseHolder: text(),
    lastSyncAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastFullSyncAt: timestamp({ withTimezone: true }),
    /** First failure of the current run of failures; cleared by a success. */
    failingSince: timestamp({ withTimezone: true }),
    lastError: text(),
    /** When an operator alert about this run of failures was raised (once per run). */
    alertedAt: timestamp({ withTimezone: true }),
    createdByUserId: text().references(() => user.id, { onDelete: "set null" }),
    disconnectedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantKey("pms_connection_org_id_key", t.organizationId, t.id),
    // One live connection per provider per organization.
    uniqueIndex("pms_connection_one_active")
      .on(t.organizationId, t.provider)
      .where(sql`${t.status} = 'active'`),
    uniqueIndex().on(t.webhookToken),
    index().on(t.status, t.lastSyncAt),
  ],
);

/** A PMS facility (storEDGE facility, Stora site) mapped onto one of ours. */
export const pmsFacilityMap = pgTable(
  "pms_facility_map",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    connectionId: uuid().notNull(),
    externalId: text().notNull(),
    facilityId: uuid().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("pms_facility_map_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
    tenantFk("pms_facility_map_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    uniqueIndex().on(t.connectionId, t.externalId),
    uniqueIndex().on(t.facilityId),
    index().on(t.organizationId),
  ],
);

export const PMS_LINK_KINDS = [
  "facility",
  "unit_type",
  "unit",
  "promotion",
  "customer",
  "lead",
  "reservation",
] as const;
export type PmsLinkKind = (typeof PMS_LINK_KINDS)[number];

/**
 * One of our rows and the PMS record it mirrors (or was written to). `contentHash` is the hash of
 * the PMS record as we last applied it: a sync skips rows whose hash has not changed, so a pass over
 * thousands of unchanged units writes nothing.
 */
export const pmsLink = pgTable(
  "pms_link",
  {
    organizationId: organizationId(),
    connectionId: uuid().notNull(),
    kind: text({ enum: PMS_LINK_KINDS }).notNull(),
    localId: uuid().notNull(),
    externalId: text().notNull(),
    contentHash: text(),
    syncedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("pms_link_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
    uniqueIndex().on(t.connectionId, t.kind, t.externalId),
    uniqueIndex().on(t.connectionId, t.kind, t.localId),
    // "Is this row managed in a PMS?" from the dashboard's guards.
    index().on(t.organizationId, t.kind, t.localId),
  ],
);

export const PMS_SYNC_KINDS = ["full", "incremental", "webhook"] as const;
export const PMS_SYNC_STATUSES = ["running", "succeeded", "failed"] as const;

export const pmsSyncRun = pgTable(
  "pms_sync_run",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    connectionId: uuid().notNull(),
    kind: text({ enum: PMS_SYNC_KINDS }).notNull(),
    status: text({ enum: PMS_SYNC_STATUSES }).notNull().default("running"),
    pulled: integer().notNull().default(0),
    changed: integer().notNull().default(0),
    error: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    tenantFk("pms_sync_run_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
    index().on(t.organizationId, t.connectionId, t.startedAt),
  ],
);

/**
 * payment: money we received (payment.succeeded), posted to the tenant's PMS account; refund: part
 * or all of such a payment given back (payment.refunded), `localId` the refund's ledger entry.
 */
export const PMS_WRITE_BACK_KINDS = ["lead", "reservation", "cancellation", "payment", "refund"] as const;
export type PmsWriteBackKind = (typeof PMS_WRITE_BACK_KINDS)[number];
/** pending: not accepted yet (the PMS was slow or down), retried durably; refused: the PMS said no. */
export const PMS_WRITE_BACK_STATUSES = ["pending", "succeeded", "refused", "failed"] as const;
export type PmsWriteBackStatus = (typeof PMS_WRITE_BACK_STATUSES)[number];

/**
 * The log of write-backs: one row per (connection, kind, our row), so a retried write finds its row
 * and never creates a second PMS record; `externalId` is what the PMS gave back.
 */
export const pmsWriteBack = pgTable(
  "pms_write_back",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    connectionId: uuid().notNull(),
    kind: text({ enum: PMS_WRITE_BACK_KINDS }).notNull(),
    localId: uuid().notNull(),
    status: text({ enum: PMS_WRITE_BACK_STATUSES }).notNull().default("pending"),
    externalId: text(),
    attempts: integer().notNull().default(0),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("pms_write_back_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
    uniqueIndex().on(t.connectionId, t.kind, t.localId),
    index().on(t.organizationId, t.createdAt),
    index().on(t.status, t.updatedAt),
  ],
);

/** Stora webhook deliveries already applied, by Stora's event id: a retried delivery is a no-op. */
export const pmsWebhookEvent = pgTable(
  "pms_webhook_event",
  {
    organizationId: organizationId(),
    connectionId: uuid().notNull(),
    eventId: text().notNull(),
    eventType: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("pms_webhook_event_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
    uniqueIndex().on(t.connectionId, t.eventId),
  ],
);

/**
 * The PMS's balance of one of our customers whose rental is at a facility the PMS manages (the PMS
 * ledger is then the source of the balance, docs/payments.md "Balance from the PMS"): the last copy
 * read through the adapter, with when. `fetchedAt` is the last successful read (null: never read),
 * `checkedAt` the last attempt and `lastError` why it failed, so a reader can say "last known $X, as
 * of <age>" when the PMS is down and never shows a number it did not read. `balanceCents` is the
 * PMS's own figure (storEDGE: the ledgers' current_account_balance; Stora: what is left on the open
 * invoices); `pastDueSince` the local date of the oldest amount it says is unpaid.
 */
export const PMS_BALANCE_STATUSES = ["found", "not_found"] as const;
export const pmsBalance = pgTable(
  "pms_balance",
  {
    organizationId: organizationId(),
    customerId: uuid().notNull(),
    connectionId: uuid().notNull(),
    status: text({ enum: PMS_BALANCE_STATUSES }),
    externalId: text(),
    balanceCents: integer(),
    pastDueSince: date({ mode: "string" }),
    fetchedAt: timestamp({ withTimezone: true }),
    checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.customerId] }),
    tenantFk("pms_balance_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "cascade"),
    tenantFk("pms_balance_connection_id_tenant_fk", t.organizationId, t.connectionId, pmsConnection, "cascade"),
  ],
);
