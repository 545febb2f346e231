import type { SubscriptionStatus } from "@/server/db/schema/billing";

import { isPlanId, PLANS, TRIAL_DAYS, TRIAL_PLAN, type Plan } from "./plans";

/**
 * What an organization may do right now, derived from its subscription row. Pure (no I/O), so every
 * rule below is unit-tested without a database:
 *
 * - Stripe not configured: the unlimited plan, everything allowed (self-hosting, the demo).
 * - No subscription yet: a sign-up trial of TRIAL_DAYS on the trial plan, counted from the day the
 *   organization was created; after it, nothing new is allowed until a plan is chosen.
 * - trialing / active: the plan's limits.
 * - past_due: full service until the grace period ends, with a banner; then like canceled.
 * - incomplete (first payment pending): treated like no subscription, so the sign-up trial still counts.
 * - canceled: the agent still answers and takes messages, and all data stays readable
 *   and exportable, but it no longer books units and nothing new can be added.
 */
export interface SubscriptionRow {
  plan: string;
  status: SubscriptionStatus;
  interval: "month" | "year" | null;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  trialEnd: Date | null;
  cancelAt: Date | null;
  gracePeriodEnd: Date | null;
}

export type BillingNotice =
  | { kind: "trial"; endsAt: Date }
  | { kind: "trial_ended" }
  | { kind: "past_due"; graceEndsAt: Date | null }
  | { kind: "suspended" }
  | { kind: "canceled" };

export interface BillingState {
  configured: boolean;
  plan: Plan;
  /** The stored Stripe status, or "none" when the organization has no subscription. */
  status: SubscriptionStatus;
  interval: "month" | "year" | null;
  /** Sign-up trial or Stripe trial end. */
  trialEnd: Date | null;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAt: Date | null;
  gracePeriodEnd: Date | null;
  stripeCustomerId: string | null;
  hasSubscription: boolean;
  /** The agent may make reservations. */
  canBook: boolean;
  /** New facilities, numbers and members may be added (within the plan's limits). */
  canGrow: boolean;
  notice: BillingNotice | null;
}

const DAY_MS = 86_400_000;

export function signupTrialEnd(organizationCreatedAt: Date): Date {
  return new Date(organizationCreatedAt.getTime() + TRIAL_DAYS * DAY_MS);
}

export function deriveBillingState(input: {
  configured: boolean;
  row: SubscriptionRow | null;
  organizationCreatedAt: Date;
  now: Date;
}): BillingState {
  const { configured, row, now } = input;
  const base = {
    interval: row?.interval ?? null,
    currentPeriodStart: row?.currentPeriodStart ?? null,
    currentPeriodEnd: row?.currentPeriodEnd ?? null,
    cancelAt: row?.cancelAt ?? null,
    gracePeriodEnd: row?.gracePeriodEnd ?? null,
    stripeCustomerId: row?.stripeCustomerId ?? null,
    hasSubscription: Boolean(row?.stripeSubscriptionId) && row?.status !== "none",
  };
  if (!configured) {
    return {
      ...base,
      configured: false,
      plan: PLANS.unlimited,
      status: row?.status ?? "none",
      trialEnd: null,
      canBook: true,
      canGrow: true,
      notice: null,
    };
  }

  const status: SubscriptionStatus = row?.status ?? "none";
  const plan = row && isPlanId(row.plan) && row.plan !== "unlimited" ? PLANS[row.plan] : PLANS[TRIAL_PLAN];
  const state = (
    canBook: boolean,
    canGrow: boolean,
    notice: BillingNotice | null,
    trialEnd = row?.trialEnd ?? null,
  ): BillingState => ({
    ...base,
    configured: true,
    plan,
    status,
    trialEnd,
    canBook,
    canGrow,
    notice,
  });

  switch (status) {
    // incomplete: a first payment that has not gone through yet; the sign-up trial still covers it.
    case "none":
    case "incomplete": {
      const endsAt = signupTrialEnd(input.organizationCreatedAt);
      if (now < endsAt) return { ...state(true, true, { kind: "trial", endsAt }, endsAt), plan: PLANS[TRIAL_PLAN] };
      return { ...state(false, false, { kind: "trial_ended" }, endsAt), plan: PLANS[TRIAL_PLAN] };
    }
    case "trialing":
      return state(true, true, row?.trialEnd ? { kind: "trial", endsAt: row.trialEnd } : null);
    case "active":
      return state(true, true, null);
    case "past_due": {
      const grace = row?.gracePeriodEnd ?? null;
      if (grace && now >= grace) return state(false, false, { kind: "suspended" });
      return state(true, true, { kind: "past_due", graceEndsAt: grace });
    }
    case "canceled":
      return state(false, false, { kind: "canceled" });
  }
}
