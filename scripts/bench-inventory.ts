/**
 * npm run bench:inventory
 *
 * Seeds (once) a dedicated organization with 1,000 facilities × 300 units (10 unit types × 30 units,
 * mixed statuses, a few sold-out types, promotions), then times on ONE connection, as the tenant
 * role under row-level security, exactly what the agent and dashboard call:
 *   - search:       searchUnits across the whole organization (random size / features / price)
 *   - availability: getAvailability for one facility
 *   - quote:        quoteUnitType for a random unit type (4 queries + the pricing engine)
 * beside a bare `SELECT 1` round trip, and prints p50/p99 for each (target: p99 ≤ 10 ms).
 * Seeding uses server-side INSERT ... SELECT generate_series, so it takes seconds, not minutes.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";

process.env.LOG_LEVEL ??= "warn";
const { drizzle } = await import("drizzle-orm/node-postgres");
const pg = (await import("pg")).default;
const schema = await import("@/server/db/schema");
const { closeDb, databaseUrl, db, TENANT_ROLE } = await import("@/server/db/client");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { getAvailability } = await import("@/server/domain/inventory/availability");
const { searchUnits } = await import("@/server/domain/inventory/search-units");
const { quoteUnitType } = await import("@/server/domain/quotes/quote-unit-type");

const ORG_ID = "bench-inventory-org";
const FACILITIES = 1000;
const UNITS_PER_TYPE = 30;
const SIZES: [number, number, string[]][] = [
  [5, 5, ["climate_controlled", "indoor"]],
  [5, 10, ["climate_controlled", "indoor"]],
  [5, 10, ["drive_up", "outdoor"]],
  [10, 10, ["climate_controlled", "indoor"]],
  [10, 10, ["drive_up", "outdoor"]],
  [10, 15, ["climate_controlled", "indoor", "elevator"]],
  [10, 15, ["drive_up", "outdoor"]],
  [10, 20, ["drive_up", "outdoor", "power"]],
  [10, 30, ["drive_up", "outdoor"]],
  [12, 40, ["rv_parking", "outdoor"]],
];
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);

async function seed() {
  const [have] = (await db.execute(`select count(*)::int as n from facility where organization_id = '${ORG_ID}'`))
    .rows as { n: number }[];
  if (have!.n === FACILITIES) return false;
  const started = performance.now();
  await db.transaction(async (tx) => {
    await tx.execute(`delete from organization where id = '${ORG_ID}'`);
    await tx.execute(
      `insert into organization (id, name, slug) values ('${ORG_ID}', 'Inventory benchmark', 'bench-inventory')`,
    );
    await tx.execute(`
      insert into facility (organization_id, name, slug, city, state, postal_code, time_zone, admin_fee_cents, tax_rate_bps, billing_mode)
      select '${ORG_ID}', 'Bench Storage ' || i, 'bench-' || i, 'City ' || (i % 97), 'TX', lpad((i % 99999)::text, 5, '0'),
             'America/Chicago', 2500, (i % 3) * 400, case when i % 4 = 0 then 'anniversary' else 'first_of_month' end
      from generate_series(1, ${FACILITIES}) i`);
    const values = SIZES.map(([w, l, f], k) => `(${k}, ${w}, ${l}, '{${f.join(",")}}'::text[])`).join(",");
    await tx.execute(`
      insert into unit_type (organization_id, facility_id, name, width_ft, length_ft, features, street_rate_cents, web_rate_cents)
      select f.organization_id, f.id, s.w || 'x' || s.l || ' ' || s.features[1], s.w, s.l, s.features,
             (s.w * s.l * 110 + (abs(hashtext(f.id::text)) % 40) * 100), (s.w * s.l * 95 + (abs(hashtext(f.id::text)) % 40) * 100)
      from facility f cross join (values ${values}) as s(k, w, l, features)
      where f.organization_id = '${ORG_ID}'`);
    // Statuses: ~70 % occupied, ~25 % available, ~5 % unavailable; one type in 20 entirely sold out.
    await tx.execute(`
      insert into unit (organization_id, facility_id, unit_type_id, number, status, floor)
      select ut.organization_id, ut.facility_id, ut.id, ut.width_ft::text || 'x' || ut.length_ft::text || '-' || ut.features[1] || '-' || n::text,
             case when abs(hashtext(ut.id::text)) % 20 = 0 then 'occupied'
                  when (abs(hashtext(ut.id::text || n)) % 100) < 70 then 'occupied'
                  when (abs(hashtext(ut.id::text || n)) % 100) < 95 then 'available' else 'unavailable' end,
             1
      from unit_type ut cross join generate_series(1, ${UNITS_PER_TYPE}) n
      where ut.organization_id = '${ORG_ID}'`);
    await tx.execute(`
      insert into promotion (organization_id, name, kind, value, months, channels) values
        ('${ORG_ID}', 'Web $1 first month', 'first_month_fixed', 100, 1, '{web,chat}'),
        ('${ORG_ID}', 'Half off 2 months', 'percent_off', 5000, 2, '{}'),
        ('${ORG_ID}', '$20 off 3 months', 'amount_off', 2000, 3, '{phone}')`);
    await tx.execute(
      `insert into protection_plan (organization_id, name, coverage_cents, monthly_cents) values ('${ORG_ID}', 'Basic', 200000, 1200)`,
    );
  });
  await db.execute(
    "analyze facility; analyze unit_type; analyze unit; analyze reservation; analyze promotion; analyze fee; analyze protection_plan",
  );
  console.error(
    `seeded ${FACILITIES} facilities × ${SIZES.length * UNITS_PER_TYPE} units in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return true;
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { p50: +at(50).toFixed(3), p99: +at(99).toFixed(3), max: +s[s.length - 1]!.toFixed(3) };
}

async function time(fn: () => Promise<unknown>) {
  // Warm caches and plans. Searches are prepared statements, planned per shape of filters (8 here)
  // and cached after Postgres's 5 custom plans each, so a steady state needs more than 40 calls.
  for (let i = 0; i < 100; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return percentiles(samples);
}

const { embedded } = await ensureDatabase();
const client = new pg.Client({ connectionString: databaseUrl() });
try {
  const seeded = await seed();
  await db.execute("analyze unit_type; analyze unit; analyze facility; analyze reservation");
  await client.connect();
  // The tenant role and organization for the whole session, as withOrg sets per transaction.
  await client.query(`set role ${TENANT_ROLE}`);
  await client.query("select set_config('app.organization_id', $1, false)", [ORG_ID]);
  const conn = drizzle(client, { schema, casing: "snake_case" });
  const facilities = (
    await client.query<{ id: string }>("select id from facility where organization_id = $1", [ORG_ID])
  ).rows.map((r) => r.id);
  const types = (
    await client.query<{ id: string }>("select id from unit_type where organization_id = $1", [ORG_ID])
  ).rows.map((r) => r.id);
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const FEATURES = [[], ["climate_controlled"], ["drive_up"], ["power"]] as const;

  const select1 = await time(() => client.query("select 1"));
  const search = await time(() => {
    const [w, l] = pick(SIZES);
    return searchUnits(conn, ORG_ID, {
      widthFt: w,
      lengthFt: l,
      features: [...pick([...FEATURES])],
      maxPriceCents: Math.random() < 0.5 ? 20_000 : undefined,
      channel: "web",
    });
  });
  const searchOneFacility = await time(() =>
    searchUnits(conn, ORG_ID, { facilityIds: [pick(facilities)], widthFt: 10, lengthFt: 10, channel: "phone" }),
  );
  const availability = await time(() => getAvailability(conn, ORG_ID, { facilityId: pick(facilities) }));
  const quote = await time(() =>
    quoteUnitType(conn, ORG_ID, {
      unitTypeId: pick(types),
      channel: pick(["web", "phone"] as const),
      moveInDate: "2030-05-17",
    }),
  );

  const result = {
    organizationId: ORG_ID,
    seeded,
    facilities: facilities.length,
    unitTypes: types.length,
    iterations: ITERATIONS,
    unit: "ms",
    select1,
    searchOrgWide: search,
    searchOneFacility,
    availabilityOneFacility: availability,
    quote,
    targetP99Ms: 10,
    // Other work on the machine shows up in every p99 (the bare SELECT 1 included): read them together.
    machine: { cpus: cpus().length, loadAverage1m: +loadavg()[0]!.toFixed(2) },
    pass: [search, searchOneFacility, availability, quote].every((r) => r.p99 <= 10),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  await client.end().catch(() => {});
  await closeDb();
  await embedded?.stop();
}
