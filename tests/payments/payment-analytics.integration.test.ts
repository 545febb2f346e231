import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { collectionCase, conversation, ledgerEntry, payment, paymentLink, phonePayment } from "@/server/db/schema";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { buildReport } from "@/server/reports/build-report";
import { reportToCsv } from "@/server/reports/csv";

import { callerFor, seedOrganization, unique, type TestOrg } from "../factories";
import { ACTOR } from "../inventory/helpers";

import { seedReservation } from "./helpers";

/**
 * Payment figures on a hand-seeded ledger in a Chicago facility (UTC-6 in November): payments either
 * side of local midnight, one of each channel, a failed card, a declined phone attempt, a refund,
 * links paid and not, collection cases. November 2026 is the period; October the previous one.
 */
const NOV = { from: "2026-11-01", to: "2026-11-30" };

interface Seed {
  org: TestOrg;
  customerId: string;
  rentalId: string;
  facilityId: string;
}

async function seed(): Promise<Seed> {
  const org = await seedOrganization();
  const r = await seedReservation(org.id);
  const moved = await withOrg(org.id, (tx) => convertToMoveIn(tx, org.id, ACTOR, { reservationId: r.reservation.id }));
  const customerId = r.reservation.customerId;
  const rentalId = moved.rental.id;
  const facilityId = r.facility.id;
  const link = async (channel: string, createdAt: string, paidAt: string | null) => {
    const [l] = await db
      .insert(paymentLink)
      .values({
        organizationId: org.id,
        customerId,
        facilityId,
        rentalId,
        purpose: "balance",
        token: unique("tok").padEnd(32, "x"),
        amountCents: 10_000,
        lineItems: [{ code: "balance", label: "Balance", amountCents: 10_000 }],
        status: paidAt ? "paid" : "open",
        expiresAt: new Date("2027-01-01T00:00:00Z"),
        stripeAccountId: "acct_test",
        channel,
        createdBy: "test",
        createdAt: new Date(createdAt),
        paidAt: paidAt ? new Date(paidAt) : null,
      })
      .returning();
    return l!.id;
  };
  const pay = (v: Partial<typeof payment.$inferInsert> & { amountCents: number; receivedAt: Date }) =>
    db
      .insert(payment)
      .values({ organizationId: org.id, customerId, rentalId, method: "card", status: "succeeded", ...v })
      .returning()
      .then((x) => x[0]!);

  // Links: agent (made Nov 2 10:00 local, paid 6 h later), staff (Nov 3, paid 12 h later),
  // collections (Nov 20, never paid). October: one made and paid (previous period).
  const agentLink = await link("agent", "2026-11-02T16:00:00Z", "2026-11-02T22:00:00Z");
  const staffLink = await link("dashboard", "2026-11-03T16:00:00Z", "2026-11-04T04:00:00Z");
  await link("collections", "2026-11-20T16:00:00Z", null);
  const octLink = await link("agent", "2026-10-10T16:00:00Z", "2026-10-10T17:00:00Z");

  // Payments (receivedAt in UTC; Chicago = UTC-6):
  await pay({
    amountCents: 10_000,
    receivedAt: new Date("2026-11-02T22:00:00Z"),
    paymentLinkId: agentLink,
    stripePaymentIntentId: unique("pi"),
  });
  // Nov 3, 22:00 local (Nov 4 04:00Z): counts on Nov 3. $40 of it refunded later.
  await pay({
    amountCents: 10_000,
    refundedCents: 4_000,
    status: "partially_refunded",
    receivedAt: new Date("2026-11-04T04:00:00Z"),
    paymentLinkId: staffLink,
    stripePaymentIntentId: unique("pi"),
  });
  // By phone: a <Pay> attempt for the same PaymentIntent.
  const phonePi = unique("pi");
  await pay({ amountCents: 5_000, receivedAt: new Date("2026-11-10T18:00:00Z"), stripePaymentIntentId: phonePi });
  const [conv] = await db
    .insert(conversation)
    .values({ organizationId: org.id, facilityId, channel: "voice", customerId })
    .returning();
  await db.insert(phonePayment).values([
    {
      organizationId: org.id,
      conversationId: conv!.id,
      callSid: unique("CA"),
      customerId,
      rentalId,
      amountCents: 5_000,
      connector: "Stripe_Connector",
      status: "succeeded",
      stripePaymentIntentId: phonePi,
      startedAt: new Date("2026-11-10T17:58:00Z"),
    },
    {
      organizationId: org.id,
      conversationId: conv!.id,
      callSid: unique("CA"),
      customerId,
      rentalId,
      amountCents: 5_000,
      connector: "Stripe_Connector",
      status: "failed",
      startedAt: new Date("2026-11-10T17:50:00Z"),
    },
  ]);
  // Cash at the desk on Nov 30, 23:30 local (Dec 1 05:30Z): in November.
  await pay({ amountCents: 2_500, method: "cash", receivedAt: new Date("2026-12-01T05:30:00Z") });
  // Dec 1, 00:30 local: not in November.
  await pay({ amountCents: 9_900, method: "cash", receivedAt: new Date("2026-12-01T06:30:00Z") });
  // Oct 31, 23:30 local (Nov 1 04:30Z): October.
  await pay({
    amountCents: 7_000,
    receivedAt: new Date("2026-11-01T04:30:00Z"),
    paymentLinkId: octLink,
    stripePaymentIntentId: unique("pi"),
  });
  // A PMS mirror and a failed card, in November.
  await pay({
    amountCents: 3_000,
    source: "pms",
    externalId: unique("pms"),
    method: "ach",
    receivedAt: new Date("2026-11-15T18:00:00Z"),
  });
  await pay({
    amountCents: 6_000,
    status: "failed",
    failureMessage: "Your card was declined.",
    receivedAt: new Date("2026-11-16T18:00:00Z"),
    paymentLinkId: staffLink,
    stripePaymentIntentId: unique("pi"),
  });

  // The refund: Nov 12 local.
  await db.insert(ledgerEntry).values({
    organizationId: org.id,
    customerId,
    facilityId,
    rentalId,
    kind: "refund",
    category: "refund",
    amountCents: 4_000,
    effectiveAt: new Date("2026-11-12T18:00:00Z"),
    createdBy: "test",
  });

  // Collections: two cases opened in November (one paid 4 days after its due date, one still open), one in October.
  await db.insert(collectionCase).values([
    {
      organizationId: org.id,
      customerId,
      facilityId,
      dueDate: "2026-11-01",
      pastDueCents: 12_900,
      days: [1, 5, 10],
      status: "paid",
      stepsDone: 1,
      steps: [{ step: "text", outcome: "sent", at: "2026-11-02T16:00:00Z" }],
      createdAt: new Date("2026-11-02T15:00:00Z"),
      closedAt: new Date("2026-11-05T18:00:00Z"),
    },
    {
      organizationId: org.id,
      customerId,
      facilityId,
      dueDate: "2026-11-25",
      pastDueCents: 5_000,
      days: [1, 5, 10],
      status: "active",
      createdAt: new Date("2026-11-26T15:00:00Z"),
    },
    {
      organizationId: org.id,
      customerId,
      facilityId,
      dueDate: "2026-10-01",
      pastDueCents: 1_000,
      days: [1, 5, 10],
      status: "opted_out",
      createdAt: new Date("2026-10-02T15:00:00Z"),
      closedAt: new Date("2026-10-03T15:00:00Z"),
    },
  ]);
  return { org, customerId, rentalId, facilityId };
}

let s: Seed;
beforeAll(async () => {
  s = await seed();
}, 60_000);

describe("payment analytics", () => {
  it("collected, refunded, success rate, channels, link conversion, collections and days, on the facility's clock", async () => {
    const owner = await callerFor(s.org.owner);
    const r = await owner.analytics.payments(NOV);
    expect(r.period).toEqual(NOV);
    expect(r.previousPeriod).toEqual({ from: "2026-10-02", to: "2026-10-31" });
    const c = r.current;
    // 100 + (100 - 40) + 50 + 25 + 30 = 265.00; the failed card, Dec 1 and Oct 31 are not in.
    expect(c.collectedCents).toBe(26_500);
    expect(c.payments).toBe(5);
    expect(c.refundedCents).toBe(4_000);
    expect(c.refunds).toBe(1);
    // Failed: one card, one declined phone attempt.
    expect(c.failed).toBe(2);
    expect(c.successRate).toBe(Math.round((5 / 7) * 10_000) / 10_000);
    const ch = Object.fromEntries(c.byChannel.map((x) => [x.channel, [x.payments, x.collectedCents]]));
    expect(ch).toEqual({
      phone: [1, 5_000],
      link_agent: [1, 10_000],
      link_dashboard: [1, 6_000],
      link_collections: [0, 0],
      link_api: [0, 0],
      desk: [1, 2_500],
      pms: [1, 3_000],
    });
    expect(c.links).toEqual({ created: 3, paid: 2, conversion: 0.6667, averageHoursToPay: 9 });
    expect(c.collections).toEqual({ opened: 2, paid: 1, optedOut: 0, textsSent: 1, averageDaysToPay: 4 });
    const day = (d: string) => c.byDay.find((x) => x.date === d)!;
    expect(c.byDay).toHaveLength(30);
    expect(day("2026-11-03")).toEqual({ date: "2026-11-03", collectedCents: 6_000, payments: 1 });
    expect(day("2026-11-30")).toEqual({ date: "2026-11-30", collectedCents: 2_500, payments: 1 });
    expect(day("2026-11-01").payments).toBe(0);
    // October: the Oct 31 23:30 payment through October's link, and its opted-out case.
    expect(r.previous).toMatchObject({
      collectedCents: 7_000,
      payments: 1,
      failed: 0,
      successRate: 1,
      links: { created: 1, paid: 1, conversion: 1, averageHoursToPay: 1 },
      collections: { opened: 1, paid: 0, optedOut: 1, averageDaysToPay: null },
    });
  });

  it("a facility filter and another organization see only theirs; an empty period is zeros and dashes", async () => {
    const owner = await callerFor(s.org.owner);
    const other = await seedOrganization();
    const theirs = await (await callerFor(other.owner)).analytics.payments(NOV);
    expect(theirs.current).toMatchObject({ collectedCents: 0, payments: 0, failed: 0, successRate: null });
    expect(theirs.current.links).toEqual({ created: 0, paid: 0, conversion: null, averageHoursToPay: null });
    const someOtherFacility = await seedReservation(s.org.id);
    const filtered = await owner.analytics.payments({ ...NOV, facilityId: someOtherFacility.facility.id });
    expect(filtered.current.collectedCents).toBe(0);
    const mine = await owner.analytics.payments({ ...NOV, facilityId: s.facilityId });
    expect(mine.current.collectedCents).toBe(26_500);
    await expect(owner.analytics.payments({ from: "2026-11-30", to: "2026-11-01" })).rejects.toThrow(
      /start date must be on or before/,
    );
  });

  it("outstanding: what tenants owe now and who is past due", async () => {
    const owner = await callerFor(s.org.owner);
    const o = await owner.analytics.outstanding();
    // The move-in charges (the payments above were not posted to the ledger) and the refund entry.
    expect(o.tenantsOwing).toBe(1);
    expect(o.owedCents).toBeGreaterThan(0);
    expect(o).toMatchObject({ pastDueCents: 5_000, tenantsPastDue: 1 });
    const other = await seedOrganization();
    expect(await (await callerFor(other.owner)).analytics.outstanding()).toEqual({
      owedCents: 0,
      tenantsOwing: 0,
      pastDueCents: 0,
      tenantsPastDue: 0,
    });
  });

  it("the payments report: one row per payment on the facility's clock, how it came in, refunded and net; CSV", async () => {
    const report = await buildReport(s.org.id, { report: "payments", ...NOV });
    expect(report.title).toBe("Payments");
    expect(report.rows.map((r) => [r.received, r.channel, r.amount, r.refunded, r.net])).toEqual([
      ["2026-11-02 16:00", "Link from the agent", 10_000, 0, 10_000],
      ["2026-11-03 22:00", "Link from staff", 10_000, 4_000, 6_000],
      ["2026-11-10 12:00", "By phone", 5_000, 0, 5_000],
      ["2026-11-15 12:00", "PMS or import", 3_000, 0, 3_000],
      ["2026-11-16 12:00", "Link from staff", 6_000, 0, 0],
      ["2026-11-30 23:30", "Recorded by staff", 2_500, 0, 2_500],
    ]);
    expect(report.rows[4]!.status).toBe("failed: Your card was declined.");
    expect(report.totals).toMatchObject({
      facility: "5 payments",
      customer: "1 failed",
      amount: 30_500,
      refunded: 4_000,
      net: 26_500,
    });
    const csv = reportToCsv(report);
    expect(csv).toContain("Received,Facility,Customer,Phone,Unit,Method,How,Status,Amount,Refunded,Net,Reference");
    expect(csv).toContain("100.00,40.00,60.00");
    // Another organization's report has none of these.
    const other = await seedOrganization();
    expect((await buildReport(other.id, { report: "payments", ...NOV })).rows).toEqual([]);
  });
});
