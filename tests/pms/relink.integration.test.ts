import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { facility as facilityTable, unit, unitType } from "@/server/db/schema";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { connectPms, linkFacility } from "@/server/pms/connections";
import { managedBy } from "@/server/pms/managed";
import { syncConnection } from "@/server/pms/sync";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR, seedFacility } from "../inventory/helpers";

import { disconnectPmsOf } from "./cleanup";

/**
 * An operator changes a facility mapping after the first sync: the storEDGE facility the first sync
 * created a facility for is linked to another facility of ours instead. The next sync mirrors the PMS
 * into the newly linked facility (details, unit types, units), bookings there are written back, and
 * the copy the first sync made is no longer managed nor for sale (its units would be a second,
 * unsynced copy of the same storEDGE units for the agent to offer).
 */
const KEY = "relink-key";
const SECRET = "relink-secret";

describe("a PMS facility linked to another facility of ours", () => {
  let fake: FakeStoredge;
  let org: TestOrg;
  let externalFacility: string;
  let connectionId: string;

  const facilityRows = (facilityId: string) =>
    withOrg(org.id, async (tx) => ({
      f: (await tx.select().from(facilityTable).where(eq(facilityTable.id, facilityId)))[0]!,
      types: await tx.select().from(unitType).where(eq(unitType.facilityId, facilityId)).orderBy(unitType.name),
      units: await tx.select().from(unit).where(eq(unit.facilityId, facilityId)).orderBy(unit.number),
    }));

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    externalFacility = fake.addFacility({ name: "Relinked Storage" }, 1);
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
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STOREDGE_API_BASE;
    await fake.close();
  });

  it("the next sync fills the newly linked facility; the first copy is retired and editable", async () => {
    expect(await syncConnection(connectionId, { kind: "full" })).toMatchObject({ status: "succeeded" });
    const [first] = await withOrg(org.id, (tx) =>
      tx
        .select({ id: facilityTable.id })
        .from(facilityTable)
        .where(and(eq(facilityTable.organizationId, org.id), eq(facilityTable.name, "Relinked Storage"))),
    );
    expect((await facilityRows(first!.id)).units).toHaveLength(6);

    // Ours, with a unit A1 of its own.
    const { facility: ours } = await seedFacility(org.id, { units: 1 });
    await withOrg(org.id, (tx) =>
      linkFacility(tx, org.id, ACTOR, { connectionId, externalId: externalFacility, facilityId: ours.id }),
    );
    expect(await syncConnection(connectionId, { kind: "full" })).toMatchObject({ status: "succeeded" });

    const now = await facilityRows(ours.id);
    expect(now.f.name).toBe("Relinked Storage");
    expect(now.units.map((u) => u.number)).toEqual(["A1", "U1", "U2", "U3", "U4", "U5", "U6"]);
    expect(now.units.filter((u) => u.number.startsWith("U")).every((u) => u.status === "available")).toBe(true);
    const managed = await withOrg(org.id, (tx) =>
      managedBy(
        tx,
        org.id,
        "unit",
        now.units.map((u) => u.id),
      ),
    );
    expect(managed.size).toBe(6);

    const old = await facilityRows(first!.id);
    expect(old.units.every((u) => u.status !== "available")).toBe(true);
    expect(old.types.every((t) => !t.active)).toBe(true);
    const oldManaged = await withOrg(org.id, (tx) =>
      managedBy(
        tx,
        org.id,
        "unit",
        old.units.map((u) => u.id),
      ),
    );
    expect(oldManaged.size).toBe(0);

    // A booking at the newly linked facility reaches storEDGE.
    const type10x30 = now.types.find((t) => t.lengthFt === 30)!;
    const booked = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: type10x30.id,
        moveInDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
        channel: "phone",
        customer: { name: "Rae Link", phone: "+15125550901" },
      }),
    );
    expect(booked.pms.status).toBe("accepted");
  });
});
