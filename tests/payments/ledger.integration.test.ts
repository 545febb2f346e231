import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, ledgerEntry, rental, webhookDelivery } from "@/server/db/schema";
import { customerBalance, ledgerBalance, listLedgerEntries } from "@/server/domain/ledger/balance";
import { recordPaymentReceived, recordRefund } from "@/server/domain/ledger/payments";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { postMoveInCharges } from "@/server/domain/ledger/quote-charges";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { recordPayment } from "@/server/domain/rentals/rental-queries";
import { createEndpoint } from "@/server/webhooks/endpoints";

import { daysFromToday, seedOrganization, unique } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

const phone = () => `+1512555${String(Math.floor(1000 + Math.random() * 8999))}`;

async function reservationFor(orgId: string) {
  const { unitType, facility } = await seedFacility(orgId, { units: 2 });
  const r = await withOrg(orgId, (tx) =>
    createReservation(tx, orgId, ACTOR, {
      unitTypeId: unitType.id,
      moveInDate: daysFromToday(30),
      channel: "web",
      customer: { name: "Lee Ledger", phone: phone() },
    }),
  );
  return { facility, unitType, reservation: r.reservation, quote: r.quote };
}

describe("ledger", () => {
  it("a move-in posts the quote's lines as charges; the balance is their sum and the rental's cached balance agrees", async () => {
    const org = await seedOrganization();
    const { reservation } = await reservationFor(org.id);
    const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: reservation.id }));
    const due = moved.quote.dueAtMoveInCents;
    expect(due).toBeGreaterThan(0);
    expect(moved.rental.balanceCents).toBe(due);
    const [cached] = await db.select({ b: rental.balanceCents }).from(rental).where(eq(rental.id, moved.rental.id));
    expect(cached!.b).toBe(due);
    const entries = await withOrg(org.id, (tx) => listLedgerEntries(tx, org.id, { rentalId: moved.rental.id }));
    expect(entries.map((e) => e.category).sort()).toEqual(
      moved.quote.lines
        .filter((l) => l.amountCents !== 0)
        .map((l) => (l.code === "admin_fee" ? "admin_fee" : l.code))
        .sort(),
    );
    expect(entries[0]!.balanceAfterCents).toBe(due);

    // Staff record cash at the desk: the ledger goes to zero, the payment is audited.
    const paid = await withOrg(org.id, (tx) =>
      recordPayment(tx, org.id, ACTOR, { rentalId: moved.rental.id, amountCents: due, method: "cash" }),
    );
    expect(paid.balanceCents).toBe(0);
    const bal = await withOrg(org.id, (tx) => customerBalance(tx, org.id, reservation.customerId));
    expect(bal).toMatchObject({ balanceCents: 0, rentals: [{ rentalId: moved.rental.id, balanceCents: 0 }] });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "payment.recorded")));
    expect(audits).toHaveLength(1);
  });

  it("a prepaid move-in keeps its charges and payment: converting adds nothing and the balance stays zero", async () => {
    const org = await seedOrganization();
    const { reservation, quote, facility } = await reservationFor(org.id);
    await withOrg(org.id, async (tx) => {
      await postMoveInCharges(tx, org.id, ACTOR, {
        customerId: reservation.customerId,
        facilityId: facility.id,
        reservationId: reservation.id,
        lines: quote.lines,
      });
      // Posting the same move-in again (a second webhook) adds nothing.
      const again = await postMoveInCharges(tx, org.id, ACTOR, {
        customerId: reservation.customerId,
        facilityId: facility.id,
        reservationId: reservation.id,
        lines: quote.lines,
      });
      expect(again.posted).toHaveLength(0);
      expect(await ledgerBalance(tx, org.id, { reservationId: reservation.id })).toBe(quote.dueAtMoveInCents);
      await recordPaymentReceived(tx, org.id, ACTOR, {
        customerId: reservation.customerId,
        reservationId: reservation.id,
        amountCents: quote.dueAtMoveInCents,
        method: "card",
        source: "stripe",
        stripe: { accountId: "acct_x", paymentIntentId: `pi_${unique()}` },
      });
      expect(await ledgerBalance(tx, org.id, { reservationId: reservation.id })).toBe(0);
    });
    const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: reservation.id }));
    expect(moved.rental.balanceCents).toBe(0);
    const rows = await db.select().from(ledgerEntry).where(eq(ledgerEntry.rentalId, moved.rental.id));
    expect(rows.filter((r) => r.kind === "payment")).toHaveLength(1);
    expect(rows.every((r) => r.reservationId === reservation.id)).toBe(true);
    const bal = await withOrg(org.id, (tx) => customerBalance(tx, org.id, reservation.customerId));
    expect(bal.reservations).toEqual([]);
    expect(bal.balanceCents).toBe(0);
  });

  it("payments are idempotent on the PaymentIntent; refunds on their id, never beyond the payment; events go out", async () => {
    const org = await seedOrganization();
    await withOrg(org.id, (tx) =>
      createEndpoint(tx, org.id, ACTOR, {
        url: "https://example.test/hook",
        eventTypes: ["payment.succeeded", "payment.refunded"],
      }),
    );
    const { reservation } = await reservationFor(org.id);
    const pi = `pi_${unique()}`;
    const input = {
      customerId: reservation.customerId,
      reservationId: reservation.id,
      amountCents: 5_000,
      method: "card" as const,
      source: "stripe" as const,
      stripe: { accountId: "acct_x", paymentIntentId: pi },
    };
    const [a, b] = await Promise.all([
      withOrg(org.id, (tx) => recordPaymentReceived(tx, org.id, ACTOR, input)),
      withOrg(org.id, (tx) => recordPaymentReceived(tx, org.id, ACTOR, input)),
    ]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.payment.id).toBe(b.payment.id);
    expect(await withOrg(org.id, (tx) => ledgerBalance(tx, org.id, { customerId: reservation.customerId }))).toBe(
      -5_000,
    );

    const refund = (amountCents: number, id: string) =>
      withOrg(org.id, (tx) =>
        recordRefund(tx, org.id, ACTOR, { paymentId: a.payment.id, amountCents, externalId: id, source: "stripe" }),
      );
    const r1 = await refund(2_000, "re_1");
    expect(r1).toMatchObject({ duplicate: false, payment: { status: "partially_refunded", refundedCents: 2_000 } });
    expect((await refund(2_000, "re_1")).duplicate).toBe(true);
    await expect(refund(3_001, "re_2")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const r3 = await refund(3_000, "re_3");
    expect(r3.payment).toMatchObject({ status: "refunded", refundedCents: 5_000 });
    expect(await withOrg(org.id, (tx) => ledgerBalance(tx, org.id, { customerId: reservation.customerId }))).toBe(0);

    const deliveries = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(deliveries.map((d) => d.eventType).sort()).toEqual([
      "payment.refunded",
      "payment.refunded",
      "payment.succeeded",
    ]);
    const ok = deliveries.find((d) => d.eventType === "payment.succeeded")!;
    expect((ok.payload as { data: Record<string, unknown> }).data).toMatchObject({
      id: a.payment.id,
      amount_cents: 5_000,
      status: "succeeded",
    });
  });

  it("refuses bad postings and another organization's rental, changing nothing", async () => {
    const org = await seedOrganization();
    const other = await seedOrganization();
    const { reservation } = await reservationFor(org.id);
    const theirs = await reservationFor(other.id);
    const post = (p: Parameters<typeof postLedgerEntries>[3][number]) =>
      withOrg(org.id, (tx) => postLedgerEntries(tx, org.id, ACTOR, [p]));
    const base = {
      customerId: reservation.customerId,
      reservationId: reservation.id,
      kind: "charge",
      category: "fee",
    } as const;
    await expect(post({ ...base, amountCents: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(post({ ...base, amountCents: 10.5 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(post({ ...base, reservationId: null, amountCents: 100 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(post({ ...base, reservationId: theirs.reservation.id, amountCents: 100 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const rows = await db.select().from(ledgerEntry).where(eq(ledgerEntry.organizationId, org.id));
    expect(rows).toHaveLength(0);
  });
});
