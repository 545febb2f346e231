import { and, eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { jobOutbox, pmsWriteBack, reservation, unit, unitType } from "@/server/db/schema";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { connectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";
import { attemptWriteBack, giveUpWriteBack } from "@/server/pms/write-back-retry";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";

import { disconnectPmsOf } from "./cleanup";

/**
 * Bookings written back to storEDGE inside the booking: accepted (PMS id stored), refused (the next
 * free unit is booked instead), slow or down (held locally as pending PMS, retried without a second
 * PMS record), cancellations written back, and a booking the PMS finally refuses given up loudly.
 */
const KEY = "wb-key";

/** Every statement sent while `recorded` is set (the booking's PMS round trips are counted below). */
let recorded: string[] | null = null;
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const q = args[0] as string | { text?: string };
  recorded?.push(typeof q === "string" ? q : (q.text ?? ""));
  return clientQuery.apply(this, args);
};
const SECRET = "wb-secret";

describe("booking write-back to storEDGE", () => {
  let fake: FakeStoredge;
  let org: TestOrg;
  let externalFacility: string;
  let connectionId: string;
  let typeId: string;

  const book = (name: string, phone: string) =>
    withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: typeId,
        moveInDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
        channel: "phone",
        customer: { name, phone },
      }),
    );
  const unitNumber = async (unitId: string) => {
    const [u] = await withOrg(org.id, (tx) => tx.select().from(unit).where(eq(unit.id, unitId)));
    return u!;
  };

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    externalFacility = fake.addFacility({ name: "Write-back Storage" }, 10);
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
    connectionId = conn.id;
    expect(await syncConnection(connectionId, { kind: "full" })).toMatchObject({ status: "succeeded" });
    // The 10x30 type: storEDGE units U51..U60, booked in number order.
    const [t] = await withOrg(org.id, (tx) =>
      tx
        .select()
        .from(unitType)
        .where(and(eq(unitType.organizationId, org.id), eq(unitType.lengthFt, 30))),
    );
    typeId = t!.id;
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STOREDGE_API_BASE;
    await fake.close();
  });

  it("creates the PMS reservation inside the booking and stores its id", async () => {
    const requestsBefore = fake.requests.length;
    recorded = [];
    const booked = await book("Ana Lima", "+15125550301");
    const statements = recorded;
    recorded = null;
    // What the PMS adds to a new caller's booking, in round trips: is a PMS connected, the savepoint,
    // the caller's lead queued (once, though the booking also moves it to "reserved"), the booking's
    // target, its log row (with the lead settled).
    expect(statements.filter((s) => /pms_|savepoint/.test(s))).toHaveLength(5);
    expect(booked.pms.status).toBe("accepted");
    const u = await unitNumber(booked.reservation.unitId);
    expect(u.number).toBe("U51");
    expect(fake.unitById(`${externalFacility.slice(0, 8)}-u51`).status).toBe("reserved");
    const lead = [...fake.leads.values()].find((l) => l.external_reference === booked.reservation.id)!;
    expect(lead).toMatchObject({ status: "reserved", tenant: { first_name: "Ana", last_name: "Lima" } });
    const [wb] = await db.select().from(pmsWriteBack).where(eq(pmsWriteBack.localId, booked.reservation.id));
    expect(wb).toMatchObject({ status: "succeeded", externalId: lead.id, kind: "reservation" });
    // The caller's lead (captured by the booking) is in storEDGE as this reservation: its write-back
    // is recorded with that id in the booking, and no workflow is left to start for it.
    const [leadWb] = await db
      .select()
      .from(pmsWriteBack)
      .where(and(eq(pmsWriteBack.kind, "lead"), eq(pmsWriteBack.localId, booked.reservation.leadId!)));
    expect(leadWb).toMatchObject({ status: "succeeded", externalId: lead.id, connectionId });
    expect(
      await db
        .select()
        .from(jobOutbox)
        .where(eq(jobOutbox.workflowId, `pms-write-back:${leadWb!.id}`)),
    ).toEqual([]);
    // One request to storEDGE for the whole booking.
    expect(fake.requests.slice(requestsBefore)).toEqual([
      { method: "POST", path: `/v1/${externalFacility}/leads`, status: 201 },
    ]);
  });

  it("a unit staff took in storEDGE (not yet synced) is refused there; the next free unit is booked", async () => {
    fake.takeUnit(`${externalFacility.slice(0, 8)}-u52`);
    const booked = await book("Ben Ode", "+15125550302");
    expect(booked.pms.status).toBe("accepted");
    expect((await unitNumber(booked.reservation.unitId)).number).toBe("U53");
    const [refused] = await withOrg(org.id, (tx) =>
      tx
        .select()
        .from(unit)
        .where(and(eq(unit.organizationId, org.id), eq(unit.number, "U52"))),
    );
    expect(refused!.status).toBe("unavailable");
    // Exactly one reservation each, no orphan from the rolled-back attempt.
    const ours = await withOrg(org.id, (tx) =>
      tx
        .select()
        .from(reservation)
        .where(and(eq(reservation.organizationId, org.id), eq(reservation.status, "active"))),
    );
    expect(ours).toHaveLength(2);
  });

  it("a PMS slower than the budget: held locally as pending, retried durably without a second PMS record", async () => {
    fake.control.latencyMs = 4000;
    const started = Date.now();
    const booked = await book("Cy Park", "+15125550303");
    const elapsed = Date.now() - started;
    fake.control.latencyMs = 0;
    expect(booked.pms.status).toBe("pending");
    expect(elapsed).toBeLessThan(3500); // the budget (1.5 s) cut it short, not the PMS's 4 s
    expect(booked.reservation.status).toBe("active");
    const writeBackId = booked.pms.status === "pending" ? booked.pms.writeBackId : "";
    await new Promise((r) => setTimeout(r, Math.max(0, 4500 - elapsed))); // the slow request lands in the PMS meanwhile
    expect(await attemptWriteBack(org.id, writeBackId)).toBe("done");
    const [wb] = await db.select().from(pmsWriteBack).where(eq(pmsWriteBack.id, writeBackId));
    expect(wb!.status).toBe("succeeded");
    const leads = [...fake.leads.values()].filter((l) => l.external_reference === booked.reservation.id);
    expect(leads).toHaveLength(1);
  });

  it("a PMS that is down: pending, retried until it is back", async () => {
    fake.control.down = true;
    const booked = await book("Di Ross", "+15125550304");
    expect(booked.pms.status).toBe("pending");
    // Nothing accepted: the caller's lead write-back is still queued (its workflow waits for the booking).
    const [leadWb] = await db
      .select()
      .from(pmsWriteBack)
      .where(and(eq(pmsWriteBack.kind, "lead"), eq(pmsWriteBack.localId, booked.reservation.leadId!)));
    expect(leadWb).toMatchObject({ status: "pending", externalId: null });
    const writeBackId = booked.pms.status === "pending" ? booked.pms.writeBackId : "";
    expect(await attemptWriteBack(org.id, writeBackId)).toBe("retry");
    fake.control.down = false;
    expect(await attemptWriteBack(org.id, writeBackId)).toBe("done");
    expect(await attemptWriteBack(org.id, writeBackId)).toBe("done"); // a repeat is a no-op
    expect([...fake.leads.values()].filter((l) => l.external_reference === booked.reservation.id)).toHaveLength(1);
  });

  it("writes a cancellation back: the storEDGE lead is cancelled and its unit vacant again", async () => {
    const booked = await book("Eve Nash", "+15125550305");
    const lead = [...fake.leads.values()].find((l) => l.external_reference === booked.reservation.id)!;
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: booked.reservation.id }));
    const [wb] = await db
      .select()
      .from(pmsWriteBack)
      .where(and(eq(pmsWriteBack.localId, booked.reservation.id), eq(pmsWriteBack.kind, "cancellation")));
    expect(wb!.status).toBe("pending");
    expect(await attemptWriteBack(org.id, wb!.id)).toBe("done");
    expect(fake.leads.get(lead.id)!.status).toBe("cancelled");
    expect(fake.unitById(lead.unit_id!).status).toBe("vacant");
  });

  it("a held booking the PMS finally refuses is cancelled here, the customer texted, nothing left held", async () => {
    fake.control.down = true;
    const booked = await book("Flo Grant", "+15125550306");
    fake.control.down = false;
    const writeBackId = booked.pms.status === "pending" ? booked.pms.writeBackId : "";
    const unitExt = (await unitNumber(booked.reservation.unitId)).number.toLowerCase();
    fake.takeUnit(`${externalFacility.slice(0, 8)}-${unitExt}`);
    expect(await attemptWriteBack(org.id, writeBackId)).toBe("refused");
    await giveUpWriteBack(org.id, writeBackId, "refused");
    const [r] = await withOrg(org.id, (tx) =>
      tx.select().from(reservation).where(eq(reservation.id, booked.reservation.id)),
    );
    expect(r).toMatchObject({ status: "cancelled" });
    expect(r!.cancelledReason).toMatch(/storEDGE refused/);
  });
});
