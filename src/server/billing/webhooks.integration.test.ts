import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getBillingState } from "@/server/billing/entitlements";
import { db } from "@/server/db/client";
import { billingSubscription, stripeEvent } from "@/server/db/schema";

import { callerFor, seedOrganization, type TestOrg } from "../../../tests/factories";
import { startStripeHarness, type StripeHarness } from "../../../tests/fakes/stripe-harness";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const rowOf = async (organizationId: string) =>
  (await db.select().from(billingSubscription).where(eq(billingSubscription.organizationId, organizationId)))[0];
const eventRow = async (id: string) => (await db.select().from(stripeEvent).where(eq(stripeEvent.id, id)))[0];

/** An organization that went through Checkout on the fake: returns its subscription id. */
async function subscribe(org: TestOrg, plan: "starter" | "growth" = "starter") {
  const owner = await callerFor(org.owner);
  const { url } = await owner.billing.checkout({ plan, interval: "month" });
  const sessionId = url.split("/checkout/")[1]!;
  const { subscription, delivery } = await h.fake.completeCheckout(sessionId);
  expect(delivery?.status).toBe(200);
  return subscription.id as string;
}

const post = (payload: string, signature: string | null) =>
  fetch(h.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
    body: payload,
  });

describe("Stripe webhook", () => {
  it("refuses a forged or missing signature with 400 and writes nothing", async () => {
    const org = await seedOrganization();
    const subId = await subscribe(org);
    const before = await rowOf(org.id);
    h.fake.updateSubscription(subId, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });

    const forged = h.fake.event("customer.subscription.deleted", h.fake.subscriptions.get(subId)!, {
      secret: "whsec_not_the_real_one",
    });
    const r1 = await post(forged.payload, forged.header);
    expect(r1.status).toBe(400);
    expect(await eventRow(forged.event.id)).toBeUndefined();

    const r2 = await post(forged.payload, null);
    expect(r2.status).toBe(400);

    // A correctly signed header for a different body (tampered payload) is refused too.
    const real = h.fake.event("customer.subscription.deleted", h.fake.subscriptions.get(subId)!);
    const r3 = await post(real.payload.replace(subId, `${subId}x`), real.header);
    expect(r3.status).toBe(400);

    expect((await rowOf(org.id))?.status).toBe(before?.status);
    expect(before?.status).toBe("trialing");
  });

  it("processes each event id once: a redelivered event changes nothing", async () => {
    const org = await seedOrganization();
    const subId = await subscribe(org);
    const e = h.fake.event("customer.subscription.updated", h.fake.subscriptions.get(subId)!);

    const first = await post(e.payload, e.header);
    expect(await first.json()).toMatchObject({ result: "processed" });
    expect((await eventRow(e.event.id))?.organizationId).toBe(org.id);

    // Stripe's state changes, then the *same* event is delivered again: it must not re-sync.
    h.fake.updateSubscription(subId, { status: "canceled" });
    const second = await post(e.payload, e.header);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ result: "duplicate" });
    expect((await rowOf(org.id))?.status).toBe("trialing");
  });

  it("ignores event types outside the allowlist without storing them", async () => {
    const e = h.fake.event("customer.updated", { id: "cus_whatever", object: "customer" });
    const res = await post(e.payload, e.header);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: "ignored" });
    expect(await eventRow(e.event.id)).toBeUndefined();
  });

  it("ends in Stripe's current state whatever order events arrive in", async () => {
    const org = await seedOrganization();
    const subId = await subscribe(org, "growth");
    const sub = h.fake.subscriptions.get(subId)!;

    // Two snapshots: an older past_due one and a newer active one. Stripe now says active.
    const older = h.fake.event("customer.subscription.updated", { ...sub, status: "past_due" });
    h.fake.updateSubscription(subId, { status: "active", trial_end: null });
    const newer = h.fake.event("customer.subscription.updated", h.fake.subscriptions.get(subId)!);

    expect((await post(newer.payload, newer.header)).status).toBe(200);
    expect((await post(older.payload, older.header)).status).toBe(200);
    const row = await rowOf(org.id);
    expect(row?.status).toBe("active");
    expect(row?.plan).toBe("growth");
    expect(row?.gracePeriodEnd).toBeNull();

    // Cancelled in Stripe; the deletion arrives, then a late "updated" that still says active.
    h.fake.updateSubscription(subId, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });
    const deleted = h.fake.event("customer.subscription.deleted", h.fake.subscriptions.get(subId)!);
    expect((await post(deleted.payload, deleted.header)).status).toBe(200);
    const late = h.fake.event("customer.subscription.updated", { ...sub, status: "active" });
    expect((await post(late.payload, late.header)).status).toBe(200);
    expect((await rowOf(org.id))?.status).toBe("canceled");
    expect(await getBillingState(db, org.id).then((s) => s.canBook)).toBe(false);
  });

  it("a failed payment starts the grace period; a paid invoice ends it", async () => {
    const org = await seedOrganization();
    const subId = await subscribe(org);
    h.fake.updateSubscription(subId, { status: "active", trial_end: null });

    const invoice = h.fake.failPayment(subId);
    const failed = await h.fake.sendEvent("invoice.payment_failed", invoice);
    expect(failed.status).toBe(200);
    const row = await rowOf(org.id);
    expect(row?.status).toBe("past_due");
    const graceDays = (row!.gracePeriodEnd!.getTime() - Date.now()) / 86_400_000;
    expect(graceDays).toBeGreaterThan(6.9);
    expect(graceDays).toBeLessThanOrEqual(7);

    const during = await getBillingState(db, org.id);
    expect(during.canBook).toBe(true);
    expect(during.notice).toMatchObject({ kind: "past_due" });
    const after = await getBillingState(db, org.id, new Date(row!.gracePeriodEnd!.getTime() + 1000));
    expect(after.canBook).toBe(false);
    expect(after.notice).toMatchObject({ kind: "suspended" });

    // A second failure must not push the grace period further out.
    await h.fake.sendEvent("invoice.payment_failed", h.fake.createInvoice(subId, "open"));
    expect((await rowOf(org.id))?.gracePeriodEnd?.getTime()).toBe(row!.gracePeriodEnd!.getTime());

    h.fake.updateSubscription(subId, { status: "active" });
    const paid = await h.fake.sendEvent("invoice.paid", h.fake.createInvoice(subId, "paid"));
    expect(paid.status).toBe(200);
    const recovered = await rowOf(org.id);
    expect(recovered?.status).toBe("active");
    expect(recovered?.gracePeriodEnd).toBeNull();
  });

  it("answers 500 and keeps no event row when Stripe cannot be read, so the retry is processed", async () => {
    const e = h.fake.event("customer.subscription.updated", { id: "sub_does_not_exist", object: "subscription" });
    const res = await post(e.payload, e.header);
    expect(res.status).toBe(500);
    expect(await eventRow(e.event.id)).toBeUndefined();
  });
});
