/**
 * What Settings > Billing shows: the plan, its status, and usage against the allowance.
 */
import type { Executor } from "@/server/db/client";

import { countResource, getBillingState } from "./entitlements";
import { PAID_PLAN_IDS, PLANS, priceIdFor, type LimitedResource, type PaidPlanId, type Plan } from "./plans";
import { calendarMonth, usageBetween } from "./usage";

export interface UsageOverview {
  periodStart: Date;
  periodEnd: Date;
  callMinutes: { used: number; included: number | null };
  messages: { used: number; included: number | null };
  resources: Record<LimitedResource, { used: number; limit: number | null }>;
}

/** Usage in the current billing period (Stripe's period, or the calendar month without one). */
export async function usageOverview(ex: Executor, organizationId: string, now = new Date()): Promise<UsageOverview> {
  const state = await getBillingState(ex, organizationId, now);
  const inStripePeriod =
    state.currentPeriodStart &&
    state.currentPeriodEnd &&
    state.currentPeriodStart <= now &&
    now < state.currentPeriodEnd;
  const { start, end } = inStripePeriod
    ? { start: state.currentPeriodStart!, end: state.currentPeriodEnd! }
    : calendarMonth(now);
  const used = await usageBetween(ex, organizationId, start, end);
  const limits = state.plan.limits;
  const resource = async (r: LimitedResource) => ({
    used: await countResource(ex, organizationId, r, now),
    limit: limits[r],
  });
  return {
    periodStart: start,
    periodEnd: end,
    callMinutes: { used: used.call_minutes, included: limits.includedCallMinutes },
    messages: { used: used.messages, included: limits.includedMessages },
    resources: {
      facilities: await resource("facilities"),
      phone_numbers: await resource("phone_numbers"),
      members: await resource("members"),
    },
  };
}

export interface PlanOffer extends Omit<Plan, "id"> {
  id: PaidPlanId;
  available: { month: boolean; year: boolean };
}

/** The plans an operator can choose, with which intervals have a Stripe price on this server. */
export function planOffers(): PlanOffer[] {
  return PAID_PLAN_IDS.map((id) => ({
    ...PLANS[id],
    id,
    available: { month: Boolean(priceIdFor(id, "month")), year: Boolean(priceIdFor(id, "year")) },
  }));
}

export async function billingOverview(ex: Executor, organizationId: string, now = new Date()) {
  const state = await getBillingState(ex, organizationId, now);
  const { stripeCustomerId, ...visible } = state;
  return {
    ...visible,
    canManage: Boolean(stripeCustomerId),
    usage: await usageOverview(ex, organizationId, now),
    plans: state.configured ? planOffers() : [],
  };
}
