import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { pmsLink, pmsWriteBack, reservation, unitType } from "@/server/db/schema";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { expireDueReservations } from "@/server/domain/reservations/expire-reservations";
import { connectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";
import { setUpWorkflowTests, waitFor } from "../jobs-harness";

import { disconnectPmsOf } from "./cleanup";

/**
 * Write-back as it runs in production: domain events → the PMS subscriber → outbox → the durable
 * pmsWriteBack workflow (DBOS in this process, its hour of retries compressed by WORKFLOW_TIME_SCALE).
 * Leads become PMS leads once; a booking made while the PMS is down is written when it is back;
 * cancellations and expiries release the PMS hold; a PMS that never comes back gives the booking up.
 */
setUpWorkflowTests({ timeScale: 0.0005 });

const KEY = "jobs-key";
const SECRET = "jobs-secret";

let fake: FakeStoredge;
let org: TestOrg;
let externalFacility: string;
let facilityId: string;
let typeId: string;

const moveIn = () => new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
const book = (name: string, phone: string) =>
  withOrg(org.id, (tx) =>
    createReservation(tx, org.id, ACTOR, {
      unitTypeId: typeId,
      moveInDate: moveIn(),
      channel: "phone",
      customer: { name, phone },
    }),
  );
const writeBacks = (localId: string) =>
  db
    .select()
    .from(pmsWriteBack)
    .where(and(eq(pmsWriteBack.organizationId, org.id), eq(pmsWriteBack.localId, localId)));
const pmsRecordsFor = (localId: string) => [...fake.leads.values()].filter((l) => l.external_reference === localId);

beforeAll(async () => {
  fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
  process.env.STOREDGE_API_BASE = fake.url;
  externalFacility = fake.addFacility({ name: "Jobs Storage" }, 10);
  org = await seedOrganization();
  const conn = await withOrg(org.id, (tx) =>
    connectPms(tx, org.id, ACTOR, {
      credentials: { provider: "storedge", consumerKey: KEY, consumerSecret: SECRET, facilityIds: [externalFacility] },
    }),
  );
  expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({ status: "succeeded" });
  const [t] = await withOrg(org.id, (tx) =>
    tx
      .select()
      .from(unitType)
      .where(and(eq(unitType.organizationId, org.id), eq(unitType.lengthFt, 30))),
  );
  typeId = t!.id;
  facilityId = t!.facilityId;
});
afterAll(async () => {
  await disconnectPmsOf([org?.id]);
  delete process.env.STOREDGE_API_BASE;
  await fake.close();
});

describe("PMS write-back through domain events and the durable workflow", () => {
  it("a lead captured at a PMS facility becomes one PMS lead, with its id stored", async () => {
    const { lead } = await withOrg(org.id, (tx) =>
      captureLead(tx, org.id, ACTOR, {
        source: "call",
        name: "Lea Quinn",
        phone: "+15125550401",
        facilityId,
        desiredUnitTypeId: typeId,
        desiredMoveInDate: moveIn(),
      }),
    );
    const [wb] = await waitFor(async () => {
      const rows = await writeBacks(lead.id);
      return rows[0]?.status === "succeeded" ? rows : null;
    }, "the lead's write-back");
    const records = pmsRecordsFor(lead.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      status: "active",
      unit_id: null,
      tenant: { first_name: "Lea", last_name: "Quinn" },
    });
    expect(wb).toMatchObject({ kind: "lead", externalId: records[0]!.id });
    const [link] = await db
      .select()
      .from(pmsLink)
      .where(and(eq(pmsLink.kind, "lead"), eq(pmsLink.localId, lead.id)));
    expect(link?.externalId).toBe(records[0]!.id);

    // Captured again (another call): updated here, never a second PMS lead.
    await withOrg(org.id, (tx) =>
      captureLead(tx, org.id, ACTOR, { source: "sms", name: "Lea Quinn", phone: "+15125550401", notes: "again" }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await writeBacks(lead.id)).toHaveLength(1);
    expect(pmsRecordsFor(lead.id)).toHaveLength(1);
  });

  it("a lead already in storEDGE that books is converted into the reservation there, not recorded twice", async () => {
    // Lea Quinn's lead (the test above) is a storEDGE lead; she calls back and books.
    const [leadRecord] = [...fake.leads.values()].filter((l) => l.tenant.first_name === "Lea");
    expect(leadRecord).toMatchObject({ status: "active", unit_id: null });
    const booked = await book("Lea Quinn", "+15125550401");
    expect(booked.pms.status).toBe("accepted");
    expect(booked.pms.status === "accepted" && booked.pms.externalId).toBe(leadRecord!.id);
    // The same storEDGE record, now a reservation on the booked unit; nothing new was created.
    expect(fake.leads.get(leadRecord!.id)).toMatchObject({ status: "reserved" });
    expect(fake.unitById(fake.leads.get(leadRecord!.id)!.unit_id!).status).toBe("reserved");
    expect(pmsRecordsFor(booked.reservation.id)).toHaveLength(0);
    expect([...fake.leads.values()].filter((l) => l.tenant.first_name === "Lea")).toHaveLength(1);
    const [wb] = (await writeBacks(booked.reservation.id)).filter((w) => w.kind === "reservation");
    expect(wb).toMatchObject({ status: "succeeded", externalId: leadRecord!.id });

    // Cancelling releases that record's hold like any other.
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: booked.reservation.id }));
    await waitFor(async () => (fake.leads.get(leadRecord!.id)!.status === "cancelled" ? true : null), "the PMS cancel");

    // Booking again later: that record is the first booking's (cancelled there), so a new one is made.
    const again = await book("Lea Quinn", "+15125550401");
    expect(again.pms.status).toBe("accepted");
    expect(pmsRecordsFor(again.reservation.id)).toHaveLength(1);
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: again.reservation.id }));
  });

  it("a booking made while the same person's lead is being written to storEDGE converts that lead: one record", async () => {
    // The lead's storEDGE request takes 600 ms; the person books while it is in flight.
    fake.control.createLeadLatencyMs = 600;
    try {
      const { lead } = await withOrg(org.id, (tx) =>
        captureLead(tx, org.id, ACTOR, {
          source: "call",
          name: "Kai Moreno",
          phone: "+15125550409",
          facilityId,
          desiredUnitTypeId: typeId,
        }),
      );
      await waitFor(
        async () => [...fake.inFlight].some((r) => r.method === "POST" && r.path.endsWith("/leads")) || null,
        "the lead's request in flight",
      );
      const booked = await book("Kai Moreno", "+15125550409");
      expect(booked.reservation.leadId).toBe(lead.id);
      expect(booked.pms.status).toBe("accepted");
      const [leadWb] = await waitFor(async () => {
        const rows = await writeBacks(lead.id);
        return rows[0] && rows[0].status !== "pending" ? rows : null;
      }, "the lead's write-back");
      const records = [...fake.leads.values()].filter((l) => l.tenant.first_name === "Kai");
      // One storEDGE record of Kai: the lead, converted into the reservation on the booked unit.
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ external_reference: lead.id, status: "reserved" });
      expect(booked.pms.status === "accepted" && booked.pms.externalId).toBe(records[0]!.id);
      expect(leadWb).toMatchObject({ status: "succeeded", externalId: records[0]!.id });
      await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: booked.reservation.id }));
    } finally {
      fake.control.createLeadLatencyMs = 0;
    }
  });

  it("a lead still in flight after half the budget: the booking is held as pending, then converts that lead", async () => {
    fake.control.createLeadLatencyMs = 2500;
    try {
      const { lead } = await withOrg(org.id, (tx) =>
        captureLead(tx, org.id, ACTOR, { source: "call", name: "Ada Brandt", phone: "+15125550410", facilityId }),
      );
      await waitFor(
        async () => [...fake.inFlight].some((r) => r.method === "POST" && r.path.endsWith("/leads")) || null,
        "the lead's request in flight",
      );
      const booked = await book("Ada Brandt", "+15125550410");
      expect(booked.pms.status).toBe("pending");
      const [wb] = await waitFor(async () => {
        const rows = (await writeBacks(booked.reservation.id)).filter((w) => w.kind === "reservation");
        return rows[0]?.status === "succeeded" ? rows : null;
      }, "the held booking's write-back");
      const records = [...fake.leads.values()].filter((l) => l.tenant.first_name === "Ada");
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ external_reference: lead.id, status: "reserved" });
      expect(wb!.externalId).toBe(records[0]!.id);
      await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: booked.reservation.id }));
    } finally {
      fake.control.createLeadLatencyMs = 0;
    }
  });

  it("a booking's own lead is in the PMS as its reservation, not twice", async () => {
    const booked = await book("Rob Vance", "+15125550402");
    expect(booked.pms.status).toBe("accepted");
    const leadId = booked.reservation.leadId!;
    const [wb] = await waitFor(async () => {
      const rows = await writeBacks(leadId);
      return rows[0] && rows[0].status !== "pending" ? rows : null;
    }, "the booking lead's write-back");
    expect(wb).toMatchObject({ status: "succeeded", externalId: pmsRecordsFor(booked.reservation.id)[0]!.id });
    expect(pmsRecordsFor(leadId)).toHaveLength(0);
  });

  it("a booking made while the PMS is down is held as pending and written when it is back", async () => {
    fake.control.down = true;
    const booked = await book("Sue Ward", "+15125550403");
    expect(booked.pms.status).toBe("pending");
    await waitFor(async () => ((await writeBacks(booked.reservation.id))[0]!.attempts >= 2 ? true : null), "a retry");
    fake.control.down = false;
    const [wb] = await waitFor(async () => {
      const rows = (await writeBacks(booked.reservation.id)).filter((w) => w.kind === "reservation");
      return rows[0]?.status === "succeeded" ? rows : null;
    }, "the retried write-back");
    const records = pmsRecordsFor(booked.reservation.id);
    expect(records).toHaveLength(1);
    expect(wb!.externalId).toBe(records[0]!.id);
    const [r] = await db.select().from(reservation).where(eq(reservation.id, booked.reservation.id));
    expect(r!.status).toBe("active");
  });

  it("a cancellation releases the PMS hold through the workflow", async () => {
    const booked = await book("Tia Moss", "+15125550404");
    const [record] = pmsRecordsFor(booked.reservation.id);
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: booked.reservation.id }));
    await waitFor(async () => (fake.leads.get(record!.id)!.status === "cancelled" ? true : null), "the PMS cancel");
    expect(fake.unitById(record!.unit_id!).status).toBe("vacant");
    const cancel = (await writeBacks(booked.reservation.id)).find((w) => w.kind === "cancellation");
    await waitFor(
      async () =>
        (await writeBacks(booked.reservation.id)).find((w) => w.kind === "cancellation")?.status === "succeeded",
      "the cancellation's log row",
    );
    expect(cancel).toBeDefined();
  });

  it("an expired hold is released in the PMS too", async () => {
    const booked = await book("Uma Nair", "+15125550405");
    const [record] = pmsRecordsFor(booked.reservation.id);
    await db
      .update(reservation)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservation.id, booked.reservation.id));
    const { expired } = await withOrg(org.id, (tx) => expireDueReservations(tx, org.id));
    expect(expired).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (fake.leads.get(record!.id)!.status === "cancelled" ? true : null), "the PMS release");
    expect(fake.unitById(record!.unit_id!).status).toBe("vacant");
  });

  it("a PMS that never comes back: the hold is given up loudly after the retries, nothing left held", async () => {
    fake.control.down = true;
    try {
      const booked = await book("Vic Lowe", "+15125550406");
      expect(booked.pms.status).toBe("pending");
      const [r] = await waitFor(async () => {
        const rows = await db.select().from(reservation).where(eq(reservation.id, booked.reservation.id));
        return rows[0]?.status === "cancelled" ? rows : null;
      }, "the give-up");
      expect(r!.cancelledReason).toMatch(/storEDGE could not be reached/);
      const wb = (await writeBacks(booked.reservation.id)).find((w) => w.kind === "reservation");
      // One try inside the booking, then the workflow's eight (the first at once, then seven pauses).
      expect(wb).toMatchObject({ status: "failed", attempts: 9 });
      expect(pmsRecordsFor(booked.reservation.id)).toHaveLength(0);
    } finally {
      fake.control.down = false;
    }
  });
});
