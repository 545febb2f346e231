import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildAdapter } from "@/server/integrations/pms";
import { PULL_CONCURRENCY } from "@/server/integrations/pms/storedge/adapter";
import { storedgeOAuth } from "@/server/integrations/pms/storedge/client";
import { PmsError } from "@/server/integrations/pms/types";

import { startFakeStora, type FakeStora } from "../fakes/stora-server";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";

/**
 * Both adapters against their fakes, through the real clients (oauth-1.0a signing; openapi-fetch
 * typed from the committed Stora document): auth, paging, mapping, refusals, outages.
 */
const KEY = "access-id-1";
const SECRET = "secret-key-1";

async function rejection(p: Promise<unknown>): Promise<PmsError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PmsError);
  return err as PmsError;
}

describe("storEDGE adapter", () => {
  let fake: FakeStoredge;
  let facilityId: string;
  const adapter = (over: { secret?: string; facilityIds?: string[]; timeoutMs?: number } = {}) =>
    buildAdapter(
      "storedge",
      { consumerKey: KEY, consumerSecret: over.secret ?? SECRET },
      { facilityIds: over.facilityIds ?? [facilityId] },
      { budgetMs: over.timeoutMs },
    );

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
    process.env.STOREDGE_API_BASE = fake.url;
    // 6 sizes × 20 = 120 units: two pages of 100.
    facilityId = fake.addFacility({ name: "Oak Street Storage" }, 20);
  });
  afterAll(async () => {
    delete process.env.STOREDGE_API_BASE;
    await fake.close();
  });

  it("connects with good credentials and names the facility", async () => {
    const result = await adapter().testConnection();
    expect(result.facilities).toEqual([{ externalId: facilityId, name: "Oak Street Storage" }]);
  });

  it("says which part is wrong: a bad secret is auth, an unknown facility id is not_found", async () => {
    expect((await rejection(adapter({ secret: "wrong" }).testConnection())).kind).toBe("auth");
    expect((await rejection(adapter({ facilityIds: ["no-such-facility"] }).testConnection())).kind).toBe("not_found");
  });

  it("refuses a replayed signed request (nonce used once)", async () => {
    const url = `${fake.url}/v1/${facilityId}/info`;
    const headers = {
      ...storedgeOAuth({ consumerKey: KEY, consumerSecret: SECRET }).toHeader(
        storedgeOAuth({ consumerKey: KEY, consumerSecret: SECRET }).authorize({ url, method: "GET" }),
      ),
    };
    expect((await fetch(url, { headers })).status).toBe(200);
    const replay = await fetch(url, { headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { meta: { status_message: string } }).meta.status_message).toMatch(/nonce/);
  });

  it("pulls every page and maps groups, rates in cents and statuses", async () => {
    const before = fake.requests.length;
    const inv = await adapter().pullInventory();
    const unitPages = fake.requests.slice(before).filter((r) => r.path.endsWith("/units"));
    expect(unitPages).toHaveLength(2);
    expect(inv.units).toHaveLength(120);
    expect(inv.unitTypes).toHaveLength(6);
    const tenByTen = inv.unitTypes.find((t) => t.widthFt === 10 && t.lengthFt === 10)!;
    expect(tenByTen).toMatchObject({
      streetRateCents: 11000,
      webRateCents: 10500,
      features: ["climate_controlled", "indoor"],
    });
    expect(new Set(inv.units.map((u) => u.status))).toEqual(new Set(["available"]));
  });

  it("pulls many facilities a few at a time, in the connection's order; one that fails fails the pull", async () => {
    const ids = Array.from({ length: 9 }, (_, i) => fake.addFacility({ name: `Pull ${i + 1}` }, 1));
    fake.control.latencyMs = 40;
    try {
      fake.peak.inFlight = 0;
      const inv = await adapter({ facilityIds: ids }).pullInventory();
      // Several facilities at once (each its info and its first unit page together), never more than
      // PULL_CONCURRENCY of them: counted at the fake, so a slow machine cannot change the figure.
      expect(fake.peak.inFlight).toBeGreaterThan(2);
      expect(fake.peak.inFlight).toBeLessThanOrEqual(2 * PULL_CONCURRENCY);
      expect(inv.facilities.map((f) => f.name)).toEqual(ids.map((_, i) => `Pull ${i + 1}`));
      expect(inv.units.map((u) => u.facilityExternalId)).toEqual(ids.flatMap((id) => Array(6).fill(id)));
      const before = fake.requests.length;
      const failed = await rejection(
        adapter({ facilityIds: [...ids.slice(0, 4), "gone", ...ids.slice(4)] }).pullInventory(),
      );
      expect(failed.kind).toBe("not_found");
      // Stopped at the failure: not every facility was read after it.
      expect(fake.requests.length - before).toBeLessThan(2 * 10);
    } finally {
      fake.control.latencyMs = 0;
    }
  });

  it("reserves a unit once; the same unit again is refused; cancelling frees it", async () => {
    const unitId = fake.units.get(facilityId)![0]!.id;
    const customer = { name: "Dana Reyes", phone: "+15125550111", email: null };
    const input = {
      facilityExternalId: facilityId,
      unitExternalId: unitId,
      unitTypeExternalId: "x",
      moveInDate: "2030-01-02",
      monthlyRateCents: 4000,
      customer,
    };
    const { externalId } = await adapter().createReservation({
      ...input,
      localId: "00000000-0000-4000-8000-000000000001",
    });
    expect(fake.unitById(unitId).status).toBe("reserved");
    const refused = await rejection(
      adapter().createReservation({ ...input, localId: "00000000-0000-4000-8000-000000000002" }),
    );
    expect(refused.kind).toBe("refused");
    expect(refused.pmsMessage).toMatch(/not available/);
    await adapter().cancelReservation({ externalId, facilityExternalId: facilityId });
    expect(fake.unitById(unitId).status).toBe("vacant");
  });

  it("finds an existing tenant's units, balance and gate code by phone", async () => {
    const unit = fake.units.get(facilityId)![5]!;
    fake.takeUnit(unit.id);
    fake.addLedger({
      facility_id: facilityId,
      phone: "5125550199",
      active: true,
      current_account_balance: 54.36,
      gate_access_code: "4821",
      unit: { id: unit.id, name: unit.name },
      tenant: { id: "t-1", first_name: "Sam", last_name: "Ortiz" },
    });
    const account = await adapter().findTenantByPhone("+15125550199");
    expect(account).toMatchObject({
      name: "Sam Ortiz",
      balanceCents: 5436,
      gateCode: "4821",
      units: [{ number: unit.name }],
    });
    expect(await adapter().findTenantByPhone("+15125550000")).toBeNull();
  });

  it("turns a slow PMS into 'unreachable' within the budget, and an outage into 'server'", async () => {
    fake.control.latencyMs = 2000;
    const started = Date.now();
    expect((await rejection(adapter({ timeoutMs: 100 }).testConnection())).kind).toBe("unreachable");
    expect(Date.now() - started).toBeLessThan(1500);
    fake.control.latencyMs = 0;
    fake.control.down = true;
    const down = await rejection(adapter().testConnection());
    expect(down.kind).toBe("server");
    expect(down.transient).toBe(true);
    fake.control.down = false;
  });
});

describe("Stora adapter", () => {
  let fake: FakeStora;
  let siteId: string;
  const token = (accessToken: string) => buildAdapter("stora", { kind: "access_token", accessToken }, {});

  beforeAll(async () => {
    fake = await startFakeStora({
      accessTokens: { "full-token": [] },
      clients: { "client-1": { secret: "client-secret", scopes: [] } },
    });
    fake.grantToken("full-token");
    fake.grantToken("read-sites-only", ["public.site:read"]);
    process.env.STORA_API_BASE = fake.url;
    // 4 types × 30 = 120 units: two pages of 100.
    siteId = fake.addSite("Canal Street", 30);
  });
  afterAll(async () => {
    delete process.env.STORA_API_BASE;
    await fake.close();
  });

  it("connects with an access token and lists the sites", async () => {
    expect((await token("full-token").testConnection()).facilities).toEqual([
      { externalId: siteId, name: "Canal Street" },
    ]);
  });

  it("gets a client-credentials token from /oauth2/token with the scopes it needs", async () => {
    const stora = await startFakeStora({ clients: { c: { secret: "s", scopes: fake.ALL_SCOPES } } });
    process.env.STORA_API_BASE = stora.url;
    try {
      stora.addSite("Other", 1);
      const adapter = buildAdapter("stora", { kind: "client_credentials", clientId: "c", clientSecret: "s" }, {});
      await adapter.testConnection();
      expect(stora.requests.filter((r) => r.path === "/oauth2/token")).toHaveLength(1);
      const bad = buildAdapter("stora", { kind: "client_credentials", clientId: "c", clientSecret: "nope" }, {});
      expect((await rejection(bad.testConnection())).kind).toBe("auth");
    } finally {
      process.env.STORA_API_BASE = fake.url;
      await stora.close();
    }
  });

  it("fetches a new client-credentials token once when Stora revokes the cached one early, and retries once", async () => {
    const stora = await startFakeStora({ clients: { c: { secret: "s", scopes: fake.ALL_SCOPES } } });
    process.env.STORA_API_BASE = stora.url;
    try {
      const created = stora.addSite("Revoked", 1);
      const creds = { kind: "client_credentials" as const, clientId: "c", clientSecret: "s" };
      await buildAdapter("stora", creds, {}).testConnection();
      stora.revokeIssuedTokens();
      const tokenRequests = () => stora.requests.filter((r) => r.path === "/oauth2/token").length;
      expect(tokenRequests()).toBe(1);
      // The next operation meets a 401 with the cached token: one new token, the request sent again.
      const from = stora.requests.length;
      const lead = await buildAdapter("stora", creds, {}).createLead({
        localId: "00000000-0000-4000-8000-0000000000c1",
        facilityExternalId: created,
        unitTypeExternalId: null,
        desiredMoveInDate: null,
        customer: { name: "Ravi Patel", phone: "+447700900777", email: null },
      });
      expect(lead.externalId).toMatch(/^con_/);
      expect(stora.requests.slice(from).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        "POST /2025-09/contacts 401",
        "POST /oauth2/token 200",
        "POST /2025-09/contacts 201",
      ]);
      expect(stora.contacts.filter((c) => c.full_name === "Ravi Patel")).toHaveLength(1);
      // A token Stora refuses again is the answer: no loop, one refresh per request.
      stora.revokeIssuedTokens();
      stora.control.rejectNewTokens = true;
      const again = stora.requests.length;
      expect((await rejection(buildAdapter("stora", creds, {}).testConnection())).kind).toBe("auth");
      expect(stora.requests.slice(again).map((r) => `${r.path} ${r.status}`)).toEqual([
        "/2025-09/sites 401",
        "/oauth2/token 200",
        "/2025-09/sites 401",
      ]);
    } finally {
      process.env.STORA_API_BASE = fake.url;
      await stora.close();
    }
  });

  it("tells a bad token (auth) from a token missing a scope (scope, naming it)", async () => {
    expect((await rejection(token("nope").testConnection())).kind).toBe("auth");
    const scope = await rejection(token("read-sites-only").testConnection());
    expect(scope.kind).toBe("scope");
    expect(scope.pmsMessage).toMatch(/public\.unit:read/);
  });

  it("pulls every page, maps statuses and prices, and pulls only what changed with updatedSince", async () => {
    const inv = await token("full-token").pullInventory();
    expect(inv.units).toHaveLength(120);
    expect(inv.unitTypes.map((t) => t.streetRateCents).sort((a, b) => a - b)).toEqual([4500, 6500, 11000, 18500]);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 20));
    fake.takeUnit(fake.units[3]!.id);
    const inc = await token("full-token").pullInventory({ updatedSince: since });
    expect(inc.units.map((u) => [u.externalId, u.status])).toEqual([[fake.units[3]!.id, "occupied"]]);
  });

  it("reserves through an order and a tenancy; a unit taken in Stora is refused and leaves no order behind", async () => {
    const free = fake.units.find((u) => u.status === "available")!;
    const input = {
      facilityExternalId: siteId,
      unitExternalId: free.id,
      unitTypeExternalId: free.unit_type.id,
      moveInDate: "2030-01-02",
      monthlyRateCents: 4500,
      customer: { name: "Dana Reyes", phone: "+447700900123", email: null },
    };
    const { externalId } = await token("full-token").createReservation({
      ...input,
      localId: "00000000-0000-4000-8000-00000000000a",
    });
    expect(fake.unitById(free.id).status).toBe("reserved");
    const refused = await rejection(
      token("full-token").createReservation({ ...input, localId: "00000000-0000-4000-8000-00000000000b" }),
    );
    expect(refused.kind).toBe("refused");
    expect([...fake.orders.values()].filter((o) => o.status !== "cancelled")).toHaveLength(1);
    await token("full-token").cancelReservation({ externalId, facilityExternalId: siteId });
    expect(fake.unitById(free.id).status).toBe("available");
  });

  it("a retry of a booking Stora took but whose answer was lost is that booking, not a refusal", async () => {
    const free = fake.units.find((u) => u.status === "available")!;
    const input = {
      localId: "00000000-0000-4000-8000-00000000000c",
      facilityExternalId: siteId,
      unitExternalId: free.id,
      unitTypeExternalId: free.unit_type.id,
      moveInDate: "2030-01-03",
      monthlyRateCents: 4500,
      customer: { name: "Lee Chan", phone: "+447700900789", email: "lee@example.com" },
    };
    // The first attempt: Stora creates the order and reserves the unit; say its answer was lost (a
    // timeout, a dropped connection), so the write-back is retried with the same reservation id.
    const first = await token("full-token").createReservation(input);
    expect(fake.unitById(free.id).status).toBe("reserved");
    const { externalId } = await token("full-token").createReservation(input);
    expect(externalId).toBe(first.externalId);
    const order = fake.orders.get(externalId)!;
    expect(order.status).not.toBe("cancelled");
    expect(fake.unitById(free.id).status).toBe("reserved");
    expect(
      [...fake.orders.values()].filter((o) => o.metadata.storage_agent_reservation_id === input.localId),
    ).toHaveLength(1);
  });

  it("finds an existing tenant by exact phone number, with units and open balance", async () => {
    const unit = fake.units.find((u) => u.status === "available")!;
    fake.addTenant({ fullName: "Priya Shah", phone: "+44 7700 900456", unitId: unit.id, balanceMinor: 2599 });
    const account = await token("full-token").findTenantByPhone("+447700900456");
    expect(account).toMatchObject({
      name: "Priya Shah",
      balanceCents: 2599,
      gateCode: null,
      units: [{ number: unit.reference_id }],
    });
    expect(await token("full-token").findTenantByPhone("+447700900999")).toBeNull();
  });
});
