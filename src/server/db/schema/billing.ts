import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * Billing: our copy of each organization's Stripe subscription, the Stripe events already handled,
 * and metered usage. Stripe is the source of truth for subscriptions; these rows are rewritten from
 * a fresh read of Stripe on every webhook, so they never drift by replaying an old payload.
 */
/** Plan ids (what each plan allows and costs: src/server/billing/plans.ts). */
export const PLAN_IDS = ["starter", "growth", "scale", "unlimited"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const SUBSCRIPTION_STATUSES = ["trialing", "active", "past_due", "canceled", "incomplete", "none"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const USAGE_KINDS = ["call_minutes", "messages"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export const billingSubscription = pgTable("billing_subscription", {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: organizationId().unique(),
  plan: text({ enum: PLAN_IDS }).notNull().default("starter"),
  interval: text({ enum: ["month", "year"] }),
  /** "none": no Stripe subscription yet (the sign-up trial applies) */
  status: text({ enum: SUBSCRIPTION_STATUSES }).notNull().default("none"),
  stripeCustomerId: text().unique(),
  stripeSubscriptionId: text().unique(),
  currentPeriodStart: timestamp({ withTimezone: true }),
  currentPeriodEnd: timestamp({ withTimezone: true }),
  trialEnd: timestamp({ withTimezone: true }),
  cancelAt: timestamp({ withTimezone: true }),
  canceledAt: timestamp({ withTimezone: true }),
  /** Set when the subscription first goes past_due; booking stops after it. */
  gracePeriodEnd: timestamp({ withTimezone: true }),
  syncedAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Every Stripe event id we have handled: the primary key makes each event take effect once. */
export const stripeEvent = pgTable("stripe_event", {
  id: text().primaryKey(),
  type: text().notNull(),
  objectId: text(),
  organizationId: text(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Billable usage. `sourceId` names what produced it (a call or message id) so recording the same
 * thing twice, as a retried job will, adds nothing.
 */
export const usageRecord = pgTable(
  "usage_record",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    /** The UTC calendar month, "2026-03", for monthly roll-ups. */
    period: text().notNull(),
    kind: text({ enum: USAGE_KINDS }).notNull(),
    quantity: integer().notNull(),
    sourceId: text().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    reportedToStripeAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.organizationId, t.kind, t.sourceId),
    index().on(t.organizationId, t.occurredAt),
    index().on(t.reportedToStripeAt),
  ],
);
