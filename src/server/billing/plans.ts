/**
 * The one place plans are defined: what each plan allows and which Stripe prices sell it.
 *
 * Limits are enforced on the server (see entitlements.ts); `null` means no limit. Prices shown in
 * the UI (`displayCents`) are for reading only: what a customer is charged is the Stripe price whose
 * id comes from the environment, so the two must be kept in step in the Stripe dashboard.
 *
 * Price ids are read from `process.env` when asked for, not at import, so tests and a running
 * server can point at a different Stripe account without a rebuild.
 */

// The ids are the subscription table's column values, so the schema holds them (the database sits
// below billing in the layer order, ARCHITECTURE.md).
import { PLAN_IDS, type PlanId } from "@/server/db/schema/billing";

export { PLAN_IDS, type PlanId };

/** Plans an operator can buy. "unlimited" is internal: every organization gets it while Stripe is not configured. */
export const PAID_PLAN_IDS = ["starter", "growth", "scale"] as const satisfies readonly PlanId[];
export type PaidPlanId = (typeof PAID_PLAN_IDS)[number];

export const INTERVALS = ["month", "year"] as const;
export type Interval = (typeof INTERVALS)[number];

export const LIMITED_RESOURCES = ["facilities", "phone_numbers", "members"] as const;
export type LimitedResource = (typeof LIMITED_RESOURCES)[number];

/** A free trial for new organizations, counted from sign-up and carried into Checkout. */
export const TRIAL_DAYS = 14;

/**
 * After a failed payment the operator keeps full service this long while Stripe retries the card
 * (Smart Retries run over about a week); then booking stops as if the subscription had ended.
 */
export const GRACE_PERIOD_DAYS = 7;

export interface PlanLimits {
  facilities: number | null;
  phone_numbers: number | null;
  members: number | null;
  includedCallMinutes: number | null;
  includedMessages: number | null;
}

export interface Plan {
  id: PlanId;
  name: string;
  description: string;
  limits: PlanLimits;
  /** Price per call minute beyond the included minutes, in cents. */
  overageCentsPerMinute: number;
  /** Price per message beyond the included messages, in cents. */
  overageCentsPerMessage: number;
  /** List prices for display; Stripe's price objects are what is charged. */
  displayCents: Record<Interval, number> | null;
  /**
   * Our fee on each payment a customer makes to the operator (issue 16), in basis points of the
   * amount: taken as the Stripe application fee from the operator's connected account. 0: none.
   */
  paymentFeeBps: number;
}

export const PLANS: Record<PlanId, Plan> = {
  starter: {
    id: "starter",
    name: "Starter",
    description: "One facility answered around the clock.",
    limits: { facilities: 1, phone_numbers: 2, members: 5, includedCallMinutes: 500, includedMessages: 1_000 },
    overageCentsPerMinute: 12,
    overageCentsPerMessage: 2,
    displayCents: { month: 9_900, year: 99_000 },
    paymentFeeBps: 50,
  },
  growth: {
    id: "growth",
    name: "Growth",
    description: "A small portfolio with a shared call team.",
    limits: { facilities: 5, phone_numbers: 10, members: 25, includedCallMinutes: 2_500, includedMessages: 5_000 },
    overageCentsPerMinute: 10,
    overageCentsPerMessage: 2,
    displayCents: { month: 29_900, year: 299_000 },
    paymentFeeBps: 25,
  },
  scale: {
    id: "scale",
    name: "Scale",
    description: "Regional operators with many facilities.",
    limits: { facilities: 25, phone_numbers: 60, members: 150, includedCallMinutes: 12_000, includedMessages: 25_000 },
    overageCentsPerMinute: 8,
    overageCentsPerMessage: 1,
    displayCents: { month: 89_900, year: 899_000 },
    paymentFeeBps: 0,
  },
  unlimited: {
    id: "unlimited",
    name: "Unlimited",
    description: "Billing is not configured: every limit is lifted.",
    limits: { facilities: null, phone_numbers: null, members: null, includedCallMinutes: null, includedMessages: null },
    overageCentsPerMinute: 0,
    overageCentsPerMessage: 0,
    displayCents: null,
    paymentFeeBps: 0,
  },
};

/** The plan a new organization trials before it has chosen one. */
export const TRIAL_PLAN: PaidPlanId = "starter";

export const isPlanId = (v: unknown): v is PlanId =>
  typeof v === "string" && (PLAN_IDS as readonly string[]).includes(v);
export const isPaidPlanId = (v: unknown): v is PaidPlanId =>
  typeof v === "string" && (PAID_PLAN_IDS as readonly string[]).includes(v);

const envName = (plan: PaidPlanId, suffix: string) => `STRIPE_PRICE_${plan.toUpperCase()}_${suffix}`;
const read = (name: string) => {
  const v = process.env[name]?.trim();
  return v ? v : null;
};

/** The Stripe price id that sells `plan` per `interval` (STRIPE_PRICE_STARTER_MONTHLY, ...), or null. */
export function priceIdFor(plan: PaidPlanId, interval: Interval): string | null {
  return read(envName(plan, interval === "month" ? "MONTHLY" : "YEARLY"));
}

/**
 * Optional metered price (STRIPE_PRICE_STARTER_USAGE, ...) attached to the subscription so call
 * minutes reported to the Billing Meter are invoiced. Its tiers carry the included allowance.
 */
export function usagePriceIdFor(plan: PaidPlanId): string | null {
  return read(envName(plan, "USAGE"));
}

/** Which plan and interval a Stripe price id sells, for reading a subscription back. */
export function planForPriceId(priceId: string): { plan: PaidPlanId; interval: Interval } | null {
  for (const plan of PAID_PLAN_IDS) {
    for (const interval of INTERVALS) {
      if (priceIdFor(plan, interval) === priceId) return { plan, interval };
    }
  }
  return null;
}

/** The Billing Meter event names usage is reported under (configure meters with these names). */
export function meterEventName(kind: "call_minutes" | "messages"): string {
  return kind === "call_minutes"
    ? (read("STRIPE_METER_CALL_MINUTES") ?? "storage_agent_call_minutes")
    : (read("STRIPE_METER_MESSAGES") ?? "storage_agent_messages");
}
