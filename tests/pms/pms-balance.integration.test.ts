import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db, withOrg } from "@/server/db/client";
import { collectionCase, pmsBalance, pmsLink, unitType } from "@/server/db/schema";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { setOutboxKicks } from "@/server/jobs/outbox";
import { planCollections, runCollectionStep } from "@/server/payments/collections/engine";
import { listCollectionCases } from "@/server/payments/collections/queue";
import { refreshPmsBalancesOf } from "@/server/pms/balance";
import { connectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";

import { OPEN_NOW } from "../agent/seed";
import { callerFor, unique } from "../factories";
import { startFakeStora, type FakeStora } from "../fakes/stora-server";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR, seedFacility } from "../inventory/helpers";
import { setUpWorkflowTests } from "../jobs-harness";
import { connectedOrg } from "../payments/helpers";
import { api, newKey } from "../public-api/helpers";
import { randomUsNumber } from "../twilio-webhooks";

import { disconnectPmsOf } from "./cleanup";

/**
 * The PMS ledger is the source of the balance (issue 16, item 2): for a tenant whose rental is at a
 * facility a connected PMS manages, the customer page, the public API, the agent, the balance pay
 * link and collections use the PMS's balance, read through the adapter with a short budget and kept
 * with its age; the PMS down: the last known balance with its age, or no figure at all, never ours.
 */
setUpWorkflowTests({ timeScale: 0.005 });

const KEY = "balance-key";
const SECRET = "balance-secret";
let h: StripeHarness;
let fake: FakeStoredge;
const orgs: string[] = [];

beforeAll(async () => {
  setOutboxKicks(false);
  h = await startStripeHarness();
  fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
  process.env.STOREDGE_API_BASE = fake.url;
});
afterAll(async () => {
  await disconnectPmsOf(orgs);
  delete process.env.STOREDGE_API_BASE;
  await fake?.close();
  await h?.close();
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const moveIn = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** An organization taking card payments, with storEDGE connected and its facility synced. */
async function pmsOrg() {
  const { org } = await connectedOrg(h);
  orgs.push(org.id);
  const external = fake.addFacility({ name: "Ledger Heights" }, 12);
  const conn = await withOrg(org.id, (tx) =>
    connectPms(tx, org.id, ACTOR, {
      credentials: { provider: "storedge", consumerKey: KEY, consumerSecret: SECRET, facilityIds: [external] },
    }),
  );
  expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
  const [t] = await withOrg(org.id, (tx) =>
    tx.select().from(unitType).where(eq(unitType.organizationId, org.id)).orderBy(unitType.name).limit(1),
  );
  return { org, external, typeId: t!.id, facilityId: t!.facilityId };
}

/**
 * A tenant who booked and moved in here (their unpaid move-in charges are on our ledger) and whose
 * storEDGE ledger says `owed` dollars, paid through `paidThrough`.
 */
async function pmsTenant(
  o: Awaited<ReturnType<typeof pmsOrg>>,
  opts: { owed?: number; paidThrough?: string | null; inPms?: boolean } = {},
) {
  const phone = randomUsNumber(512);
  const booked = await withOrg(o.org.id, (tx) =>
    createReservation(tx, o.org.id, ACTOR, {
      unitTypeId: o.typeId,
      moveInDate: moveIn(),
      channel: "phone",
      customer: { name: "Petra Ledger", phone, email: `${unique("petra")}@example.test` },
    }),
  );
  const { rental } = await withOrg(o.org.id, (tx) =>
    convertToMoveIn(tx, o.org.id, ACTOR, { reservationId: booked.reservation.id }),
  );
  const [link] = await db
    .select()
    .from(pmsLink)
    .where(and(eq(pmsLink.organizationId, o.org.id), eq(pmsLink.kind, "unit"), eq(pmsLink.localId, rental.unitId)));
  const ledgerId =
    opts.inPms === false
      ? null
      : fake.addLedger({
          facility_id: o.external,
          phone,
          active: true,
          current_account_balance: opts.owed ?? 185,
          paid_through: opts.paidThrough === undefined ? daysAgo(8) : opts.paidThrough,
          gate_access_code: null,
          unit: { id: link!.externalId, name: "U1" },
          tenant: { id: unique("tenant"), first_name: "Petra", last_name: "Ledger" },
        });
  return { customerId: booked.reservation.customerId, rental, phone, ledgerId };
}

const ledgerOf = (id: string) => fake.ledgers.find((l) => l.id === id)!;
/** The stored copy, made `ms` older: the next reader asks storEDGE again. */
const age = (orgId: string, customerId: string, ms: number) =>
  db
    .update(pmsBalance)
    .set({ fetchedAt: new Date(Date.now() - ms) })
    .where(and(eq(pmsBalance.organizationId, orgId), eq(pmsBalance.customerId, customerId)));

describe("the balance of a PMS tenant comes from the PMS", () => {
  let o: Awaited<ReturnType<typeof pmsOrg>>;
  let readKey: string;
  beforeAll(async () => {
    o = await pmsOrg();
    readKey = await newKey(o.org, ["read"]);
  });

  it("customer page and REST: storEDGE's figure, not our ledger's; a minute-old copy is used without asking", async () => {
    const t = await pmsTenant(o, { owed: 185 });
    const owner = await callerFor(o.org.owner);
    const page = await owner.payments.customer({ customerId: t.customerId });
    expect(page.balance.balanceCents).not.toBe(18_500); // our ledger: the move-in charges
    expect(page.balanceSource).toMatchObject({
      source: "pms",
      provider: "storEDGE",
      state: "fresh",
      balanceCents: 18_500,
    });

    const rest = await api(readKey, "GET", `/customers/${t.customerId}/balance`);
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({
      balance_cents: 18_500,
      source: "pms",
      pms: { provider: "storEDGE", stale: false },
    });

    // storEDGE changes; within the minute the copy stands (no second request), after it storEDGE is asked.
    const searches = () => fake.requests.filter((r) => r.path.endsWith("/ledgers/search")).length;
    const before = searches();
    ledgerOf(t.ledgerId!).current_account_balance = 120;
    expect((await owner.payments.customer({ customerId: t.customerId })).balanceSource).toMatchObject({
      balanceCents: 18_500,
    });
    expect(searches()).toBe(before);
    await age(o.org.id, t.customerId, 61_000);
    expect((await owner.payments.customer({ customerId: t.customerId })).balanceSource).toMatchObject({
      balanceCents: 12_000,
      state: "fresh",
    });
  });

  it("storEDGE down: the last known balance with its age, flagged stale; never read: no figure (REST 502)", async () => {
    const t = await pmsTenant(o, { owed: 75 });
    const fresh = await pmsTenant(o, { owed: 60 });
    const owner = await callerFor(o.org.owner);
    await owner.payments.customer({ customerId: t.customerId });
    await age(o.org.id, t.customerId, 10 * 60_000);
    fake.control.down = true;
    try {
      const page = await owner.payments.customer({ customerId: t.customerId });
      expect(page.balanceSource).toMatchObject({ source: "pms", state: "stale", balanceCents: 7_500 });
      const asOf = (page.balanceSource as { asOf: Date }).asOf;
      expect(Date.now() - new Date(asOf).getTime()).toBeGreaterThan(9 * 60_000);
      expect((page.balanceSource as { error: string }).error).toBe("Service unavailable");
      const rest = await api(readKey, "GET", `/customers/${t.customerId}/balance`);
      expect(rest.body).toMatchObject({ balance_cents: 7_500, source: "pms", pms: { stale: true } });
      expect(new Date(String((rest.body.pms as { as_of: string }).as_of)).getTime()).toBe(new Date(asOf).getTime());

      // Never read while storEDGE is down: no number anywhere, not our ledger's.
      const none = await owner.payments.customer({ customerId: fresh.customerId });
      expect(none.balanceSource).toMatchObject({ source: "pms", state: "unavailable", balanceCents: null });
      const refused = await api(readKey, "GET", `/customers/${fresh.customerId}/balance`);
      expect(refused.status).toBe(502);
      expect(String(refused.body.detail)).toMatch(/storEDGE keeps this customer's balance and could not be reached/);
    } finally {
      fake.control.down = false;
    }
  });

  it("a payment we took that storEDGE has not counted yet is taken off its figure", async () => {
    const t = await pmsTenant(o, { owed: 185 });
    const owner = await callerFor(o.org.owner);
    await owner.payments.customer({ customerId: t.customerId });
    fake.control.down = true; // the payment's write-back stays pending; the copy is from before it
    try {
      await withOrg(o.org.id, (tx) =>
        recordPaymentReceived(tx, o.org.id, ACTOR, {
          customerId: t.customerId,
          rentalId: t.rental.id,
          amountCents: 5_000,
          method: "cash",
          source: "app",
          externalId: unique("desk"),
        }),
      );
      const page = await owner.payments.customer({ customerId: t.customerId });
      expect(page.balanceSource).toMatchObject({ source: "pms", balanceCents: 13_500 });
    } finally {
      fake.control.down = false;
    }
  });

  it("a customer storEDGE does not know by phone: our ledger, said so", async () => {
    const t = await pmsTenant(o, { inPms: false });
    const owner = await callerFor(o.org.owner);
    const page = await owner.payments.customer({ customerId: t.customerId });
    expect(page.balanceSource).toEqual({ source: "ledger", provider: "storEDGE" });
    const rest = await api(readKey, "GET", `/customers/${t.customerId}/balance`);
    expect(rest.body).toMatchObject({ source: "ledger", pms: null, balance_cents: page.balance.balanceCents });
  });

  it("the balance pay link is for storEDGE's figure; storEDGE down with an old copy: refused, with the last known figure", async () => {
    const t = await pmsTenant(o, { owed: 99.5 });
    const owner = await callerFor(o.org.owner);
    const link = await owner.payments.sendLink({ purpose: "balance", customerId: t.customerId });
    expect(link.amountCents).toBe(9_950);

    const later = await pmsTenant(o, { owed: 40 });
    await owner.payments.customer({ customerId: later.customerId });
    await age(o.org.id, later.customerId, 20 * 60_000);
    fake.control.down = true;
    try {
      await expect(owner.payments.sendLink({ purpose: "balance", customerId: later.customerId })).rejects.toThrow(
        /storEDGE could not be reached to read this customer's balance \(last known \$40\.00 as of/,
      );
    } finally {
      fake.control.down = false;
    }
  });

  it("another organization: its own ledger, no PMS read, and this organization's customer is not found", async () => {
    const t = await pmsTenant(o, { owed: 10 });
    const { org: other } = await connectedOrg(h);
    orgs.push(other.id);
    const otherKey = await newKey(other, ["read"]);
    const before = fake.requests.length;
    expect((await api(otherKey, "GET", `/customers/${t.customerId}/balance`)).status).toBe(404);
    const { unitType: ut } = await seedFacility(other.id, { units: 1 });
    const theirs = await withOrg(other.id, (tx) =>
      createReservation(tx, other.id, ACTOR, {
        unitTypeId: ut.id,
        moveInDate: moveIn(),
        channel: "phone",
        customer: { name: "Olga Other", phone: t.phone },
      }),
    );
    await withOrg(other.id, (tx) => convertToMoveIn(tx, other.id, ACTOR, { reservationId: theirs.reservation.id }));
    const rest = await api(otherKey, "GET", `/customers/${theirs.reservation.customerId}/balance`);
    expect(rest.body).toMatchObject({ source: "ledger", pms: null });
    expect(fake.requests.length).toBe(before);
    expect(await db.select().from(pmsBalance).where(eq(pmsBalance.organizationId, other.id))).toEqual([]);
  });
});

describe("the agent's balance answer for a PMS tenant", () => {
  let o: Awaited<ReturnType<typeof pmsOrg>>;
  beforeAll(async () => {
    o = await pmsOrg();
  });

  async function ask(phone: string) {
    const start = await startConversation({
      organizationId: o.org.id,
      channel: "voice",
      facilityId: o.facilityId,
      fromAddress: phone,
      callerAttested: true,
      now: OPEN_NOW,
    });
    const turn = (text: string) =>
      respond({ organizationId: o.org.id, conversationId: start.conversationId, text, now: OPEN_NOW });
    await turn("what's my balance");
    return turn("Petra Ledger");
  }

  it("storEDGE answers: its balance, kept as the customer's copy", async () => {
    const t = await pmsTenant(o, { owed: 64.25 });
    const answer = await ask(t.phone);
    expect(answer.state.verification.verified).toBe(true);
    expect(answer.reply).toContain("$64.25");
    const [copy] = await db
      .select()
      .from(pmsBalance)
      .where(and(eq(pmsBalance.organizationId, o.org.id), eq(pmsBalance.customerId, t.customerId)));
    expect(copy).toMatchObject({ status: "found", balanceCents: 6_425 });
  });

  it("storEDGE down: the last known balance, said to be that; never read: no amount and not 'paid up'", async () => {
    const known = await pmsTenant(o, { owed: 30 });
    const unknown = await pmsTenant(o, { owed: 45 });
    await (await callerFor(o.org.owner)).payments.customer({ customerId: known.customerId });
    await age(o.org.id, known.customerId, 5 * 60_000);
    fake.control.down = true;
    try {
      const stale = await ask(known.phone);
      expect(stale.reply).toMatch(/The last balance I have, from \d{4}-\d{2}-\d{2}, is \$30(\.00)?;/);
      const none = await ask(unknown.phone);
      expect(none.reply).toMatch(/can't read your balance right now/);
      expect(none.reply).not.toMatch(/paid up|\$\d/);
    } finally {
      fake.control.down = false;
    }
  });
});

describe("collections judge a PMS tenant by the PMS", () => {
  let o: Awaited<ReturnType<typeof pmsOrg>>;
  beforeAll(async () => {
    o = await pmsOrg();
  });
  const caseOf = (customerId: string) =>
    db
      .select()
      .from(collectionCase)
      .where(and(eq(collectionCase.organizationId, o.org.id), eq(collectionCase.customerId, customerId)));

  it("past due in storEDGE: a case from its date and figure; up to date there: none, whatever our ledger says", async () => {
    const late = await pmsTenant(o, { owed: 129, paidThrough: daysAgo(6) });
    const current = await pmsTenant(o, { owed: 0, paidThrough: daysAgo(-20) });
    // Our ledger says `current` owes (the move-in charges, and an old charge): storEDGE says not.
    await withOrg(o.org.id, (tx) =>
      postLedgerEntries(tx, o.org.id, ACTOR, [
        {
          customerId: current.customerId,
          rentalId: current.rental.id,
          kind: "charge",
          category: "rent",
          amountCents: 9_900,
          description: "Rent",
          effectiveAt: new Date(Date.now() - 30 * 86_400_000),
          externalId: unique("rent"),
        },
      ]),
    );
    await planCollections(new Date(), { organizationIds: [o.org.id] });
    const [c] = await caseOf(late.customerId);
    expect(c).toMatchObject({ status: "active", dueDate: daysAgo(5), pastDueCents: 12_900 });
    expect(await caseOf(current.customerId)).toEqual([]);
    // The staff queue's "balance now" is storEDGE's too, not the move-in charges on our ledger.
    const queue = await withOrg(o.org.id, (tx) => listCollectionCases(tx, o.org.id, { customerId: late.customerId }));
    expect(queue).toEqual([expect.objectContaining({ balanceCents: 12_900, pastDueCents: 12_900 })]);

    // storEDGE down and the copy old: the case neither closes nor sends anything on a guess.
    await age(o.org.id, late.customerId, 2 * 3600_000);
    fake.control.down = true;
    try {
      await planCollections(new Date(), { organizationIds: [o.org.id] });
      expect((await caseOf(late.customerId))[0]).toMatchObject({ status: "active" });
      expect(await runCollectionStep(o.org.id, c!.id, c!.stepsDone)).toEqual({
        outcome: "not_run",
        reason: "PMS balance not known",
      });
    } finally {
      fake.control.down = false;
    }

    // Paid in storEDGE (at its desk): the next sweep reads it and closes the case.
    ledgerOf(late.ledgerId!).current_account_balance = 0;
    await age(o.org.id, late.customerId, 2 * 3600_000);
    await planCollections(new Date(), { organizationIds: [o.org.id] });
    expect((await caseOf(late.customerId))[0]).toMatchObject({ status: "paid" });
  });
});

describe("the sweep and the PMS", () => {
  it("collections switched off: the sweep asks the PMS nothing and opens no case", async () => {
    const o = await pmsOrg();
    const late = await pmsTenant(o, { owed: 129, paidThrough: daysAgo(6) });
    await age(o.org.id, late.customerId, 2 * 3600_000);
    const owner = await callerFor(o.org.owner);
    await owner.payments.updateCollectionSettings({ enabled: false, days: [1, 5, 10] });
    const searches = () => fake.requests.filter((r) => r.path.endsWith("/ledgers/search")).length;
    const before = searches();
    await planCollections(new Date(), { organizationIds: [o.org.id] });
    expect(searches()).toBe(before);
    const cases = () =>
      db
        .select()
        .from(collectionCase)
        .where(and(eq(collectionCase.organizationId, o.org.id), eq(collectionCase.customerId, late.customerId)));
    expect(await cases()).toEqual([]);
    // Switched on again: read and judged.
    await owner.payments.updateCollectionSettings({ enabled: true, days: [1, 5, 10] });
    await planCollections(new Date(), { organizationIds: [o.org.id] });
    expect(searches()).toBeGreaterThan(before);
    expect((await cases())[0]).toMatchObject({ status: "active", pastDueCents: 12_900 });
  });
});

describe("the sweep's reads with the PMS down", () => {
  it("stop at the first that gets no answer: the other tenants keep their copies, unread", async () => {
    const o = await pmsOrg();
    const a = await pmsTenant(o, { owed: 10 });
    const b = await pmsTenant(o, { owed: 20 });
    const owner = await callerFor(o.org.owner);
    for (const t of [a, b]) {
      await owner.payments.customer({ customerId: t.customerId });
      await age(o.org.id, t.customerId, 3600_000);
    }
    const searches = () => fake.requests.filter((r) => r.path.endsWith("/ledgers/search")).length;
    const before = searches();
    fake.control.down = true;
    try {
      expect(await refreshPmsBalancesOf(o.org.id)).toEqual({ tenants: 2, read: 0, unreachable: 1 });
    } finally {
      fake.control.down = false;
    }
    expect(searches() - before).toBe(1);
    expect(await refreshPmsBalancesOf(o.org.id)).toEqual({ tenants: 2, read: 2, unreachable: 0 });
  });
});

describe("Stora: what is left on the open invoices, from the oldest one's date", () => {
  let stora: FakeStora;
  beforeAll(async () => {
    stora = await startFakeStora({ accessTokens: {} });
    stora.grantToken("balance-token");
    process.env.STORA_API_BASE = stora.url;
  });
  afterAll(async () => {
    delete process.env.STORA_API_BASE;
    await stora.close();
  });

  it("an invoice part paid counts what is left; a payment we took since the oldest open invoice is taken off", async () => {
    const { org } = await connectedOrg(h);
    orgs.push(org.id);
    stora.addSite("Balance Quay", 2);
    const conn = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, { credentials: { provider: "stora", accessToken: "balance-token" } }),
    );
    expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
    const [t] = await withOrg(org.id, (tx) =>
      tx.select().from(unitType).where(eq(unitType.organizationId, org.id)).orderBy(unitType.name).limit(1),
    );
    const phone = randomUsNumber(512);
    const booked = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: t!.id,
        moveInDate: moveIn(),
        channel: "phone",
        customer: { name: "Quinn Quay", phone },
      }),
    );
    const { rental } = await withOrg(org.id, (tx) =>
      convertToMoveIn(tx, org.id, ACTOR, { reservationId: booked.reservation.id }),
    );
    // The contact the booking made in Stora gets two open invoices: one part paid.
    const contact = stora.contacts.find((c) => c.phone_number === phone)!;
    const invoice = (amount: number, paid: number, on: string) => ({
      id: unique("inv"),
      status: "open",
      amount_due: { amount, currency: "GBP" },
      amount_paid: { amount: paid, currency: "GBP" },
      contact: { id: contact.id },
      finalized_at: `${on}T09:00:00Z`,
    });
    stora.invoices.push(invoice(10_000, 4_000, daysAgo(12)), invoice(8_000, 0, daysAgo(3)));
    const owner = await callerFor(org.owner);
    const page = await owner.payments.customer({ customerId: booked.reservation.customerId });
    expect(page.balanceSource).toMatchObject({ source: "pms", provider: "Stora", balanceCents: 14_000 });
    const [copy] = await db
      .select()
      .from(pmsBalance)
      .where(and(eq(pmsBalance.organizationId, org.id), eq(pmsBalance.customerId, booked.reservation.customerId)));
    expect(copy).toMatchObject({ balanceCents: 14_000, pastDueSince: daysAgo(12) });

    // We take $60 (a note in Stora; its invoices stay open until staff mark them paid): it is counted.
    await withOrg(org.id, (tx) =>
      recordPaymentReceived(tx, org.id, ACTOR, {
        customerId: booked.reservation.customerId,
        rentalId: rental.id,
        amountCents: 6_000,
        method: "cash",
        source: "app",
        externalId: unique("desk"),
      }),
    );
    const after = await owner.payments.customer({ customerId: booked.reservation.customerId });
    expect(after.balanceSource).toMatchObject({ source: "pms", balanceCents: 8_000 });
  });
});
