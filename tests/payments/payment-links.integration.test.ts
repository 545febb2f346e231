import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { emailOutbox, jobOutbox, payment, paymentLink, smsMessage, webhookDelivery } from "@/server/db/schema";
import { ledgerBalance } from "@/server/domain/ledger/balance";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { sendPaymentReceipt } from "@/server/payments/receipt";
import { setOutboxKicks } from "@/server/jobs/outbox";
import { createEndpoint } from "@/server/webhooks/endpoints";

import { callerFor } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR } from "../inventory/helpers";

import { connectedOrg, openLink, seedReservation, sessionIdOf } from "./helpers";

let h: StripeHarness;
beforeAll(async () => {
  // The receipt workflow's outbox row is checked, not drained into DBOS (its test is workflow-free).
  setOutboxKicks(false);
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

async function linkRow(id: string) {
  const [l] = await db.select().from(paymentLink).where(eq(paymentLink.id, id));
  return l!;
}

/** Staff send a move-in link; the customer opens it: the Checkout Session's id. */
async function openedMoveInLink() {
  const { org, account } = await connectedOrg(h);
  const owner = await callerFor(org.owner);
  const seeded = await seedReservation(org.id);
  const sent = await owner.payments.sendLink({ purpose: "move_in", reservationId: seeded.reservation.id });
  const opened = await openLink(sent.url);
  expect(opened.status).toBe(303);
  return { org, account, owner, ...seeded, sent, sessionId: sessionIdOf(opened.location!) };
}

describe("pay by text link: move-in", () => {
  it("texts a link for exactly the quote the caller heard, opens Checkout on the connected account, and a paid link says so", async () => {
    const { org, account, owner, reservation, quote, sent, sessionId } = await openedMoveInLink();
    await withOrg(org.id, (tx) =>
      createEndpoint(tx, org.id, ACTOR, { url: "https://example.test/pay-hook", eventTypes: ["payment.succeeded"] }),
    );
    expect(sent.amountCents).toBe(quote.dueAtMoveInCents);
    // The text went to the customer with the link.
    const [text] = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, org.id), eq(smsMessage.to, sentTo(sent))));
    expect(text?.body).toContain(sent.url);
    expect(text?.body).toContain(`$${(quote.dueAtMoveInCents / 100).toFixed(2)}`);

    // Asking again gives the same link (one payable link per move-in).
    const again = await owner.payments.sendLink({ purpose: "move_in", reservationId: reservation.id });
    expect(again).toMatchObject({ id: sent.id, reused: true });

    // The session: on the operator's account, the exact amount in non-negative lines, our plan's fee.
    const s = h.fake.connect.sessions.get(sessionId)!;
    expect(s.account).toBe(account);
    const total = s.line_items.reduce(
      (sum, li) => sum + Number((li.price_data as Record<string, unknown>).unit_amount),
      0,
    );
    expect(total).toBe(quote.dueAtMoveInCents);
    expect(s.metadata).toMatchObject({ payment_link_id: sent.id, organization_id: org.id });
    expect((s.payment_intent_data as Record<string, unknown>).application_fee_amount).toBe(
      String(Math.round((quote.dueAtMoveInCents * 50) / 10_000)),
    );
    const create = h.fake.requests.filter((r) => r.path === "/v1/checkout/sessions" && r.method === "POST");
    expect(create.length).toBeGreaterThan(0);
    // Opening again returns the same session, not a second one.
    expect((await openLink(sent.url)).location).toContain(sessionId);

    // The customer pays; Stripe's two events arrive at the same moment.
    const { checkoutCompleted, paymentSucceeded } = h.fake.connect.paySession(sessionId);
    const results = await Promise.all([
      h.fake.connect.deliver(checkoutCompleted),
      h.fake.connect.deliver(paymentSucceeded),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => JSON.parse(r.body).result).sort()).toEqual(["duplicate", "recorded"]);
    // And again (a redelivery): nothing changes.
    expect(JSON.parse((await h.fake.connect.deliver(checkoutCompleted)).body).result).toBe("duplicate");

    const payments = await db.select().from(payment).where(eq(payment.organizationId, org.id));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      amountCents: quote.dueAtMoveInCents,
      status: "succeeded",
      source: "stripe",
      reservationId: reservation.id,
      stripeAccountId: account,
      paymentLinkId: sent.id,
      platformFeeCents: Math.round((quote.dueAtMoveInCents * 50) / 10_000),
    });
    expect(await withOrg(org.id, (tx) => ledgerBalance(tx, org.id, { reservationId: reservation.id }))).toBe(0);
    expect((await linkRow(sent.id)).status).toBe("paid");

    const paidPage = await openLink(sent.url);
    expect(paidPage.status).toBe(200);
    expect(paidPage.text).toContain("Already paid");
    await expect(owner.payments.sendLink({ purpose: "move_in", reservationId: reservation.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });

    // Outbound webhook, and the receipt workflow written with the payment.
    const hooks = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(hooks.map((d) => d.eventType)).toEqual(["payment.succeeded"]);
    const jobs = await db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.workflowId, `payment-receipt:${payments[0]!.id}`));
    expect(jobs).toHaveLength(1);

    // The receipt: a text and an e-mail, each once.
    await sendPaymentReceipt(org.id, payments[0]!.id);
    await sendPaymentReceipt(org.id, payments[0]!.id);
    const receipts = await db
      .select()
      .from(smsMessage)
      .where(
        and(eq(smsMessage.organizationId, org.id), eq(smsMessage.idempotencyKey, `receipt:${payments[0]!.id}:sms`)),
      );
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.body).toContain("we received your payment");
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, `receipt:${payments[0]!.id}:email`));
    expect(mails).toHaveLength(1);

    // Moving in keeps it paid: the rental starts at zero.
    const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: reservation.id }));
    expect(moved.rental.balanceCents).toBe(0);
  });

  it("events out of order (success first, a stale failure last) record one payment", async () => {
    const { org, sessionId, reservation } = await openedMoveInLink();
    const { checkoutCompleted, paymentSucceeded } = h.fake.connect.paySession(sessionId);
    const pi = h.fake.connect.paymentIntents.get(String(h.fake.connect.sessions.get(sessionId)!.payment_intent))!;
    const staleFailure = h.fake.connect.event(
      "payment_intent.payment_failed",
      { ...pi, status: "requires_payment_method" },
      pi.account,
    );
    expect(JSON.parse((await h.fake.connect.deliver(paymentSucceeded)).body).result).toBe("recorded");
    expect(JSON.parse((await h.fake.connect.deliver(staleFailure)).body).result).toBe("duplicate");
    expect(JSON.parse((await h.fake.connect.deliver(checkoutCompleted)).body).result).toBe("duplicate");
    const rows = await db.select().from(payment).where(eq(payment.organizationId, org.id));
    expect(rows.map((r) => r.status)).toEqual(["succeeded"]);
    expect(await withOrg(org.id, (tx) => ledgerBalance(tx, org.id, { reservationId: reservation.id }))).toBe(0);
  });

  it("a declined card is recorded as failed (payment.failed), nothing on the ledger, and the link stays payable", async () => {
    const { org, sessionId, sent } = await openedMoveInLink();
    await withOrg(org.id, (tx) =>
      createEndpoint(tx, org.id, ACTOR, { url: "https://example.test/fail-hook", eventTypes: ["payment.failed"] }),
    );
    const declined = h.fake.connect.declineSession(sessionId);
    expect(JSON.parse((await h.fake.connect.deliver(declined)).body).result).toBe("failed_recorded");
    const [p] = await db.select().from(payment).where(eq(payment.organizationId, org.id));
    expect(p).toMatchObject({ status: "failed", failureMessage: "Your card was declined." });
    expect((await linkRow(sent.id)).status).toBe("open");
    const hooks = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(hooks.map((d) => d.eventType)).toEqual(["payment.failed"]);
    expect((await openLink(sent.url)).status).toBe(303);
  });

  it("an expired link opens on 'expired' and closes its session; one paid after it expired is still recorded once", async () => {
    const { org, sent, sessionId } = await openedMoveInLink();
    await db
      .update(paymentLink)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(paymentLink.id, sent.id));
    // The customer had Checkout open in a tab and pays after the link's expiry: Stripe took the money.
    const { paymentSucceeded } = h.fake.connect.paySession(sessionId);
    expect(JSON.parse((await h.fake.connect.deliver(paymentSucceeded)).body).result).toBe("recorded");
    expect((await linkRow(sent.id)).status).toBe("paid");
    expect((await openLink(sent.url)).text).toContain("Already paid");

    // A second link that expires unpaid: "expired", and its open session is expired at Stripe.
    const other = await openedMoveInLink();
    await db
      .update(paymentLink)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(paymentLink.id, other.sent.id));
    const page = await openLink(other.sent.url);
    expect(page.status).toBe(410);
    expect(page.text).toContain("Link expired");
    expect(h.fake.connect.sessions.get(other.sessionId)!.status).toBe("expired");
    expect((await linkRow(other.sent.id)).status).toBe("expired");
    expect(org.id).not.toBe(other.org.id);
  });
});

describe("pay by text link: balance, refunds and isolation", () => {
  it("a tenant's balance link pays the rental to zero; a refund by webhook puts it back once", async () => {
    const { org, account } = await connectedOrg(h);
    const owner = await callerFor(org.owner);
    const { reservation } = await seedReservation(org.id);
    const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: reservation.id }));
    const due = moved.rental.balanceCents;
    expect(due).toBeGreaterThan(0);
    const sent = await owner.payments.sendLink({ purpose: "balance", customerId: reservation.customerId });
    expect(sent.amountCents).toBe(due);
    const opened = await openLink(sent.url);
    const { checkoutCompleted } = h.fake.connect.paySession(sessionIdOf(opened.location!));
    expect(JSON.parse((await h.fake.connect.deliver(checkoutCompleted)).body).result).toBe("recorded");
    const view = await owner.payments.customer({ customerId: reservation.customerId });
    expect(view.balance).toMatchObject({ balanceCents: 0, rentals: [{ rentalId: moved.rental.id, balanceCents: 0 }] });
    expect(view.payments).toMatchObject([{ amountCents: due, status: "succeeded", rentalId: moved.rental.id }]);
    await expect(
      owner.payments.sendLink({ purpose: "balance", customerId: reservation.customerId }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });

    // The operator refunds $10 in their Stripe dashboard: charge.refunded posts it, once.
    const [p] = await db.select().from(payment).where(eq(payment.organizationId, org.id));
    const { event } = h.fake.connect.refund(account, p!.stripeChargeId!, 1_000);
    expect(JSON.parse((await h.fake.connect.deliver(event)).body).result).toBe("refund_recorded");
    const replay = h.fake.connect.event("charge.refunded", h.fake.connect.charges.get(p!.stripeChargeId!)!, account);
    expect(JSON.parse((await h.fake.connect.deliver(replay)).body).result).toBe("duplicate");
    const [after] = await db.select().from(payment).where(eq(payment.id, p!.id));
    expect(after).toMatchObject({ refundedCents: 1_000, status: "partially_refunded" });
    expect(await withOrg(org.id, (tx) => ledgerBalance(tx, org.id, { rentalId: moved.rental.id }))).toBe(1_000);
  });

  it("organizations stay apart: another org's reservation, a forged link id, an unknown account, a bad signature", async () => {
    const a = await connectedOrg(h);
    const b = await openedMoveInLink();
    const ownerA = await callerFor(a.org.owner);
    await expect(
      ownerA.payments.sendLink({ purpose: "move_in", reservationId: b.reservation.id }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(ownerA.payments.customer({ customerId: b.reservation.customerId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A payment on A's account whose metadata names B's link: not B's payment, and not A's either.
    const forged = h.fake.connect.event(
      "payment_intent.succeeded",
      { id: "pi_forged", object: "payment_intent" },
      a.account,
    );
    h.fake.connect.paymentIntents.set("pi_forged", {
      id: "pi_forged",
      object: "payment_intent",
      account: a.account,
      amount: 100,
      amount_received: 100,
      currency: "usd",
      status: "succeeded",
      metadata: { payment_link_id: b.sent.id, organization_id: b.org.id },
      created: Math.floor(Date.now() / 1000),
    });
    expect(JSON.parse((await h.fake.connect.deliver(forged)).body).result).toBe("ignored");
    const unknown = h.fake.connect.event("payment_intent.succeeded", { id: "pi_x" }, "acct_unknown");
    expect(JSON.parse((await h.fake.connect.deliver(unknown)).body).result).toBe("ignored");
    const bad = await fetch(h.connectWebhookUrl, {
      method: "POST",
      headers: { "stripe-signature": "t=1,v1=deadbeef", "content-type": "application/json" },
      body: JSON.stringify({ id: "evt_x", type: "payment_intent.succeeded" }),
    });
    expect(bad.status).toBe(400);
    const rows = await db.select().from(payment).where(eq(payment.organizationId, b.org.id));
    expect(rows).toHaveLength(0);
    expect(await db.select().from(payment).where(eq(payment.organizationId, a.org.id))).toHaveLength(0);
  });
});

function sentTo(sent: { sent: { to: string } | null }) {
  return sent.sent!.to;
}
