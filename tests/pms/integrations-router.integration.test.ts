import { randomBytes } from "node:crypto";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, pmsConnection, unit } from "@/server/db/schema";
import { encryptSecret } from "@/server/auth/encryption";
import { disconnectPms } from "@/server/pms/connections";
import { connectionsDue, syncConnection } from "@/server/pms/sync";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR, seedFacility } from "../inventory/helpers";
import { setUpWorkflowTests, waitFor } from "../jobs-harness";

/**
 * Settings > Integrations through tRPC, with the durable sync workflows running for real (DBOS in
 * this process): Test connection, connect (bad credentials refused with the PMS's reason, nothing
 * stored), the first full sync started by connecting, Sync now, linking an existing facility, roles,
 * another organization's ids refused, and a connection whose stored credentials no longer decrypt
 * paused with a clear error (not retried forever) until they are entered again.
 */
setUpWorkflowTests();

const KEY = "router-key";
const SECRET = "router-secret-do-not-leak";

let fake: FakeStoredge;
let a: TestOrg;
let b: TestOrg;
let externalFacility: string;
let secondFacility: string;
const creds = (over: Partial<{ consumerSecret: string; facilityIds: string[] }> = {}) => ({
  provider: "storedge" as const,
  consumerKey: KEY,
  consumerSecret: SECRET,
  facilityIds: [externalFacility, secondFacility],
  ...over,
});

beforeAll(async () => {
  fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
  process.env.STOREDGE_API_BASE = fake.url;
  externalFacility = fake.addFacility({ name: "Router Road Storage" }, 2);
  secondFacility = fake.addFacility({ name: "Linked Lane Storage" }, 1);
  [a, b] = await Promise.all([seedOrganization(), seedOrganization()]);
});
afterAll(async () => {
  // Leave no live connection behind: later runs on this database (the e2e server) must not sync it.
  for (const org of [a, b]) {
    const rows = await db.select().from(pmsConnection).where(eq(pmsConnection.organizationId, org.id));
    for (const r of rows) await withOrg(org.id, (tx) => disconnectPms(tx, org.id, ACTOR, r.id));
  }
  delete process.env.STOREDGE_API_BASE;
  await fake.close();
});

describe("Settings > Integrations (tRPC)", () => {
  let connectionId: string;
  let linkedFacilityId: string;

  it("Test connection says why credentials fail, and lists the facilities they see", async () => {
    const owner = await callerFor(a.owner);
    const bad = await owner.integrations.test(creds({ consumerSecret: "wrong" }));
    expect(bad).toMatchObject({ ok: false, reason: "auth", message: expect.stringMatching(/did not accept/) });
    const wrong = await owner.integrations.test(creds({ facilityIds: ["no-such-facility"] }));
    expect(wrong).toMatchObject({ ok: false, reason: "not_found" });
    const good = await owner.integrations.test(creds());
    expect(good.ok && good.facilities.map((f) => f.name).sort()).toEqual([
      "Linked Lane Storage",
      "Router Road Storage",
    ]);
  });

  it("staff and managers cannot see or change integrations", async () => {
    for (const role of ["staff", "manager"] as const) {
      const m = await callerFor(await seedMember(a, role));
      await expect(m.integrations.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(m.integrations.connect({ credentials: creds() })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("refuses bad credentials without storing anything", async () => {
    const owner = await callerFor(a.owner);
    await expect(owner.integrations.connect({ credentials: creds({ consumerSecret: "wrong" }) })).rejects.toMatchObject(
      { code: "BAD_REQUEST", message: expect.stringMatching(/did not accept/) },
    );
    expect(await owner.integrations.list()).toEqual([]);
  });

  it("connects, links an existing facility, and the first full sync runs as a workflow", async () => {
    const owner = await callerFor(a.owner);
    const ours = await seedFacility(a.id, { units: 0 });
    linkedFacilityId = ours.facility.id;
    const view = await owner.integrations.connect({
      credentials: creds(),
      facilityLinks: { [secondFacility]: linkedFacilityId },
    });
    connectionId = view.id;
    expect(view).toMatchObject({ provider: "storedge", status: "active" });
    const synced = await waitFor(async () => {
      const [c] = await owner.integrations.list();
      return c?.lastSuccessAt ? c : null;
    }, "the first full sync");
    expect(synced.counts).toMatchObject({ facility: 2, unit_type: 12, unit: 18 });
    expect(synced.runs[0]).toMatchObject({ kind: "full", status: "succeeded", pulled: expect.any(Number) });
    expect(synced.facilities.find((f) => f.externalId === secondFacility)?.facilityId).toBe(linkedFacilityId);
    const text = JSON.stringify(synced);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("credentialsEncrypted");
    const linkedUnits = await withOrg(a.id, (tx) =>
      tx.select().from(unit).where(eq(unit.facilityId, linkedFacilityId)),
    );
    expect(linkedUnits).toHaveLength(6);
  });

  it("Sync now runs another full sync that picks up a unit taken in the PMS", async () => {
    const owner = await callerFor(a.owner);
    const taken = fake.units.get(externalFacility)![0]!;
    fake.takeUnit(taken.id);
    const before = (await owner.integrations.list())[0]!.runs.length;
    await owner.integrations.syncNow({ connectionId });
    const after = await waitFor(async () => {
      const [c] = await owner.integrations.list();
      return c && c.runs.length > before && c.runs[0]!.status === "succeeded" ? c : null;
    }, "Sync now");
    expect(after.runs[0]).toMatchObject({ kind: "full", changed: expect.any(Number) });
    const mirrored = after.facilities.find((f) => f.externalId === externalFacility)!.facilityId;
    const [u] = await withOrg(a.id, (tx) =>
      tx
        .select()
        .from(unit)
        .where(and(eq(unit.facilityId, mirrored), eq(unit.number, taken.name))),
    );
    expect(u?.status).toBe("occupied");
  });

  it("another organization can neither see, sync, relink nor disconnect it", async () => {
    const other = await callerFor(b.owner);
    expect(await other.integrations.list()).toEqual([]);
    await expect(other.integrations.syncNow({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.integrations.disconnect({ connectionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { facility: theirs } = await seedFacility(b.id, { units: 0 });
    await expect(
      other.integrations.linkFacility({ connectionId, externalId: externalFacility, facilityId: theirs.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.integrations.updateCredentials({ connectionId, credentials: creds() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // A's own caller cannot link B's facility either.
    await expect(
      (await callerFor(a.owner)).integrations.linkFacility({
        connectionId,
        externalId: externalFacility,
        facilityId: theirs.id,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [row] = await db.select().from(pmsConnection).where(eq(pmsConnection.id, connectionId));
    expect(row).toMatchObject({ organizationId: a.id, status: "active" });
  });

  it("credentials that no longer decrypt pause the connection with a clear error, once", async () => {
    const owner = await callerFor(a.owner);
    // As if the server's ENCRYPTION_KEY changed since the credentials were stored.
    const otherKey = randomBytes(32);
    await db
      .update(pmsConnection)
      .set({
        credentialsEncrypted: encryptSecret(JSON.stringify({ consumerKey: KEY, consumerSecret: SECRET }), otherKey),
      })
      .where(eq(pmsConnection.id, connectionId));
    const outcome = await syncConnection(connectionId, { kind: "incremental" });
    expect(outcome).toMatchObject({ status: "failed", error: expect.stringMatching(/can no longer be read/) });
    const [c] = await owner.integrations.list();
    expect(c).toMatchObject({
      status: "needs_credentials",
      lastError: expect.stringMatching(/enter the credentials again/),
    });
    // Not retried: the sweep skips it, and a second sync does not even start.
    expect((await connectionsDue()).some((d) => d.id === connectionId)).toBe(false);
    expect(await syncConnection(connectionId, { kind: "full" })).toEqual({ status: "skipped", reason: "inactive" });
    await expect(owner.integrations.syncNow({ connectionId })).rejects.toMatchObject({ code: "CONFLICT" });
    // A second connection of the same PMS is refused: the paused one is to be fixed instead.
    await expect(owner.integrations.connect({ credentials: creds() })).rejects.toMatchObject({ code: "CONFLICT" });
    // PMS-managed rows stay read-only while paused.
    const managed = await withOrg(a.id, (tx) => tx.select().from(unit).where(eq(unit.facilityId, linkedFacilityId)));
    const { changeUnitStatus } = await import("@/server/domain/inventory/unit-status");
    await expect(
      withOrg(a.id, (tx) => changeUnitStatus(tx, a.id, ACTOR, { unitIds: [managed[0]!.id], status: "unavailable" })),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    await expect(
      owner.integrations.updateCredentials({ connectionId, credentials: creds({ consumerSecret: "wrong" }) }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const restored = await owner.integrations.updateCredentials({ connectionId, credentials: creds() });
    expect(restored).toMatchObject({ status: "active", lastError: null });
    await waitFor(async () => {
      const [x] = await owner.integrations.list();
      return x?.runs[0]?.status === "succeeded" && x.lastError === null ? x : null;
    }, "the sync after new credentials");
  });

  it("the facility says which PMS manages it (the console's 'Managed in' badge and read-only fields)", async () => {
    const owner = await callerFor(a.owner);
    expect(await owner.facilities.get({ facilityId: linkedFacilityId })).toMatchObject({ managedBy: "storEDGE" });
    // What is ours on it stays editable through the same procedure the form uses; a synced field is refused.
    await owner.facilities.update({ facilityId: linkedFacilityId, patch: { directions: "Gate on the left" } });
    await expect(
      owner.facilities.update({ facilityId: linkedFacilityId, patch: { name: "Renamed here" } }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/managed in storEDGE/) });
  });

  it("the gate code switch: off by default, turned on by an owner (audited), refused to staff", async () => {
    const owner = await callerFor(a.owner);
    expect((await owner.integrations.list())[0]).toMatchObject({ shareGateCodes: false });
    expect(await owner.integrations.updateSettings({ connectionId, shareGateCodes: true })).toMatchObject({
      shareGateCodes: true,
    });
    expect((await owner.integrations.list())[0]).toMatchObject({ shareGateCodes: true });
    const staff = await callerFor(await seedMember(a, "staff"));
    await expect(staff.integrations.updateSettings({ connectionId, shareGateCodes: false })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const [row] = await db.select().from(pmsConnection).where(eq(pmsConnection.id, connectionId));
    expect(row!.settings.shareGateCodes).toBe(true);
    // Facility ids and the rest of the settings are kept.
    expect(row!.settings.facilityIds).toEqual([externalFacility, secondFacility]);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, a.id), eq(auditLog.action, "pms.settings_updated")));
    expect(audits.map((x) => x.data)).toEqual([{ shareGateCodes: true }]);
  });

  it("disconnect stops sync and keeps the data, editable again", async () => {
    const owner = await callerFor(a.owner);
    const view = await owner.integrations.disconnect({ connectionId });
    expect(view).toMatchObject({ status: "disconnected", disconnectedAt: expect.any(Date) });
    await expect(owner.integrations.syncNow({ connectionId })).rejects.toMatchObject({ code: "CONFLICT" });
    const units = await withOrg(a.id, (tx) => tx.select().from(unit).where(eq(unit.facilityId, linkedFacilityId)));
    expect(units).toHaveLength(6);
    const [c] = await owner.integrations.list();
    expect(c).toMatchObject({ status: "disconnected", counts: { unit: 18 } });
    expect(await owner.facilities.get({ facilityId: linkedFacilityId })).toMatchObject({ managedBy: null });
  });
});
