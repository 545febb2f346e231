import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { ledgerEntry, pmsLink, pmsWriteBack, unitType } from "@/server/db/schema";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { recordEvent } from "@/server/events/record";
import { refundPayment } from "@/server/payments/refund-payment";
import { connectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";
import { attemptWriteBack } from "@/server/pms/write-back-retry";

import { seedOrganization, unique, type TestOrg } from "../factories";
import { startFakeStora, type FakeStora } from "../fakes/stora-server";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR, seedFacility } from "../inventory/helpers";
import { setUpWorkflowTests, waitFor } from "../jobs-harness";

import { disconnectPmsOf } from "./cleanup";

/**
 * A refund we make (the dashboard's and the API's refundPaymentIn, or one made in Stripe's
 * Dashboard) of a payment we posted to the PMS is recorded there too, once, as it runs in
 * production: payment.refunded → the PMS subscriber → outbox → the pmsWriteBack workflow. Neither
 * PMS's public API can record a refund on its ledger, so both get a note for staff (storEDGE on the
 * tenant's ledger, Stora on the contact). A refund waits for its payment to reach the PMS first, and
 * one of a payment that never went there records nothing.
 */
setUpWorkflowTests({ timeScale: 0.005 });

const moveIn = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const writeBack = (orgId: string, kind: "payment" | "refund", localId: string) =>
  db
    .select()
    .from(pmsWriteBack)
    .where(and(eq(pmsWriteBack.organizationId, orgId), eq(pmsWriteBack.kind, kind), eq(pmsWriteBack.localId, localId)));
const settled = (orgId: string, kind: "payment" | "refund", localId: string, status = "succeeded") =>
  waitFor(async () => {
    const [wb] = await writeBack(orgId, kind, localId);
    return wb?.status === status ? wb : null;
  }, `the ${kind}'s write-back (${status})`);

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

/** Cash taken at the desk (recorded here, source app): posted to the PMS, refundable without Stripe. */
function payCash(orgId: string, p: { customerId: string; rentalId?: string; reservationId?: string; cents: number }) {
  return withOrg(orgId, (tx) =>
    recordPaymentReceived(tx, orgId, ACTOR, {
      customerId: p.customerId,
      rentalId: p.rentalId,
      reservationId: p.reservationId,
      amountCents: p.cents,
      method: "cash",
      source: "app",
      externalId: unique("desk"),
    }),
  );
}

async function refund(orgId: string, paymentId: string, amountCents: number, reason: string) {
  await refundPayment(orgId, ACTOR, { paymentId, amountCents, reason, requestKey: unique("rk") });
  const [entry] = await withOrg(orgId, (tx) =>
    tx
      .select({ id: ledgerEntry.id })
      .from(ledgerEntry)
      .where(
        and(
          eq(ledgerEntry.organizationId, orgId),
          eq(ledgerEntry.paymentId, paymentId),
          eq(ledgerEntry.kind, "refund"),
        ),
      )
      .orderBy(desc(ledgerEntry.createdAt))
      .limit(1),
  );
  return entry!.id;
}

describe("refunds recorded in storEDGE", () => {
  const KEY = "refund-key";
  const SECRET = "refund-secret";
  let fake: FakeStoredge;
  let org: TestOrg;
  let externalFacility: string;
  let typeId: string;

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    externalFacility = fake.addFacility({ name: "Refund Storage" }, 5);
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

  it("writes a refund of a posted payment as one note on the tenant's ledger, naming the payment and the amount", async () => {
    const t = await tenant("Rosa Quint", "+15125550811");
    const { payment } = await payCash(org.id, { customerId: t.customerId, rentalId: t.rental.id, cents: 18_500 });
    const paid = await settled(org.id, "payment", payment.id);
    const refundId = await refund(org.id, payment.id, 5_000, "Charged twice for May");
    const wb = await settled(org.id, "refund", refundId);
    const notes = fake.notes.filter((n) => n.ledger_id === t.ledgerId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.id).toBe(wb.externalId);
    expect(notes[0]!.note).toContain("Refund of $50.00 given back in cash");
    expect(notes[0]!.note).toContain("(Charged twice for May)");
    expect(notes[0]!.note).toContain(`payment posted as ${paid.externalId}`);
    expect(notes[0]!.note).toContain("record a manual cash refund of $50.00");
    expect(notes[0]!.note).toContain(`[storage-agent-refund:${refundId}]`);

    // The event again (redelivered): the write-back row is unique per refund, nothing is queued twice.
    await withOrg(org.id, (tx) =>
      recordEvent(tx, {
        type: "payment.refunded",
        organizationId: org.id,
        paymentId: payment.id,
        ledgerEntryId: refundId,
        amountCents: 5_000,
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await writeBack(org.id, "refund", refundId)).toHaveLength(1);
    expect(fake.notes.filter((n) => n.ledger_id === t.ledgerId)).toHaveLength(1);

    // A second, separate refund of the rest is its own note.
    const second = await refund(org.id, payment.id, 13_500, "Moved out early");
    await settled(org.id, "refund", second);
    expect(fake.notes.filter((n) => n.ledger_id === t.ledgerId)).toHaveLength(2);
  });

  it("a refund waits for its payment to reach storEDGE (down), then follows it", async () => {
    const t = await tenant("Sami Okafor", "+15125550812", 65);
    fake.control.down = true;
    const { payment } = await payCash(org.id, { customerId: t.customerId, rentalId: t.rental.id, cents: 6_500 });
    const refundId = await refund(org.id, payment.id, 1_000, "Late fee waived");
    const waiting = await waitFor(async () => {
      const [wb] = await writeBack(org.id, "refund", refundId);
      return wb?.lastError ? wb : null;
    }, "the refund waiting");
    expect(waiting.status).toBe("pending");
    expect(waiting.lastError).toBe("Waiting for the refunded payment to reach the PMS.");
    expect(fake.notes.filter((n) => n.ledger_id === t.ledgerId)).toHaveLength(0);
    fake.control.down = false;
    await settled(org.id, "payment", payment.id);
    await settled(org.id, "refund", refundId);
    expect(fake.notes.filter((n) => n.ledger_id === t.ledgerId)).toHaveLength(1);
  });

  it("a refund of a payment storEDGE refused (no ledger before move-in) records nothing there, and says why", async () => {
    const booked = await book(org.id, typeId, "Tove Lind", "+15125550813");
    const { payment } = await payCash(org.id, {
      customerId: booked.reservation.customerId,
      reservationId: booked.reservation.id,
      cents: 4_000,
    });
    await settled(org.id, "payment", payment.id, "refused");
    const notesBefore = fake.notes.length;
    const refundId = await refund(org.id, payment.id, 4_000, "Cancelled the booking");
    const wb = await settled(org.id, "refund", refundId, "refused");
    expect(wb.lastError).toMatch(/never reached the PMS/);
    expect(fake.notes.length).toBe(notesBefore);
  });
});

describe("refunds recorded in Stora", () => {
  let fake: FakeStora;
  let org: TestOrg;
  let other: TestOrg;
  let typeId: string;

  beforeAll(async () => {
    fake = await startFakeStora({ accessTokens: {} });
    fake.grantToken("refund-token");
    process.env.STORA_API_BASE = fake.url;
    fake.addSite("Refund Wharf", 3);
    org = await seedOrganization();
    other = await seedOrganization();
    const conn = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, { credentials: { provider: "stora", accessToken: "refund-token" } }),
    );
    expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
    typeId = await firstTypeId(org.id);
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id, other?.id]);
    delete process.env.STORA_API_BASE;
    await fake.close();
  });

  it("writes the refund as a note on the contact once; a repeated attempt finds it", async () => {
    const booked = await book(org.id, typeId, "Una Byrne", "+15125550911");
    const contact = fake.contacts.find((c) => c.phone_number === "+15125550911")!;
    const { payment } = await payCash(org.id, {
      customerId: booked.reservation.customerId,
      reservationId: booked.reservation.id,
      cents: 4_500,
    });
    await settled(org.id, "payment", payment.id);
    const refundId = await refund(org.id, payment.id, 2_000, "Goodwill");
    const wb = await settled(org.id, "refund", refundId);
    const onContact = () =>
      fake.notes.filter(
        (n) =>
          (n.resource as { id: string }).id === contact.id &&
          (n.metadata as Record<string, string>).storage_agent_refund_id,
      );
    expect(onContact()).toHaveLength(1);
    expect(onContact()[0]).toMatchObject({
      id: wb.externalId,
      metadata: { storage_agent_refund_id: refundId, storage_agent_payment_id: payment.id, amount_minor: "2000" },
    });
    expect(String(onContact()[0]!.content)).toMatch(/Refund of US\$20\.00 given back in cash .*\(Goodwill\)/);

    // The attempt again (its answer lost to a timeout): the note already there is the answer.
    await db.update(pmsWriteBack).set({ status: "pending" }).where(eq(pmsWriteBack.id, wb.id));
    expect(await attemptWriteBack(org.id, wb.id)).toBe("done");
    expect(onContact()).toHaveLength(1);
  });

  it("another organization's payments and refunds (no PMS) write nothing to this one's Stora", async () => {
    const notesBefore = fake.notes.length;
    // The same phone as a contact of this organization's Stora: still nothing of theirs goes there.
    const { unitType: otherType } = await seedFacility(other.id, { units: 2 });
    const booked = await book(other.id, otherType.id, "Una Byrne", "+15125550911");
    const { payment } = await payCash(other.id, {
      customerId: booked.reservation.customerId,
      reservationId: booked.reservation.id,
      cents: 3_000,
    });
    const refundId = await refund(other.id, payment.id, 3_000, "Not ours");
    await new Promise((r) => setTimeout(r, 400));
    expect(await writeBack(other.id, "refund", refundId)).toEqual([]);
    expect(await db.select().from(pmsWriteBack).where(eq(pmsWriteBack.organizationId, other.id))).toEqual([]);
    expect(fake.notes.length).toBe(notesBefore);
  });
});
