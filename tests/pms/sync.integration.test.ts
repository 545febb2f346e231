import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import {
  facility as facilityTable,
  jobOutbox,
  pmsConnection,
  pmsFacilityMap,
  pmsWebhookEvent,
  unit,
  unitType,
} from "@/server/db/schema";
import { updateFacility } from "@/server/domain/facilities/update-facility";
import { changeUnitStatus } from "@/server/domain/inventory/unit-status";
import { updateUnitType } from "@/server/domain/inventory/unit-types";
import { connectPms, disconnectPms, listPmsConnections, testPmsCredentials } from "@/server/pms/connections";
import { handleStoraWebhook } from "@/server/pms/stora-webhook";
import { dueSync, syncConnection } from "@/server/pms/sync";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStora, type FakeStora } from "../fakes/stora-server";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR, seedFacility } from "../inventory/helpers";

import { disconnectPmsOf } from "./cleanup";

/**
 * Inventory mirror against both fakes: connect (good and bad credentials), full then incremental
 * sync, content hashes (an unchanged pass writes nothing), a unit taken in the PMS leaving our
 * availability, PMS-managed rows read-only until a disconnect, one sync per connection at a time,
 * failures recorded and cleared, and Stora's signed webhooks (forgery, replay).
 */
const KEY = "sync-key";
const SECRET = "sync-secret";

async function unitsOf(orgId: string, facilityId: string) {
  return withOrg(orgId, (tx) =>
    tx
      .select({ id: unit.id, number: unit.number, status: unit.status, updatedAt: unit.updatedAt })
      .from(unit)
      .where(and(eq(unit.organizationId, orgId), eq(unit.facilityId, facilityId)))
      .orderBy(unit.number),
  );
}

async function mappedFacility(connectionId: string) {
  const [m] = await db.select().from(pmsFacilityMap).where(eq(pmsFacilityMap.connectionId, connectionId));
  return m!.facilityId;
}

describe("storEDGE inventory mirror", () => {
  let fake: FakeStoredge;
  let org: TestOrg;
  let externalFacility: string;
  let connectionId: string;
  const creds = () => ({
    provider: "storedge" as const,
    consumerKey: KEY,
    consumerSecret: SECRET,
    facilityIds: [externalFacility],
  });

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    externalFacility = fake.addFacility({ name: "Elm Road Storage" }, 3);
    org = await seedOrganization();
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STOREDGE_API_BASE;
    await fake.close();
  });

  it("tests credentials with a clear message for each failure, then connects", async () => {
    const bad = await testPmsCredentials({ ...creds(), consumerSecret: "nope" });
    expect(bad).toMatchObject({ ok: false, reason: "auth" });
    expect(bad.ok === false && bad.message).toMatch(/did not accept these credentials/);
    const wrongFacility = await testPmsCredentials({ ...creds(), facilityIds: ["not-a-facility"] });
    expect(wrongFacility).toMatchObject({ ok: false, reason: "not_found" });
    const good = await testPmsCredentials(creds());
    expect(good).toEqual({ ok: true, facilities: [{ externalId: externalFacility, name: "Elm Road Storage" }] });

    const view = await withOrg(org.id, (tx) => connectPms(tx, org.id, ACTOR, { credentials: creds() }));
    connectionId = view.id;
    expect(JSON.stringify(view)).not.toContain(SECRET);
    const [stored] = await db.select().from(pmsConnection).where(eq(pmsConnection.id, connectionId));
    expect(stored!.credentialsEncrypted).not.toContain(SECRET);
    await expect(
      withOrg(org.id, (tx) => connectPms(tx, org.id, ACTOR, { credentials: creds() })),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("a full sync creates the facility, unit types and units; a second pass writes nothing", async () => {
    const first = await syncConnection(connectionId, { kind: "full" });
    expect(first).toMatchObject({ status: "succeeded", result: { created: { facility: 1, unit_type: 6, unit: 18 } } });
    const facilityId = await mappedFacility(connectionId);
    const before = await unitsOf(org.id, facilityId);
    expect(before).toHaveLength(18);
    expect(before.every((u) => u.status === "available")).toBe(true);

    const second = await syncConnection(connectionId, { kind: "incremental" });
    expect(second).toMatchObject({ status: "succeeded", result: { changed: 0 } });
    const after = await unitsOf(org.id, facilityId);
    expect(after.map((u) => u.updatedAt.getTime())).toEqual(before.map((u) => u.updatedAt.getTime()));
  });

  it("a unit taken in storEDGE leaves our availability at the next poll; a rate change follows", async () => {
    const facilityId = await mappedFacility(connectionId);
    const taken = fake.units.get(externalFacility)![0]!;
    fake.takeUnit(taken.id);
    fake.setRate(taken.id, 60, 55);
    const result = await syncConnection(connectionId, { kind: "incremental" });
    expect(result).toMatchObject({ status: "succeeded", result: { updated: { unit_type: 1, unit: 1 } } });
    const units = await unitsOf(org.id, facilityId);
    expect(units.find((u) => u.number === taken.name)!.status).toBe("occupied");
    const [type] = await withOrg(org.id, (tx) =>
      tx
        .select()
        .from(unitType)
        .where(and(eq(unitType.facilityId, facilityId), eq(unitType.widthFt, 5), eq(unitType.lengthFt, 5))),
    );
    expect(type).toMatchObject({ streetRateCents: 6000, webRateCents: 5500, availableUnits: 2 });
  });

  it("keeps PMS-managed rows read-only (with the PMS named) but lets us edit what is ours", async () => {
    const facilityId = await mappedFacility(connectionId);
    const [type] = await withOrg(org.id, (tx) =>
      tx.select().from(unitType).where(eq(unitType.facilityId, facilityId)).limit(1),
    );
    await expect(
      withOrg(org.id, (tx) => updateUnitType(tx, org.id, ACTOR, type!.id, { webRateCents: 1 })),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/managed in storEDGE/) });
    await withOrg(org.id, (tx) => updateUnitType(tx, org.id, ACTOR, type!.id, { whatFits: "A studio apartment" }));
    const [u] = await unitsOf(org.id, facilityId);
    await expect(
      withOrg(org.id, (tx) => changeUnitStatus(tx, org.id, ACTOR, { unitIds: [u!.id], status: "unavailable" })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      withOrg(org.id, (tx) => updateFacility(tx, org.id, ACTOR, facilityId, { name: "Renamed" })),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await withOrg(org.id, (tx) => updateFacility(tx, org.id, ACTOR, facilityId, { holdPeriodDays: 5 }));
  });

  it("runs one sync per connection at a time", async () => {
    fake.control.latencyMs = 150;
    const [a, b] = await Promise.all([
      syncConnection(connectionId, { kind: "incremental" }),
      syncConnection(connectionId, { kind: "incremental" }),
    ]);
    fake.control.latencyMs = 0;
    expect([a.status, b.status].sort()).toEqual(["skipped", "succeeded"]);
  });

  it("records a failure with storEDGE's words, backs off, and clears it on recovery", async () => {
    fake.control.down = true;
    const failed = await syncConnection(connectionId, { kind: "incremental" });
    fake.control.down = false;
    expect(failed.status).toBe("failed");
    const [conn] = await db.select().from(pmsConnection).where(eq(pmsConnection.id, connectionId));
    expect(conn!.failingSince).not.toBeNull();
    expect(conn!.lastError).toMatch(/Service unavailable/);
    expect(dueSync(conn!)).toBeNull(); // backing off: it just failed
    const [listed] = await withOrg(org.id, (tx) => listPmsConnections(tx, org.id));
    expect(listed!.runs[0]).toMatchObject({ status: "failed" });
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(await syncConnection(connectionId, { kind: "incremental" })).toMatchObject({ status: "succeeded" });
    const [healed] = await db.select().from(pmsConnection).where(eq(pmsConnection.id, connectionId));
    expect(healed).toMatchObject({ failingSince: null, lastError: null });
  });

  it("a full sync retires units the PMS no longer lists; a disconnect stops sync and unlocks the rows", async () => {
    const facilityId = await mappedFacility(connectionId);
    const gone = fake.units.get(externalFacility)!.pop()!;
    expect(await syncConnection(connectionId, { kind: "full" })).toMatchObject({
      status: "succeeded",
      result: { retired: 1 },
    });
    expect((await unitsOf(org.id, facilityId)).find((u) => u.number === gone.name)!.status).toBe("unavailable");

    await withOrg(org.id, (tx) => disconnectPms(tx, org.id, ACTOR, connectionId));
    expect(await syncConnection(connectionId, { kind: "full" })).toEqual({ status: "skipped", reason: "inactive" });
    await withOrg(org.id, (tx) => updateFacility(tx, org.id, ACTOR, facilityId, { name: "Ours again" }));
  });
});

describe("linking an existing facility", () => {
  it("adopts our unit numbers instead of duplicating them", async () => {
    const fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    let orgId: string | undefined;
    try {
      const externalFacility = fake.addFacility({ name: "Linked Storage" }, 1);
      const org = await seedOrganization();
      orgId = org.id;
      // Ours: unit A1 of a 10x10 type; storEDGE's units are U1..U6, so only the facility is shared.
      const { facility } = await seedFacility(org.id, { units: 1 });
      const conn = await withOrg(org.id, (tx) =>
        connectPms(tx, org.id, ACTOR, {
          credentials: {
            provider: "storedge",
            consumerKey: KEY,
            consumerSecret: SECRET,
            facilityIds: [externalFacility],
          },
          facilityLinks: { [externalFacility]: facility.id },
        }),
      );
      expect(await syncConnection(conn.id, { kind: "full" })).toMatchObject({
        status: "succeeded",
        result: { created: { unit_type: 6, unit: 6 } },
      });
      const units = await unitsOf(org.id, facility.id);
      expect(units.map((u) => u.number).sort()).toEqual(["A1", "U1", "U2", "U3", "U4", "U5", "U6"]);
      // PMS wins on what it owns: the linked facility now carries storEDGE's name.
      const [f] = await withOrg(org.id, (tx) =>
        tx.select({ name: facilityTable.name }).from(facilityTable).where(eq(facilityTable.id, facility.id)),
      );
      expect(f!.name).toBe("Linked Storage");
    } finally {
      await disconnectPmsOf([orgId]);
      delete process.env.STOREDGE_API_BASE;
      await fake.close();
    }
  });
});

describe("Stora inventory mirror and webhooks", () => {
  let fake: FakeStora;
  let org: TestOrg;
  let connectionId: string;
  let webhookToken: string;
  const WEBHOOK_SECRET = "whsec-stora-test";

  beforeAll(async () => {
    fake = await startFakeStora({ accessTokens: {} });
    fake.grantToken("stora-token");
    process.env.STORA_API_BASE = fake.url;
    fake.addSite("Canal Street", 2);
    fake.addCoupon({ name: "First month half price", percent_off: 50, duration: "once" });
    org = await seedOrganization();
    const view = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, {
        credentials: { provider: "stora", accessToken: "stora-token", webhookSecret: WEBHOOK_SECRET },
      }),
    );
    connectionId = view.id;
    webhookToken = view.webhookPath!.split("/").pop()!;
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    delete process.env.STORA_API_BASE;
    await fake.close();
  });

  it("reports a token missing scopes before connecting", async () => {
    fake.grantToken("sites-only", ["public.site:read"]);
    const result = await testPmsCredentials({ provider: "stora", accessToken: "sites-only" });
    expect(result).toMatchObject({ ok: false, reason: "scope" });
    expect(result.ok === false && result.message).toMatch(/public\.unit:read/);
  });

  it("syncs sites, unit types, units and coupons as promotions", async () => {
    const result = await syncConnection(connectionId, { kind: "full" });
    expect(result).toMatchObject({
      status: "succeeded",
      result: { created: { facility: 1, unit_type: 4, unit: 8, promotion: 1 } },
    });
  });

  it("verifies webhook signatures: a forgery and a stale timestamp are refused, a replay is acknowledged once", async () => {
    const post = async (o: { secret?: string; timestamp?: number; eventId?: string }) => {
      const body = JSON.stringify({
        event: { id: o.eventId ?? "evt_1", type: "unit.updated", api_version: "2025-09", data: {} },
      });
      const t = o.timestamp ?? Math.floor(Date.now() / 1000);
      const { createHmac } = await import("node:crypto");
      const v1 = createHmac("sha256", o.secret ?? WEBHOOK_SECRET)
        .update(`${t}.${body}`)
        .digest("hex");
      return handleStoraWebhook(webhookToken, new TextEncoder().encode(body), `t=${t},v1=${v1}`);
    };
    expect((await post({ secret: "forged" })).status).toBe(401);
    expect((await post({ timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect((await handleStoraWebhook("no-such-token", new Uint8Array(), null)).status).toBe(404);
    const first = await post({ eventId: "evt_unit_1" });
    expect(first).toEqual({ status: 200, body: { received: true } });
    const replay = await post({ eventId: "evt_unit_1" });
    expect(replay).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const queued = await db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.workflowId, `pms-sync:${connectionId}:evt_unit_1`));
    // The sync's start was written with the event (a kick may already have drained it to DBOS).
    expect(queued.length).toBeLessThanOrEqual(1);
    const recorded = await db.select().from(pmsWebhookEvent).where(eq(pmsWebhookEvent.connectionId, connectionId));
    expect(recorded.map((e) => e.eventId)).toEqual(["evt_unit_1"]);
  });

  it("a webhook-started sync pulls only what changed and takes the unit out of availability", async () => {
    const taken = fake.units[0]!;
    fake.takeUnit(taken.id);
    const before = fake.requests.length;
    const result = await syncConnection(connectionId, { kind: "webhook" });
    expect(result).toMatchObject({ status: "succeeded", result: { updated: { unit: 1 } } });
    const unitPages = fake.requests.slice(before).filter((r) => r.path === "/2025-09/units");
    expect(unitPages).toHaveLength(1);
    const [row] = await withOrg(org.id, (tx) =>
      tx
        .select({ status: unit.status })
        .from(unit)
        .where(and(eq(unit.organizationId, org.id), eq(unit.number, taken.reference_id))),
    );
    expect(row!.status).toBe("occupied");
  });
});
