import { describe, expect, it } from "vitest";

import { deriveBillingState, type SubscriptionRow } from "./billing-state";
import { mapStripeStatus } from "./sync-subscription";

const DAY = 86_400_000;
const now = new Date("2026-06-15T12:00:00Z");
const row = (over: Partial<SubscriptionRow>): SubscriptionRow => ({
  plan: "growth",
  status: "active",
  interval: "month",
  stripeCustomerId: "cus_1",
  stripeSubscriptionId: "sub_1",
  currentPeriodStart: new Date(now.getTime() - 10 * DAY),
  currentPeriodEnd: new Date(now.getTime() + 20 * DAY),
  trialEnd: null,
  cancelAt: null,
  gracePeriodEnd: null,
  ...over,
});
const derive = (r: SubscriptionRow | null, createdDaysAgo = 1, configured = true) =>
  deriveBillingState({
    configured,
    row: r,
    organizationCreatedAt: new Date(now.getTime() - createdDaysAgo * DAY),
    now,
  });

describe("deriveBillingState", () => {
  it("unconfigured billing means the unlimited plan whatever is stored", () => {
    const s = derive(row({ status: "canceled" }), 100, false);
    expect(s).toMatchObject({ configured: false, canBook: true, canGrow: true, notice: null });
    expect(s.plan.id).toBe("unlimited");
    expect(s.plan.limits.facilities).toBeNull();
  });

  it("no subscription: a 14-day sign-up trial on Starter, then nothing new and no booking", () => {
    const trial = derive(null, 3);
    expect(trial).toMatchObject({ status: "none", canBook: true, canGrow: true, notice: { kind: "trial" } });
    expect(trial.plan.id).toBe("starter");
    expect(trial.trialEnd?.getTime()).toBe(now.getTime() - 3 * DAY + 14 * DAY);
    expect(derive(null, 14)).toMatchObject({ canBook: false, canGrow: false, notice: { kind: "trial_ended" } });
    // An incomplete first payment keeps the sign-up trial rather than cutting it short.
    expect(derive(row({ status: "incomplete" }), 3)).toMatchObject({ canBook: true, notice: { kind: "trial" } });
  });

  it("active and trialing use the subscribed plan", () => {
    expect(derive(row({})).plan.id).toBe("growth");
    expect(derive(row({})).notice).toBeNull();
    expect(derive(row({ status: "trialing", trialEnd: new Date(now.getTime() + DAY) }))).toMatchObject({
      canBook: true,
      notice: { kind: "trial" },
    });
  });

  it("past_due books during the grace period and stops after it", () => {
    const grace = new Date(now.getTime() + DAY);
    expect(derive(row({ status: "past_due", gracePeriodEnd: grace }))).toMatchObject({
      canBook: true,
      canGrow: true,
      notice: { kind: "past_due", graceEndsAt: grace },
    });
    expect(derive(row({ status: "past_due", gracePeriodEnd: new Date(now.getTime() - 1) }))).toMatchObject({
      canBook: false,
      canGrow: false,
      notice: { kind: "suspended" },
    });
  });

  it("canceled keeps the agent answering but not booking", () => {
    expect(derive(row({ status: "canceled" }))).toMatchObject({
      canBook: false,
      canGrow: false,
      notice: { kind: "canceled" },
    });
  });
});

describe("mapStripeStatus", () => {
  it("folds Stripe's statuses into ours", () => {
    expect(mapStripeStatus("active")).toBe("active");
    expect(mapStripeStatus("unpaid")).toBe("past_due");
    expect(mapStripeStatus("incomplete_expired")).toBe("canceled");
    expect(mapStripeStatus("paused")).toBe("canceled");
    expect(mapStripeStatus("something_new")).toBe("incomplete");
  });
});
