import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { customer, facility, rental, reservation } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Customers paying operators (issue 16): the operator's own Stripe account (Connect), the ledger of
 * each rental and reservation, payments, and payment links. Money is integer cents. Operators paying
 * us is billing (./billing.ts): the two never share a row or a Stripe account.
 */
const timestamps = () => ({
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

/**
 * Whose money a ledger entry or a payment link is: the customer (kept while money rows name them),
 * and the facility, rental and reservation it belongs to. A rental's rows go with the rental; a
 * facility or reservation removed leaves them, unlinked.
 */
const customerAccount = () => ({
  customerId: uuid().notNull(),
  facilityId: uuid(),
  rentalId: uuid(),
  reservationId: uuid(),
});
type CustomerAccountColumns = { [K in "organizationId" | keyof ReturnType<typeof customerAccount>]: AnyPgColumn };
/** customerAccount()'s references, each within the row's organization (tenant-keys.ts). */
const customerAccountKeys = (table: string, t: CustomerAccountColumns) => [
  tenantFk(`${table}_customer_id_tenant_fk`, t.organizationId, t.customerId, customer, "restrict"),
  tenantFk(`${table}_facility_id_tenant_fk`, t.organizationId, t.facilityId, facility, "set null"),
  tenantFk(`${table}_rental_id_tenant_fk`, t.organizationId, t.rentalId, rental, "cascade"),
  tenantFk(`${table}_reservation_id_tenant_fk`, t.organizationId, t.reservationId, reservation, "set null"),
];

/**
 * The organization's connected Stripe account (a Standard account onboarded with Account Links:
 * docs/payments.md says why). One current row per organization; a disconnected one is kept so
 * late webhooks for its payments still find their organization.
 */
export const stripeConnectAccount = pgTable(
  "stripe_connect_account",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    stripeAccountId: text().notNull().unique(),
    detailsSubmitted: boolean().notNull().default(false),
    chargesEnabled: boolean().notNull().default(false),
    payoutsEnabled: boolean().notNull().default(false),
    /** Stripe's requirements.currently_due: what the operator still has to provide. */
    requirementsDue: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    disabledReason: text(),
    displayName: text(),
    connectedBy: text().notNull(),
    disconnectedAt: timestamp({ withTimezone: true }),
    syncedAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex("stripe_connect_account_current")
      .on(t.organizationId)
      .where(sql`${t.disconnectedAt} is null`),
  ],
);

/** Where a ledger entry or payment came from: this app, Stripe (via a webhook), a PMS mirror, an import. */
export const LEDGER_SOURCES = ["app", "stripe", "pms", "import"] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

export const PAYMENT_METHODS = ["card", "cash", "check", "ach", "other"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "refunded", "partially_refunded"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Money received from a customer (or an attempt that failed). A succeeded payment has exactly one
 * ledger entry of kind "payment"; refunds add entries of kind "refund" and raise `refundedCents`.
 * Stripe ids are unique, so the same PaymentIntent is never recorded twice, whichever webhook
 * arrives first.
 */
export const payment = pgTable(
  "payment",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    customerId: uuid().notNull(),
    rentalId: uuid(),
    reservationId: uuid(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    method: text({ enum: PAYMENT_METHODS }).notNull(),
    status: text({ enum: PAYMENT_STATUSES }).notNull().default("succeeded"),
    refundedCents: integer().notNull().default(0),
    /** Our fee on this payment (Stripe application fee), taken from the operator's payout. */
    platformFeeCents: integer().notNull().default(0),
    source: text({ enum: LEDGER_SOURCES }).notNull().default("app"),
    /** The source's own id (a PMS payment id); unique per organization and source. */
    externalId: text(),
    stripeAccountId: text(),
    stripePaymentIntentId: text(),
    stripeChargeId: text(),
    stripeCheckoutSessionId: text(),
    paymentLinkId: uuid(),
    failureMessage: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    tenantKey("payment_org_id_key", t.organizationId, t.id),
    tenantFk("payment_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "restrict"),
    tenantFk("payment_rental_id_tenant_fk", t.organizationId, t.rentalId, rental, "cascade"),
    tenantFk("payment_reservation_id_tenant_fk", t.organizationId, t.reservationId, reservation, "set null"),
    index().on(t.rentalId),
    index().on(t.organizationId, t.receivedAt),
    index().on(t.organizationId, t.customerId),
    uniqueIndex("payment_stripe_payment_intent")
      .on(t.stripePaymentIntentId)
      .where(sql`${t.stripePaymentIntentId} is not null`),
    uniqueIndex("payment_external")
      .on(t.organizationId, t.source, t.externalId)
      .where(sql`${t.externalId} is not null`),
    check("payment_amount_positive", sql`${t.amountCents} > 0`),
    check("payment_refunded_range", sql`${t.refundedCents} >= 0 and ${t.refundedCents} <= ${t.amountCents}`),
  ],
);

/**
 * charge: the customer owes more (rent, fees, protection, deposit, tax); payment: money received;
 * refund: money given back (the customer owes it again unless a credit goes with it); credit: a
 * reduction of what is owed (promotion, write-off, goodwill). `amountCents` is always positive; the
 * kind gives the sign, so the balance is sum(charge + refund) - sum(payment + credit).
 */
export const LEDGER_KINDS = ["charge", "payment", "refund", "credit"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export const LEDGER_CATEGORIES = [
  "rent",
  "admin_fee",
  "fee",
  "late_fee",
  "protection",
  "deposit",
  "tax",
  "promotion",
  "payment",
  "refund",
  "adjustment",
  "opening_balance",
  "dispute",
] as const;
export type LedgerCategory = (typeof LEDGER_CATEGORIES)[number];

/**
 * The ledger of a rental or a reservation (both ids once a reservation's entries moved in with it).
 * Append-only: a mistake is undone by an opposite entry, never by an update or a delete. Every
 * poster names its entry (`source`, `externalId`), so posting the same thing twice adds nothing.
 */
export const ledgerEntry = pgTable(
  "ledger_entry",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    ...customerAccount(),
    kind: text({ enum: LEDGER_KINDS }).notNull(),
    category: text({ enum: LEDGER_CATEGORIES }).notNull(),
    amountCents: integer().notNull(),
    description: text().notNull().default(""),
    paymentId: uuid(),
    source: text({ enum: LEDGER_SOURCES }).notNull().default("app"),
    externalId: text(),
    /** When it takes effect (a rent charge's due date); defaults to when it was posted. */
    effectiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    ...customerAccountKeys("ledger_entry", t),
    tenantFk("ledger_entry_payment_id_tenant_fk", t.organizationId, t.paymentId, payment, "set null"),
    index().on(t.organizationId, t.customerId, t.effectiveAt),
    index()
      .on(t.rentalId)
      .where(sql`${t.rentalId} is not null`),
    index()
      .on(t.reservationId)
      .where(sql`${t.reservationId} is not null`),
    index()
      .on(t.paymentId)
      .where(sql`${t.paymentId} is not null`),
    uniqueIndex("ledger_entry_external")
      .on(t.organizationId, t.source, t.externalId)
      .where(sql`${t.externalId} is not null`),
    // Analytics: refunds of a period (src/server/analytics/payment-metrics.ts).
    index("ledger_entry_refunds")
      .on(t.organizationId, t.effectiveAt)
      .where(sql`${t.kind} = 'refund'`),
    check("ledger_entry_amount_positive", sql`${t.amountCents} > 0`),
  ],
);

export const PAYMENT_LINK_PURPOSES = ["move_in", "balance"] as const;
export type PaymentLinkPurpose = (typeof PAYMENT_LINK_PURPOSES)[number];
export const PAYMENT_LINK_STATUSES = ["open", "paid", "expired", "cancelled"] as const;
export type PaymentLinkStatus = (typeof PAYMENT_LINK_STATUSES)[number];

export interface PaymentLinkLine {
  code: string;
  label: string;
  amountCents: number;
}

/**
 * A secure link texted or e-mailed to a customer: `/pay/<token>` opens a Stripe Checkout Session on
 * the organization's connected account for exactly `amountCents` (the sum of `lineItems`). The token
 * is the only secret in the URL; it is random and long. A link is paid at most once.
 */
export const paymentLink = pgTable(
  "payment_link",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    ...customerAccount(),
    purpose: text({ enum: PAYMENT_LINK_PURPOSES }).notNull(),
    token: text().notNull().unique(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    lineItems: jsonb().$type<PaymentLinkLine[]>().notNull(),
    description: text().notNull().default(""),
    status: text({ enum: PAYMENT_LINK_STATUSES }).notNull().default("open"),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    stripeAccountId: text().notNull(),
    stripeCheckoutSessionId: text(),
    checkoutUrl: text(),
    checkoutExpiresAt: timestamp({ withTimezone: true }),
    /** How many Checkout Sessions were made for it (each one's idempotency key carries the number). */
    checkoutAttempts: integer().notNull().default(0),
    paymentId: uuid(),
    sentTo: text(),
    channel: text().notNull().default("dashboard"),
    createdBy: text().notNull(),
    paidAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    ...customerAccountKeys("payment_link", t),
    tenantFk("payment_link_payment_id_tenant_fk", t.organizationId, t.paymentId, payment, "set null"),
    index().on(t.organizationId, t.customerId, t.createdAt),
    // Analytics: links made in a period.
    index("payment_link_org_created").on(t.organizationId, t.createdAt),
    index()
      .on(t.reservationId)
      .where(sql`${t.reservationId} is not null`),
    uniqueIndex("payment_link_checkout_session")
      .on(t.stripeCheckoutSessionId)
      .where(sql`${t.stripeCheckoutSessionId} is not null`),
    check("payment_link_amount_positive", sql`${t.amountCents} > 0`),
  ],
);

/** Stripe's dispute statuses (warning_* are inquiries: no money moved yet). */
export const DISPUTE_STATUSES = [
  "warning_needs_response",
  "warning_under_review",
  "warning_closed",
  "needs_response",
  "under_review",
  "won",
  "lost",
  "prevented",
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/**
 * A customer's bank disputing a card payment (a chargeback), as Stripe reports it on the connected
 * account: one row per Stripe dispute, kept at Stripe's current state by the Connect webhook. A lost
 * dispute reverses the payment on the ledger (a `refund` entry of category `dispute`); a dispute
 * won after a loss was recorded restores it (a `credit`).
 */
export const paymentDispute = pgTable(
  "payment_dispute",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    paymentId: uuid().notNull(),
    stripeDisputeId: text().notNull().unique(),
    stripeAccountId: text().notNull(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    /** Stripe's reason code: fraudulent, product_not_received, duplicate, … */
    reason: text().notNull().default(""),
    status: text({ enum: DISPUTE_STATUSES }).notNull(),
    /** When the evidence must reach Stripe (answer from the Stripe Dashboard). */
    evidenceDueBy: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps(),
  },
  (t) => [
    tenantFk("payment_dispute_payment_id_tenant_fk", t.organizationId, t.paymentId, payment, "cascade"),
    index().on(t.organizationId, t.paymentId),
    check("payment_dispute_amount_positive", sql`${t.amountCents} > 0`),
  ],
);
