import "server-only";

/**
 * Writes our copy of a subscription from a fresh read of Stripe. Webhook handlers pass only the
 * subscription id: whatever order events arrive in, each one stores Stripe's current state, so an
 * old `customer.subscription.updated` delivered late cannot roll the organization back.
 */
import { eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { billingSubscription, organization, type SubscriptionStatus } from "@/server/db/schema";
import type { Stripe } from "@/server/integrations/stripe";
import { log } from "@/server/log";

import { GRACE_PERIOD_DAYS, isPaidPlanId, planForPriceId, TRIAL_PLAN, type Interval, type PaidPlanId } from "./plans";

/** Stripe's statuses folded into ours. */
export function mapStripeStatus(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case "trialing":
      return "trialing";
    case "active":
      return "active";
    case "past_due":
      return "past_due";
    case "canceled":
      return "canceled";
    case "incomplete":
      return "incomplete";
    // unpaid: retries are exhausted but Stripe keeps the subscription open; treat as past due so the
    // grace period (already running) decides.
    case "unpaid":
      return "past_due";
    // incomplete_expired: the first payment never succeeded; paused: a trial ended without a card.
    case "incomplete_expired":
    case "paused":
      return "canceled";
    default:
      return "incomplete";
  }
}

const LIVE: readonly SubscriptionStatus[] = ["trialing", "active", "past_due"];
const toDate = (s: number | null | undefined) => (typeof s === "number" ? new Date(s * 1000) : null);
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

/** Which plan a subscription sells: its price ids first, then the plan we wrote into its metadata. */
function planOf(sub: Stripe.Subscription): {
  plan: PaidPlanId;
  interval: Interval | null;
  item: Stripe.SubscriptionItem | null;
} {
  for (const item of sub.items.data) {
    const match = planForPriceId(item.price.id);
    if (match) return { ...match, item };
  }
  const item = sub.items.data[0] ?? null;
  const recurring = item?.price.recurring?.interval;
  const interval: Interval | null = recurring === "month" ? "month" : recurring === "year" ? "year" : null;
  const meta = sub.metadata?.plan;
  return { plan: isPaidPlanId(meta) ? meta : TRIAL_PLAN, interval, item };
}

/** The organization a subscription belongs to: our metadata, the caller's hint, then the customer id. */
async function organizationFor(ex: Executor, sub: Stripe.Subscription, hint: string | null): Promise<string | null> {
  const candidates = [sub.metadata?.organizationId, hint].filter(
    (v): v is string => typeof v === "string" && v.length > 0,
  );
  for (const id of candidates) {
    const [org] = await ex.select({ id: organization.id }).from(organization).where(eq(organization.id, id));
    if (org) return org.id;
  }
  const customerId = idOf(sub.customer);
  if (!customerId) return null;
  const [row] = await ex
    .select({ organizationId: billingSubscription.organizationId })
    .from(billingSubscription)
    .where(eq(billingSubscription.stripeCustomerId, customerId));
  return row?.organizationId ?? null;
}

export interface SyncResult {
  organizationId: string | null;
  status: SubscriptionStatus | null;
  skipped?: string;
}

export async function syncSubscription(
  ex: Executor,
  stripe: Stripe,
  subscriptionId: string,
  opts: { organizationHint?: string | null; now?: Date } = {},
): Promise<SyncResult> {
  const now = opts.now ?? new Date();
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  const organizationId = await organizationFor(ex, sub, opts.organizationHint ?? null);
  if (!organizationId) {
    log.warn({ subscriptionId }, "stripe subscription belongs to no organization we know; ignored");
    return { organizationId: null, status: null, skipped: "unknown organization" };
  }

  const status = mapStripeStatus(sub.status);
  const [existing] = await ex
    .select()
    .from(billingSubscription)
    .where(eq(billingSubscription.organizationId, organizationId));

  // An organization that cancelled and subscribed again: late news about the old subscription must
  // not overwrite the live one.
  if (
    existing?.stripeSubscriptionId &&
    existing.stripeSubscriptionId !== sub.id &&
    LIVE.includes(existing.status) &&
    !LIVE.includes(status)
  ) {
    log.info(
      { organizationId, subscriptionId, current: existing.stripeSubscriptionId },
      "ignored an ended subscription: the organization has a live one",
    );
    return { organizationId, status: existing.status, skipped: "superseded subscription" };
  }

  const { plan, interval, item } = planOf(sub);
  // The grace period starts the first time we see past_due and is kept while it stays past_due.
  const gracePeriodEnd =
    status === "past_due"
      ? existing?.status === "past_due" && existing.gracePeriodEnd && existing.stripeSubscriptionId === sub.id
        ? existing.gracePeriodEnd
        : new Date(now.getTime() + GRACE_PERIOD_DAYS * 86_400_000)
      : null;

  const values = {
    plan,
    interval,
    status,
    stripeCustomerId: idOf(sub.customer),
    stripeSubscriptionId: sub.id,
    currentPeriodStart: toDate(item?.current_period_start),
    currentPeriodEnd: toDate(item?.current_period_end),
    trialEnd: toDate(sub.trial_end),
    cancelAt: toDate(sub.cancel_at),
    canceledAt: toDate(sub.canceled_at),
    gracePeriodEnd,
    syncedAt: now,
    updatedAt: now,
  };
  await ex
    .insert(billingSubscription)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: billingSubscription.organizationId, set: values });
  return { organizationId, status };
}
