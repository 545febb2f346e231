/**
 * npm run bench:sync (issue 15, "Performance")
 *
 * Against the local fakes of both PMSs (tests/fakes/), in this process, on the configured database:
 *   1. full sync of 100 facilities × 300 units from Stora and from storEDGE (pulled over HTTP
 *      through the real adapters, applied by the real sync), with duration and rows/s;
 *   2. an incremental sync after 1 % of the units changed (Stora: `updated_from`, what its webhooks
 *      start; storEDGE: a poll, which reads every unit and skips unchanged ones by content hash);
 *      target: under 2 s;
 *   3. beside them, in the same run, the import of the same inventory from a JSON file (runImport);
 *   4. a booking's PMS write-back: createReservation on a storEDGE-managed unit type with the fake
 *      answering after BENCH_PMS_LATENCY_MS (default 50), against the same booking in an organization
 *      without a PMS; target: the write-back adds at most the fake's latency + 20 ms (medians). The
 *      bookings alternate, each BENCH_BOOKING_GAP_MS (default 100) after the previous one: a booking's
 *      after-commit work (the outbox drain 25 ms after its commit, src/server/jobs/outbox.ts) is then
 *      done, as between a caller's turns, instead of being billed to whichever booking follows.
 * Each organization is created for the run and deleted at the end (its connections with it).
 *
 * BENCH_FACILITIES / BENCH_UNITS_PER_FACILITY (defaults 100 / 300), BENCH_BOOKINGS (default 30).
 */
import { randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";

process.env.LOG_LEVEL ??= "warn";
const { and, eq, sql } = await import("drizzle-orm");
const { closeDb, db, withOrg } = await import("@/server/db/client");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const schema = await import("@/server/db/schema");
const { connectPms } = await import("@/server/pms/connections");
const { syncConnection } = await import("@/server/pms/sync");
const { runImport } = await import("@/server/domain/import/run-import");
const { createReservation } = await import("@/server/domain/reservations/create-reservation");
const { startFakeStora } = await import("../tests/fakes/stora-server");
const { startFakeStoredge } = await import("../tests/fakes/storedge-server");

const FACILITIES = Number(process.env.BENCH_FACILITIES ?? 100);
const UNITS_PER_FACILITY = Number(process.env.BENCH_UNITS_PER_FACILITY ?? 300);
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 30);
const LATENCY_MS = Number(process.env.BENCH_PMS_LATENCY_MS ?? 50);
const BOOKING_GAP_MS = Number(process.env.BENCH_BOOKING_GAP_MS ?? 100);
const ACTOR = { label: "bench:sync" };

await ensureDatabase();
const run = randomBytes(4).toString("hex");
const orgIds: string[] = [];
async function newOrg(name: string) {
  const id = `bench-sync-${name}-${run}`;
  await db.insert(schema.organization).values({ id, name: `Sync benchmark (${name})`, slug: id });
  orgIds.push(id);
  return id;
}

const fmt = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const perSecond = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString("en-US")} rows/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lines: string[][] = [];
const row = (...cells: string[]) => lines.push(cells);

async function timedSync(connectionId: string, kind: "full" | "incremental") {
  const t = performance.now();
  const outcome = await syncConnection(connectionId, { kind });
  const ms = performance.now() - t;
  if (outcome.status !== "succeeded") throw new Error(`sync ${kind} ${outcome.status}: ${JSON.stringify(outcome)}`);
  return { ms, result: outcome.result };
}

try {
  const units = FACILITIES * UNITS_PER_FACILITY;
  console.log(
    `bench:sync — ${FACILITIES} facilities × ${UNITS_PER_FACILITY} units (${units.toLocaleString("en-US")} units), ${cpus().length} cpus, load ${loadavg()[0]!.toFixed(2)}`,
  );

  // --- Stora: full, then incremental after 1 % changed ------------------------------------------
  const stora = await startFakeStora({ accessTokens: {} });
  stora.grantToken("bench-token");
  const perType = Math.ceil(UNITS_PER_FACILITY / 4);
  for (let i = 0; i < FACILITIES; i++) stora.addSite(`Bench Stora ${i + 1}`, perType);
  // An inventory as it is in a real PMS: last changed long before the sync (the incremental window
  // starts two minutes before the last success, for clock skew; rows created just now would all be in it).
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
  for (const x of [...stora.units, ...stora.unitTypes]) x.updated_at = anHourAgo;
  process.env.STORA_API_BASE = stora.url;
  const storaOrg = await newOrg("stora");
  const storaConn = await withOrg(storaOrg, (tx) =>
    connectPms(tx, storaOrg, ACTOR, { credentials: { provider: "stora", accessToken: "bench-token" } }),
  );
  const storaFull = await timedSync(storaConn.id, "full");
  row(
    "Stora full sync",
    fmt(storaFull.ms),
    `${storaFull.result.pulled} pulled`,
    perSecond(storaFull.result.pulled, storaFull.ms),
  );
  const changeN = Math.max(1, Math.round(stora.units.length / 100));
  for (let i = 0; i < changeN; i++) stora.takeUnit(stora.units[(i * 97) % stora.units.length]!.id);
  const storaInc = await timedSync(storaConn.id, "incremental");
  row(
    `Stora incremental (${changeN} units changed)`,
    fmt(storaInc.ms),
    `${storaInc.result.pulled} pulled, ${storaInc.result.changed} changed`,
    storaInc.ms < 2000 ? "target < 2 s: met" : "target < 2 s: MISSED",
  );
  await stora.close();

  // --- storEDGE: full, then a poll after 1 % changed ---------------------------------------------
  const storedge = await startFakeStoredge({ consumerKey: "bench-key", consumerSecret: "bench-secret" });
  const storedgeIds: string[] = [];
  for (let i = 0; i < FACILITIES; i++)
    storedgeIds.push(storedge.addFacility({ name: `Bench storEDGE ${i + 1}` }, Math.ceil(UNITS_PER_FACILITY / 6)));
  process.env.STOREDGE_API_BASE = storedge.url;
  const storedgeOrg = await newOrg("storedge");
  const storedgeConn = await withOrg(storedgeOrg, (tx) =>
    connectPms(tx, storedgeOrg, ACTOR, {
      credentials: {
        provider: "storedge",
        consumerKey: "bench-key",
        consumerSecret: "bench-secret",
        facilityIds: storedgeIds,
      },
    }),
  );
  const seFull = await timedSync(storedgeConn.id, "full");
  row(
    "storEDGE full sync",
    fmt(seFull.ms),
    `${seFull.result.pulled} pulled`,
    perSecond(seFull.result.pulled, seFull.ms),
  );
  const allSe = [...storedge.units.values()].flat();
  const seChangeN = Math.max(1, Math.round(allSe.length / 100));
  for (let i = 0; i < seChangeN; i++) storedge.takeUnit(allSe[(i * 97) % allSe.length]!.id);
  const seInc = await timedSync(storedgeConn.id, "incremental");
  row(
    `storEDGE poll (${seChangeN} units changed)`,
    fmt(seInc.ms),
    `${seInc.result.pulled} pulled, ${seInc.result.changed} changed`,
    seInc.ms < 2000 ? "target < 2 s: met" : "target < 2 s: MISSED",
  );

  // --- The same inventory from a JSON file --------------------------------------------------------
  const file = {
    version: 1,
    facilities: Array.from({ length: FACILITIES }, (_, i) => ({
      name: `Bench Import ${i + 1}`,
      slug: `bench-import-${i + 1}`,
      addressLine1: "42 Storage Lane",
      city: "Austin",
      state: "TX",
      postalCode: "78701",
      timeZone: "America/Chicago",
      unitTypes: [
        [5, 5, 4500],
        [5, 10, 6500],
        [10, 10, 11000],
        [10, 20, 18500],
      ].map(([w, l, rate]) => ({
        name: `${w}x${l} Unit`,
        widthFt: w,
        lengthFt: l,
        streetRateCents: rate,
        webRateCents: rate,
        count: perType,
      })),
    })),
  };
  const text = JSON.stringify(file);
  const importOrg = await newOrg("import");
  const t0 = performance.now();
  await runImport(importOrg, ACTOR, { format: "json", text });
  const importMs = performance.now() - t0;
  const imported = FACILITIES * (1 + 4 + 4 * perType);
  row("JSON import, same inventory", fmt(importMs), `${imported} rows`, perSecond(imported, importMs));

  // --- A booking's write-back: storEDGE-managed vs no PMS ------------------------------------------
  const moveIn = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const typeOf = async (orgId: string) => {
    const [t] = await withOrg(orgId, (tx) =>
      tx
        .select({ id: schema.unitType.id })
        .from(schema.unitType)
        .where(and(eq(schema.unitType.organizationId, orgId), eq(schema.unitType.active, true)))
        .orderBy(sql`${schema.unitType.availableUnits} desc`)
        .limit(1),
    );
    return t!.id;
  };
  const book = async (orgId: string, unitTypeId: string, i: number) => {
    await new Promise((r) => setTimeout(r, BOOKING_GAP_MS));
    const t = performance.now();
    const r = await withOrg(orgId, (tx) =>
      createReservation(tx, orgId, ACTOR, {
        unitTypeId,
        moveInDate: moveIn,
        channel: "phone",
        customer: { name: `Bench Caller ${i}`, phone: `+1512555${String(1000 + i).padStart(4, "0")}` },
      }),
    );
    return { ms: performance.now() - t, pms: r.pms.status };
  };
  const plainType = await typeOf(importOrg);
  const managedType = await typeOf(storedgeOrg);
  storedge.control.latencyMs = LATENCY_MS;
  const plain: number[] = [];
  const managed: number[] = [];
  for (let i = 0; i < BOOKINGS; i++) {
    plain.push((await book(importOrg, plainType, i)).ms);
    const m = await book(storedgeOrg, managedType, i);
    if (m.pms !== "accepted") throw new Error(`the write-back was ${m.pms}, not accepted`);
    managed.push(m.ms);
  }
  await storedge.close();
  const overhead = median(managed) - median(plain);
  row("booking, no PMS (median)", fmt(median(plain)), `${BOOKINGS} bookings`, "");
  row(
    `booking with storEDGE write-back (median, fake latency ${LATENCY_MS} ms)`,
    fmt(median(managed)),
    `adds ${fmt(overhead)}`,
    overhead <= LATENCY_MS + 20 ? `target ≤ latency + 20 ms: met` : `target ≤ latency + 20 ms: MISSED`,
  );

  const widths = [0, 1, 2, 3].map((c) => Math.max(...lines.map((l) => (l[c] ?? "").length)));
  for (const l of lines)
    console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join("   "));
} finally {
  // Everything the run made goes (connections, facilities, units, bookings cascade with the organization).
  for (const id of orgIds)
    await db
      .delete(schema.organization)
      .where(eq(schema.organization.id, id))
      .catch(() => {});
  await closeDb();
}
process.exit(0);
