import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { pmsLink, pmsWriteBack, unitType } from "@/server/db/schema";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { recordEvent } from "@/server/events/record";
import { connectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";
import { attemptWriteBack } from "@/server/pms/write-back-retry";

import { seedOrganization, unique, type TestOrg } from "../factories";
import { startFakeStora, type FakeStora } from "../fakes/stora-server";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";
import { setUpWorkflowTests, waitFor } from "../jobs-harness";

import { disconnectPmsOf } from "./cleanup";

/**
 * A payment we receive (payment.succeeded) is posted to the PMS as it runs in production: domain
 * event → the PMS subscriber → outbox → the durable pmsWriteBack workflow. storEDGE gets a payment on
 * the tenant's ledger (pay_multiple_ledgers, our payment id as its idempotency key); Stora, whose
 * public API cannot record a payment, gets a note on the contact. Once per payment, whether the event
 * or the attempt is retried; a PMS that is down is retried and the log says why meanwhile.
 */
setUpWorkflowTests({ timeScale: 0.005 });

const moveIn = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const paymentWriteBack = (orgId: string, paymentId: string) =>
  db
    .select()
    .from(pmsWriteBack)
    .where(
      and(
        eq(pmsWriteBack.organizationId, orgId),
        eq(pmsWriteBack.kind, "payment"),
        eq(pmsWriteBack.localId, paymentId),
      ),
    );
const settled = (orgId: string, paymentId: string, status = "succeeded") =>
  waitFor(async () => {
    const [wb] = await paymentWriteBack(orgId, paymentId);
    return wb?.status === status ? wb : null;
  }, `the payment's write-back (${status})`);

async function firstTypeId(orgId: string) {
  const [t] = await withOrg(orgId, (tx) =>
    tx.select().from(unitType).where(eq(unitType.organizationId, orgId)).orderBy(unitType.name).limit(1),
  );
  return t!.id;
}

function book(orgId: string, unitTypeId: string, name: string, phone: string) {
  return withOrg(orgId, (tx) =>
    createReservation(tx, orgId, ACTOR, {
      unitTypeId,
      moveInDate: moveIn(),
      channel: "phone",
      customer: { name, phone },
    }),
  );
}

function pay(orgId: string, p: { customerId: string; rentalId?: string; reservationId?: string; cents: number }) {
  return withOrg(orgId, (tx) =>
    recordPaymentReceived(tx, orgId, ACTOR, {
      customerId: p.customerId,
      rentalId: p.rentalId,
      reservationId: p.reservationId,
      amountCents: p.cents,
      method: "card",
      source: "stripe",
      stripe: { accountId: "acct_test", paymentIntentId: unique("pi") },
    }),
  );
}

describe("payments posted to storEDGE", () => {
  const KEY = "pay-key";
  const SECRET = "pay-secret";
  let fake: FakeStoredge;
  let org: TestOrg;
  let externalFacility: string;
  let typeId: string;

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    externalFacility = fake.addFacility({ name: "Ledger Storage" }, 5);
    org = await seedOrganization();
    const conn = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, {
        credentials: {
          provider: "storedge",
          consumerKey: KEY,
          consumerSecret: SECRET,
          facilityIds: [externalFacility],
        },
      }),
    );
    expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
    typeId = await firstTypeId(org.id);
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STOREDGE_API_BASE;
    await fake.close();
  });

  /** A tenant here (reservation → move-in) whose storEDGE ledger is the unit's, with a balance due. */
  async function tenant(name: string, phone: string, balance = 185) {
    const booked = await book(org.id, typeId, name, phone);
    const { rental } = await withOrg(org.id, (tx) =>
      convertToMoveIn(tx, org.id, ACTOR, { reservationId: booked.reservation.id }),
    );
    const [link] = await db
      .select()
      .from(pmsLink)
      .where(and(eq(pmsLink.organizationId, org.id), eq(pmsLink.kind, "unit"), eq(pmsLink.localId, rental.unitId)));
    const [first, ...rest] = name.split(" ");
    const ledgerId = fake.addLedger({
      facility_id: externalFacility,
      phone,
      active: true,
      current_account_balance: balance,
      gate_access_code: null,
      unit: { id: link!.externalId, name: "U?" },
      tenant: { id: unique("tenant"), first_name: first!, last_name: rest.join(" ") || null },
    });
    return { rental, customerId: booked.reservation.customerId, ledgerId };
  }
  const ledger = (id: string) => fake.ledgers.find((l) => l.id === id)!;

  it("posts a payment on the tenant's ledger once, even when the event or the attempt is repeated", async () => {
    const t = await tenant("Noor Haddad", "+15125550611");
    const { payment } = await pay(org.id, { customerId: t.customerId, rentalId: t.rental.id, cents: 18_500 });
    const wb = await settled(org.id, payment.id);
    const posted = [...fake.payments.values()].filter((p) => p.ledgerIds.includes(t.ledgerId));
    expect(posted).toEqual([expect.objectContaining({ amount: 185, kind: "check" })]);
    expect(wb.externalId).toBe(posted[0]!.id);
    expect(ledger(t.ledgerId).current_account_balance).toBe(0);
    expect(fake.payments.has(`storage-agent-payment-${payment.id}`)).toBe(true);

    // The event again (a redelivered or replayed payment.succeeded): the write-back row is the same.
    await withOrg(org.id, (tx) =>
      recordEvent(tx, { type: "payment.succeeded", organizationId: org.id, paymentId: payment.id }),
    );
    // The attempt again, as after a timeout storEDGE had in fact accepted: its idempotency key
    // answers the first payment, nothing is posted twice.
    await db.update(pmsWriteBack).set({ status: "pending" }).where(eq(pmsWriteBack.id, wb.id));
    expect(await attemptWriteBack(org.id, wb.id)).toBe("done");
    await new Promise((r) => setTimeout(r, 300));
    expect(await paymentWriteBack(org.id, payment.id)).toEqual([
      expect.objectContaining({ status: "succeeded", externalId: posted[0]!.id }),
    ]);
    expect([...fake.payments.values()].filter((p) => p.ledgerIds.includes(t.ledgerId))).toHaveLength(1);
    expect(ledger(t.ledgerId).current_account_balance).toBe(0);
  });

  it("retries while storEDGE is down, showing its error in the log, and posts once it is back", async () => {
    const t = await tenant("Omar Farouk", "+15125550612", 65);
    fake.control.down = true;
    const { payment } = await pay(org.id, { customerId: t.customerId, rentalId: t.rental.id, cents: 6_500 });
    const failing = await waitFor(async () => {
      const [wb] = await paymentWriteBack(org.id, payment.id);
      return wb && wb.status === "pending" && wb.attempts >= 2 ? wb : null;
    }, "two failed attempts");
    expect(failing.lastError).toBe("Service unavailable");
    expect(ledger(t.ledgerId).current_account_balance).toBe(65);
    fake.control.down = false;
    const wb = await settled(org.id, payment.id);
    expect(wb.attempts).toBeGreaterThanOrEqual(3);
    expect(ledger(t.ledgerId).current_account_balance).toBe(0);
  });

  it("a payment storEDGE has no ledger for (a reservation before move-in) is refused, with why, not retried", async () => {
    const booked = await book(org.id, typeId, "Ines Duarte", "+15125550613");
    const { payment } = await pay(org.id, {
      customerId: booked.reservation.customerId,
      reservationId: booked.reservation.id,
      cents: 4_000,
    });
    const wb = await settled(org.id, payment.id, "refused");
    expect(wb.lastError).toMatch(/no active ledger/);
    expect(wb.attempts).toBe(1);
  });

  it("payments that came from the PMS, or of an organization without a PMS, are not posted", async () => {
    const t = await tenant("Lin Wei", "+15125550614");
    const mirrored = await withOrg(org.id, (tx) =>
      recordPaymentReceived(tx, org.id, ACTOR, {
        customerId: t.customerId,
        rentalId: t.rental.id,
        amountCents: 1_000,
        method: "cash",
        source: "pms",
        externalId: unique("storedge-payment"),
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await paymentWriteBack(org.id, mirrored.payment.id)).toEqual([]);
    expect(ledger(t.ledgerId).current_account_balance).toBe(185);
  });
});

describe("payments posted to Stora", () => {
  let fake: FakeStora;
  let org: TestOrg;
  let typeId: string;

  beforeAll(async () => {
    fake = await startFakeStora({ accessTokens: {} });
    fake.grantToken("pay-token");
    process.env.STORA_API_BASE = fake.url;
    fake.addSite("Payments Wharf", 3);
    org = await seedOrganization();
    const conn = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, { credentials: { provider: "stora", accessToken: "pay-token" } }),
    );
    expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
    typeId = await firstTypeId(org.id);
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STORA_API_BASE;
    await fake.close();
  });

  it("writes the payment as a note on the customer's contact, once, for staff to mark the invoice paid", async () => {
    const booked = await book(org.id, typeId, "Freya Olsen", "+15125550711");
    const contact = fake.contacts.find((c) => c.phone_number === "+15125550711")!;
    const { payment } = await pay(org.id, {
      customerId: booked.reservation.customerId,
      reservationId: booked.reservation.id,
      cents: 4_500,
    });
    const wb = await settled(org.id, payment.id);
    const notes = fake.notes.filter((n) => (n.resource as { id: string }).id === contact.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      id: wb.externalId,
      metadata: { storage_agent_payment_id: payment.id, amount_minor: "4500" },
    });
    expect(String(notes[0]!.content)).toMatch(/Payment of US\$45\.00 received by card .*mark the open invoice paid/);

    // The attempt again (its answer lost to a timeout): the note already there is the answer.
    await db.update(pmsWriteBack).set({ status: "pending" }).where(eq(pmsWriteBack.id, wb.id));
    expect(await attemptWriteBack(org.id, wb.id)).toBe("done");
    expect(fake.notes.filter((n) => (n.resource as { id: string }).id === contact.id)).toHaveLength(1);
    expect((await paymentWriteBack(org.id, payment.id))[0]).toMatchObject({ externalId: wb.externalId });
  });

  it("a token without the note scope is retried with Stora's words in the log until the scope is granted", async () => {
    fake.grantToken(
      "pay-token",
      fake.ALL_SCOPES.filter((s) => s !== "public.note:write"),
    );
    let paymentId: string;
    try {
      const booked = await book(org.id, typeId, "Hugo Marsh", "+15125550712");
      const { payment } = await pay(org.id, {
        customerId: booked.reservation.customerId,
        reservationId: booked.reservation.id,
        cents: 6_500,
      });
      paymentId = payment.id;
      const failing = await waitFor(async () => {
        const [row] = await paymentWriteBack(org.id, payment.id);
        return row?.lastError ? row : null;
      }, "the failed attempt");
      expect(failing.status).toBe("pending");
      expect(failing.lastError).toMatch(/Missing required scope: public\.note:write/);
    } finally {
      fake.grantToken("pay-token");
    }
    // The operator granted the scope: the next attempt posts it.
    expect((await settled(org.id, paymentId)).externalId).toMatch(/^note_/);
  });
});
