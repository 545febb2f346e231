import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { paymentLink } from "@/server/db/schema";
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
});
