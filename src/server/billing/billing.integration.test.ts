import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { assertCanAdd, canBook, getBillingState } from "@/server/billing/entitlements";
import { reportUsageToStripe, recordUsage } from "@/server/billing/usage";
import { db, withOrg } from "@/server/db/client";
import {
  billingSubscription,
  conversation,
  facility,
  organization,
  phoneNumber,
  reservation,
  usageRecord,
} from "@/server/db/schema";

import { callerFor, seedMember, seedOrganization, unique, type TestOrg } from "../../../tests/factories";
import { OPEN_NOW, seedAgentFacility } from "../../../tests/agent/seed";
import { startStripeHarness, type StripeHarness } from "../../../tests/fakes/stripe-harness";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function subscribe(org: TestOrg, plan: "starter" | "growth" = "starter") {
  const { url } = await (await callerFor(org.owner)).billing.checkout({ plan, interval: "month" });
  const { subscription } = await h.fake.completeCheckout(url.split("/checkout/")[1]!);
  return subscription.id as string;
}

describe("billing router", () => {
  it("creates a Checkout Session on the fake with the plan's price, the trial and the organization", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const { url } = await owner.billing.checkout({ plan: "growth", interval: "year" });
    expect(url.startsWith(`${h.fake.url}/checkout/cs_test_`)).toBe(true);

    const session = h.fake.sessions.get(url.split("/checkout/")[1]!)!;
    expect(session.client_reference_id).toBe(org.id);
    expect(session.line_items).toEqual([{ price: "price_growth_year", quantity: "1" }]);
    expect(session.subscription_data).toMatchObject({
      trial_period_days: "14",
      metadata: { organizationId: org.id, plan: "growth" },
    });
    expect(String(session.success_url)).toContain(`/${org.slug}/settings/billing?checkout=success`);
    const customer = h.fake.customers.get(String(session.customer))!;
    expect(customer.metadata).toEqual({ organizationId: org.id });

    // The hosted page completes it and the webhook records the subscription.
    const page = await fetch(url);
    expect(await page.text()).toContain("Pay</button>");
    const pay = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toContain("checkout=success");
    const status = await owner.billing.status();
    expect(status).toMatchObject({
      configured: true,
      status: "trialing",
      hasSubscription: true,
      interval: "year",
      canManage: true,
    });
    expect(status.plan.id).toBe("growth");

    // Subscribing twice is refused; changes go through the portal.
    await expect(owner.billing.checkout({ plan: "scale", interval: "month" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const portal = await owner.billing.portal();
    expect(portal.url.startsWith(`${h.fake.url}/portal/`)).toBe(true);
  });

  it("refuses a plan/interval with no Stripe price, and the portal before any purchase", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const sessionsBefore = h.fake.sessions.size;
    await expect(owner.billing.checkout({ plan: "scale", interval: "year" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await expect(owner.billing.portal()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    // @ts-expect-error: unknown plans are refused by input validation
    await expect(owner.billing.checkout({ plan: "unlimited", interval: "month" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(h.fake.sessions.size).toBe(sessionsBefore);
  });

  it("is for owners and admins: managers and staff get FORBIDDEN but can read the notice", async () => {
    const org = await seedOrganization();
    const admin = await callerFor(await seedMember(org, "admin"));
    expect((await admin.billing.status()).configured).toBe(true);
    for (const role of ["manager", "staff"] as const) {
      const caller = await callerFor(await seedMember(org, role));
      await expect(caller.billing.status()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.billing.usage()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.billing.checkout({ plan: "starter", interval: "month" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.billing.portal()).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await caller.billing.notice()).toMatchObject({
        configured: true,
        canBook: true,
        canManageBilling: false,
        notice: { kind: "trial" },
      });
    }
    expect([...h.fake.sessions.values()].some((s) => s.client_reference_id === org.id)).toBe(false);
  });
});

describe("entitlements", () => {
  it("refuses going past the plan's limits with the plan, the count and an upgrade path", async () => {
    const org = await seedOrganization(); // sign-up trial: Starter limits (1 facility, 2 numbers, 5 members)
    await withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "facilities"));
    await db.insert(facility).values({ organizationId: org.id, name: "Main St", slug: unique("fac") });
    const err = await withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "facilities")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FORBIDDEN" });
    expect((err as Error).message).toMatch(/Starter plan includes 1 facility and you have 1\. Upgrade to Growth/);
    expect((err as Error).message).toContain("Settings > Billing");

    // Deactivated facilities and released numbers do not count.
    await db.update(facility).set({ active: false }).where(eq(facility.organizationId, org.id));
    await withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "facilities"));
    const e164 = `+1555${Math.floor(1_000_000 + Math.random() * 8_999_999)}`;
    await db.insert(phoneNumber).values([
      { organizationId: org.id, e164, source: "attached" },
      { organizationId: org.id, e164: `${e164.slice(0, -1)}x`, source: "attached", status: "released" },
    ]);
    await withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "phone_numbers"));
    await expect(withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "phone_numbers", 2))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    for (let i = 0; i < 4; i++) await seedMember(org, "staff"); // owner + 4 = 5 seats
    await expect(withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "members"))).rejects.toThrow(
      /5 team members and you have 5/,
    );
  });

  it("serialises concurrent adds so two requests cannot both take the last slot", async () => {
    const org = await seedOrganization(); // Starter: 1 facility
    const add = (name: string) =>
      withOrg(org.id, async (tx) => {
        await assertCanAdd(tx, org.id, "facilities");
        // Widen the gap between the check and the insert, as a slow request would.
        await tx.execute(sql`select pg_sleep(0.3)`);
        await tx.insert(facility).values({ organizationId: org.id, name, slug: unique("fac") });
      });
    const results = await Promise.allSettled([add("A"), add("B"), add("C")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.$count(facility, eq(facility.organizationId, org.id))).toBe(1);
  });

  it("after cancellation: no booking and nothing new, but data stays readable", async () => {
    const org = await seedOrganization();
    const subId = await subscribe(org);
    expect(await canBook(org.id)).toBe(true);
    h.fake.updateSubscription(subId, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });
    expect((await h.fake.sendEvent("customer.subscription.deleted", h.fake.subscriptions.get(subId)!)).status).toBe(
      200,
    );

    expect(await canBook(org.id)).toBe(false);
    await expect(withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "facilities"))).rejects.toThrow(
      /subscription has ended/,
    );
    const status = await (await callerFor(org.owner)).billing.status();
    expect(status).toMatchObject({ status: "canceled", canBook: false, notice: { kind: "canceled" } });

    // Coming back: a new Checkout is allowed, without a second trial.
    const { url } = await (await callerFor(org.owner)).billing.checkout({ plan: "starter", interval: "month" });
    expect(h.fake.sessions.get(url.split("/checkout/")[1]!)!.subscription_data.trial_period_days).toBeUndefined();
  });

  it("after cancellation the agent still takes a message but books nothing", async () => {
    const org = await seedOrganization();
    const { facility: f } = await seedAgentFacility(org.id);
    const subId = await subscribe(org);
    h.fake.updateSubscription(subId, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });
    expect((await h.fake.sendEvent("customer.subscription.deleted", h.fake.subscriptions.get(subId)!)).status).toBe(
      200,
    );

    const start = await startConversation({
      organizationId: org.id,
      channel: "voice",
      facilityId: f.id,
      fromAddress: "+15125550177",
      now: OPEN_NOW,
    });
    const say = (text: string) =>
      respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
    const t1 = await say("i'd like to reserve a ten by ten please");
    expect(t1.reply).toMatch(/not able to make reservations/);
    for (const text of ["Maria Lopez", "yes that's right", "no that's all"]) await say(text);
    const rows = await db.select().from(reservation).where(eq(reservation.organizationId, org.id));
    expect(rows).toEqual([]);
    const [conv] = await db.select().from(conversation).where(eq(conversation.id, start.conversationId));
    expect(conv!.outcome).toBe("message");
  });

  it("the sign-up trial ends after 14 days without a plan", async () => {
    const org = await seedOrganization();
    const old = new Date(Date.now() - 15 * 86_400_000);
    await db.update(organization).set({ createdAt: old }).where(eq(organization.id, org.id));
    const state = await getBillingState(db, org.id);
    expect(state).toMatchObject({ status: "none", canBook: false, canGrow: false, notice: { kind: "trial_ended" } });
    await expect(withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "members"))).rejects.toThrow(/free trial has ended/);
    const { url } = await (await callerFor(org.owner)).billing.checkout({ plan: "starter", interval: "month" });
    expect(h.fake.sessions.get(url.split("/checkout/")[1]!)!.subscription_data.trial_period_days).toBeUndefined();
  });
});

describe("usage", () => {
  it("records once per source, shows it against the allowance and reports it to Billing Meters once", async () => {
    const org = await seedOrganization();
    await subscribe(org);
    const call = unique("call");
    expect(
      await withOrg(org.id, (tx) =>
        recordUsage(tx, { organizationId: org.id, kind: "call_minutes", quantity: 7, sourceId: call }),
      ),
    ).toEqual({ recorded: true });
    expect(
      await withOrg(org.id, (tx) =>
        recordUsage(tx, { organizationId: org.id, kind: "call_minutes", quantity: 7, sourceId: call }),
      ),
    ).toEqual({ recorded: false });
    await recordUsage(db, { organizationId: org.id, kind: "messages", quantity: 1, sourceId: unique("msg") });
    await expect(
      recordUsage(db, { organizationId: org.id, kind: "messages", quantity: 0, sourceId: unique("msg") }),
    ).rejects.toThrow();

    const usage = await (await callerFor(org.owner)).billing.usage();
    expect(usage.callMinutes).toEqual({ used: 7, included: 500 });
    expect(usage.messages).toEqual({ used: 1, included: 1000 });
    expect(usage.resources.members).toEqual({ used: 1, limit: 5 });

    const customer = (
      await db.select().from(billingSubscription).where(eq(billingSubscription.organizationId, org.id))
    )[0]!.stripeCustomerId!;
    expect(await reportUsageToStripe({ organizationId: org.id })).toEqual({ reported: 2, failed: 0 });
    const sent = [...h.fake.meterEvents.values()].filter(
      (e) => (e.payload as Record<string, string>).stripe_customer_id === customer,
    );
    expect(sent.map((e) => [e.event_name, (e.payload as Record<string, string>).value]).sort()).toEqual([
      ["storage_agent_call_minutes", "7"],
      ["storage_agent_messages", "1"],
    ]);
    expect(await reportUsageToStripe({ organizationId: org.id })).toEqual({ reported: 0, failed: 0 });
    const rows = await db.select().from(usageRecord).where(eq(usageRecord.organizationId, org.id));
    expect(rows.every((r) => r.reportedToStripeAt !== null)).toBe(true);
  });

  it("does not report usage of organizations without a subscription", async () => {
    const org = await seedOrganization();
    await recordUsage(db, { organizationId: org.id, kind: "call_minutes", quantity: 3, sourceId: unique("call") });
    expect(await reportUsageToStripe({ organizationId: org.id })).toEqual({ reported: 0, failed: 0 });
  });
});
