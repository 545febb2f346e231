import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, payment, paymentLink } from "@/server/db/schema";
import { ledgerBalance } from "@/server/domain/ledger/balance";
import { recordPayment } from "@/server/domain/rentals/rental-queries";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { buildOpenApiDocument } from "@/server/public-api/openapi";

import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR } from "../inventory/helpers";
import { connectedOrg, openLink, seedReservation, sessionIdOf } from "../payments/helpers";

import { api, newKey } from "./helpers";

/**
 * Issue 16, item 7: GET /payments, GET /customers/{id}/balance and POST /payment-links, checked
 * against the OpenAPI document like every other operation (helpers.api validates each answer).
 */
let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("public API: payments", () => {
  it("documents the three operations, with write scope on the link", () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.paths["/payments"]?.get?.operationId).toBe("listPayments");
    expect(doc.paths["/customers/{id}/balance"]?.get?.operationId).toBe("getCustomerBalance");
    expect(doc.paths["/payment-links"]?.post?.operationId).toBe("createPaymentLink");
    expect(doc.paths["/payments/{id}/refunds"]?.post?.operationId).toBe("refundPayment");
  });

  it("creates a move-in link (201, then 200 for the same one), lists the payment once paid, and the balance goes to zero", async () => {
    const { org } = await connectedOrg(h);
    const key = await newKey(org, ["read", "write"]);
    const { reservation, quote } = await seedReservation(org.id);

    const readOnly = await newKey(org, ["read"]);
    const refused = await api(readOnly, "POST", "/payment-links", {
      purpose: "move_in",
      reservation_id: reservation.id,
    });
    expect(refused.status).toBe(403);

    const bad = await api(key, "POST", "/payment-links", { purpose: "move_in" });
    expect(bad.status).toBe(400);
    expect(await db.select().from(paymentLink).where(eq(paymentLink.organizationId, org.id))).toHaveLength(0);

    const made = await api(key, "POST", "/payment-links", { purpose: "move_in", reservation_id: reservation.id });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      purpose: "move_in",
      amount_cents: quote.dueAtMoveInCents,
      status: "open",
      customer_id: reservation.customerId,
      sent: { channel: "sms" },
    });
    const again = await api(key, "POST", "/payment-links", {
      purpose: "move_in",
      reservation_id: reservation.id,
      send: false,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(made.body.id);

    const before = await api(key, "GET", `/customers/${reservation.customerId}/balance`);
    expect(before.body).toMatchObject({ balance_cents: 0, rentals: [], reservations: [] });

    const opened = await openLink(String(made.body.url));
    const { checkoutCompleted } = h.fake.connect.paySession(sessionIdOf(opened.location!));
    expect((await h.fake.connect.deliver(checkoutCompleted)).status).toBe(200);

    const list = await api(key, "GET", "/payments");
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data![0]).toMatchObject({
      amount_cents: quote.dueAtMoveInCents,
      status: "succeeded",
      method: "card",
      source: "stripe",
      payment_link_id: made.body.id,
      reservation_id: reservation.id,
    });
    expect((await api(key, "GET", "/payments?status=failed")).body.data).toHaveLength(0);
    expect((await api(key, "GET", `/payments?customer_id=${reservation.customerId}`)).body.data).toHaveLength(1);

    const after = await api(key, "GET", `/customers/${reservation.customerId}/balance`);
    expect(after.body).toMatchObject({
      balance_cents: 0,
      reservations: [{ reservation_id: reservation.id, balance_cents: 0 }],
    });
    const paidAgain = await api(key, "POST", "/payment-links", { purpose: "move_in", reservation_id: reservation.id });
    expect(paidAgain.status).toBe(409);
  });

  it("a balance link for a tenant; nothing owed is 409; another organization's customer is 404", async () => {
    const { org } = await connectedOrg(h);
    const key = await newKey(org, ["read", "write"]);
    const { reservation } = await seedReservation(org.id);
    const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: reservation.id }));
    const bal = await api(key, "GET", `/customers/${reservation.customerId}/balance`);
    expect(bal.body).toMatchObject({
      balance_cents: moved.rental.balanceCents,
      rentals: [{ rental_id: moved.rental.id, balance_cents: moved.rental.balanceCents }],
    });
    const link = await api(key, "POST", "/payment-links", { purpose: "balance", customer_id: reservation.customerId });
    expect(link.status).toBe(201);
    expect(link.body.amount_cents).toBe(moved.rental.balanceCents);

    const other = await connectedOrg(h);
    const otherKey = await newKey(other.org, ["read", "write"]);
    expect((await api(otherKey, "GET", `/customers/${reservation.customerId}/balance`)).status).toBe(404);
    expect(
      (await api(otherKey, "POST", "/payment-links", { purpose: "balance", customer_id: reservation.customerId }))
        .status,
    ).toBe(404);
    expect(
      (await api(otherKey, "POST", "/payment-links", { purpose: "move_in", reservation_id: reservation.id })).status,
    ).toBe(404);
    expect((await api(otherKey, "GET", "/payments")).body.data).toHaveLength(0);

    const fresh = await seedReservation(other.org.id);
    const nothing = await api(otherKey, "POST", "/payment-links", {
      purpose: "balance",
      customer_id: fresh.reservation.customerId,
    });
    expect(nothing.status).toBe(409);
  });

  describe("POST /payments/{id}/refunds", () => {
    /** A connected organization whose customer paid a move-in by link (through the API): its key and the payment. */
    async function paidByLink() {
      const { org, account } = await connectedOrg(h);
      const key = await newKey(org, ["read", "write"]);
      const { reservation, quote } = await seedReservation(org.id);
      const made = await api(key, "POST", "/payment-links", {
        purpose: "move_in",
        reservation_id: reservation.id,
        send: false,
      });
      const opened = await openLink(String(made.body.url));
      const { checkoutCompleted } = h.fake.connect.paySession(sessionIdOf(opened.location!));
      expect((await h.fake.connect.deliver(checkoutCompleted)).status).toBe(200);
      const [p] = await db.select().from(payment).where(eq(payment.organizationId, org.id));
      return { org, account, key, reservation, paid: quote.dueAtMoveInCents, payment: p! };
    }
    const stripeRefundsOf = (pi: string | null) =>
      [...h.fake.connect.refunds.values()].filter((r) => r.payment_intent === pi);
    const balanceOf = (orgId: string, reservationId: string) =>
      withOrg(orgId, (tx) => ledgerBalance(tx, orgId, { reservationId }));

    it("refunds part of a card payment through Stripe (201), once per Idempotency-Key; bad amounts are problems and change nothing", async () => {
      const { org, account, key, reservation, paid, payment: p } = await paidByLink();
      const path = `/payments/${p.id}/refunds`;

      // Write scope, a body that makes sense, and no more than is left: refused as problems, nothing refunded.
      const readOnly = await newKey(org, ["read"]);
      expect((await api(readOnly, "POST", path, { amount_cents: 100, reason: "Read-only key" })).status).toBe(403);
      const zero = await api(key, "POST", path, { amount_cents: 0, reason: "Nothing at all" });
      expect(zero.status).toBe(400);
      expect(zero.body).toMatchObject({
        type: "https://storage-agent.dev/problems/validation-error",
        errors: [{ location: "body", path: "amount_cents", message: "The refund must be more than 0 cents." }],
      });
      const noReason = await api(key, "POST", path, { amount_cents: 100 });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ path: "reason" })]);
      expect((await api(key, "POST", path, { amount_cents: 1.5, reason: "Half a cent" })).status).toBe(400);
      const tooMuch = await api(key, "POST", path, { amount_cents: paid + 1, reason: "More than was paid" });
      expect(tooMuch.status).toBe(400);
      const dollars = `$${(paid / 100).toFixed(2)}`;
      expect(tooMuch.body.detail).toBe(`Only ${dollars} of this ${dollars} payment is left to refund.`);
      expect(stripeRefundsOf(p.stripePaymentIntentId)).toHaveLength(0);
      expect(await balanceOf(org.id, reservation.id)).toBe(0);

      // $15.00 of it, with an Idempotency-Key.
      const idem = { "idempotency-key": "refund-order-4711" };
      const first = await api(key, "POST", path, { amount_cents: 1_500, reason: "Charged the fee twice" }, idem);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        payment_id: p.id,
        amount_cents: 1_500,
        via: "stripe",
        duplicate: false,
        payment: { id: p.id, refunded_cents: 1_500, status: "partially_refunded" },
      });
      const refunds = stripeRefundsOf(p.stripePaymentIntentId);
      expect(refunds).toHaveLength(1);
      expect(refunds[0]).toMatchObject({
        account,
        amount: 1_500,
        metadata: { reason: "Charged the fee twice", payment_id: p.id, request_key: expect.stringMatching(/^api-/) },
      });
      expect(first.body.stripe_refund_id).toBe(refunds[0]!.id);
      expect(await balanceOf(org.id, reservation.id)).toBe(1_500);
      const audit = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "payment.refunded")));
      expect(audit).toHaveLength(1);
      expect(audit[0]!.data).toMatchObject({ amountCents: 1_500, reason: "Charged the fee twice" });

      // The same request again (a retry): the first answer, nothing refunded twice.
      const retry = await api(key, "POST", path, { amount_cents: 1_500, reason: "Charged the fee twice" }, idem);
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBe("true");
      expect(retry.body).toEqual(first.body);
      expect(stripeRefundsOf(p.stripePaymentIntentId)).toHaveLength(1);
      // The key with another body is a mistake, said as one.
      expect((await api(key, "POST", path, { amount_cents: 200, reason: "Something else" }, idem)).status).toBe(422);

      // A new request without an amount refunds the rest; after that, nothing is left.
      const rest = await api(key, "POST", path, { reason: "Moved out early" }, { "idempotency-key": "refund-4712" });
      expect(rest.status).toBe(201);
      expect(rest.body).toMatchObject({ amount_cents: paid - 1_500, payment: { status: "refunded" } });
      const none = await api(key, "POST", path, { reason: "Once more" }, { "idempotency-key": "refund-4713" });
      expect(none.status).toBe(409);
      expect(none.body.detail).toBe("This payment has been refunded in full already.");
      expect(stripeRefundsOf(p.stripePaymentIntentId)).toHaveLength(2);
      expect(await balanceOf(org.id, reservation.id)).toBe(paid);
    });

    it("another organization's payment is 404 and untouched; a cash payment is recorded as refunded; a malformed id is 404", async () => {
      const a = await paidByLink();
      const b = await connectedOrg(h);
      const bKey = await newKey(b.org, ["read", "write"]);
      const across = await api(bKey, "POST", `/payments/${a.payment.id}/refunds`, {
        amount_cents: 100,
        reason: "Not my payment",
      });
      expect(across.status).toBe(404);
      expect(across.contentType).toBe("application/problem+json");
      expect(stripeRefundsOf(a.payment.stripePaymentIntentId)).toHaveLength(0);
      expect((await db.select().from(payment).where(eq(payment.id, a.payment.id)))[0]).toMatchObject({
        refundedCents: 0,
        status: "succeeded",
      });
      expect((await api(bKey, "POST", "/payments/not-a-uuid/refunds", { reason: "Bad id" })).status).toBe(404);

      // B's own payment taken at the desk: recorded as refunded, no Stripe refund.
      const seeded = await seedReservation(b.org.id);
      const moved = await withOrg(b.org.id, (tx) =>
        convertToMoveIn(tx, b.org.id, ACTOR, { reservationId: seeded.reservation.id }),
      );
      const cash = await withOrg(b.org.id, (tx) =>
        recordPayment(tx, b.org.id, ACTOR, { rentalId: moved.rental.id, amountCents: 5_000, method: "cash" }),
      );
      const cashId = cash.payment.id;
      const r = await api(bKey, "POST", `/payments/${cashId}/refunds`, { amount_cents: 2_000, reason: "Overpaid" });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ via: "recorded", stripe_refund_id: null, amount_cents: 2_000 });
      // And A's key cannot touch B's.
      expect((await api(a.key, "POST", `/payments/${cashId}/refunds`, { reason: "Across" })).status).toBe(404);
    });
  });
});
