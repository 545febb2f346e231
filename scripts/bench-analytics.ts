/**
 * npm run bench:analytics
 *
 * Seeds (once) a dedicated organization with 1,000,000 conversations and 200,000 leads over the
 * last 365 days (20 facilities in four time zones, 10,000 units, rentals, a year of payments,
 * reservations, follow-ups and unhandled questions), all with server-side INSERT ... SELECT
 * generate_series. Then it times, on one connection as the tenant role under row-level security:
 *   - the first full rollup build (every day dirty; BENCH_REBUILD=0 skips it), and the catch-up
 *     after one new call;
 *   - every figure of the metrics module (each reads the period AND the previous period) for the
 *     page's default range (30 days) and for a whole year, the whole page, and the overview,
 *     twice: first with no planner statistics at all (pg_statistic rows deleted, as on tables
 *     autovacuum has not analyzed; needs a superuser; BENCH_NO_STATS=0 skips it), then after
 *     ANALYZE, as autovacuum leaves them. A plan that depends on statistics shows as a difference.
 * It prints p50/p99 per figure, EXPLAIN (ANALYZE, BUFFERS) of each run's slowest figure's slowest
 * statement, and a table of both runs. Target: the whole page under 1 s p99 for the year, in both.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import os from "node:os";
import { performance } from "node:perf_hooks";

import pg from "pg";

process.env.LOG_LEVEL ??= "warn";
const { sql } = await import("drizzle-orm");
const { closeDb, db, withOrg } = await import("@/server/db/client");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const metrics = await import("@/server/analytics/metrics");
const { markAllDirty, refreshRollups } = await import("@/server/analytics/rollups");
const { localDate } = await import("@/server/domain/facilities/local-date");
const { addDays } = await import("@/lib/dates");

const ORG_ID = "bench-analytics-org";
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1_000_000);
const FACILITIES = 20;
const DAYS = 365;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20);

/**
 * The statements a figure sends, with their parameters and time, so the slowest one can be shown
 * with EXPLAIN (ANALYZE, BUFFERS). Every query goes through pg's Client.query; patched before the
 * first connection, because each pooled connection keeps the query function it had when it opened.
 */
type Statement = { text: string; values: unknown[]; ms: number };
const recording = new AsyncLocalStorage<Statement[]>();
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: unknown,
  ...args: unknown[]
) {
  const into = recording.getStore();
  const result = clientQuery.apply(this, args);
  if (!into || !(result instanceof Promise)) return result;
  const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
  const text = typeof first === "string" ? first : first.text;
  // The statement cache passes a named config with the values beside it (src/server/db/statement-cache.ts).
  const values = (Array.isArray(second) ? second : typeof first === "string" ? [] : first.values) ?? [];
  if (/^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(text)) return result;
  const started = performance.now();
  return result.then((r: unknown) => {
    into.push({ text, values, ms: performance.now() - started });
    return r;
  });
};

const { embedded } = await ensureDatabase();

/** A deterministic number in [0, 1) from an integer and a salt, in SQL. */
const rnd = (expr: string, salt: string) =>
  `((hashtext(${expr}::text || '${salt}')::bigint + 2147483648) / 4294967296.0)`;

async function seed(): Promise<boolean> {
  const have = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from conversation where organization_id = ${ORG_ID}`,
  );
  if (have.rows[0]!.n === CONVERSATIONS) return false;
  const t0 = performance.now();
  const step = async (label: string, text: string) => {
    const s = performance.now();
    const r = await db.execute(sql.raw(text));
    // Fresh statistics, so the next step's joins are planned for the rows just written.
    await db.execute(sql.raw("analyze"));
    console.log(
      `  ${label.padEnd(28)} ${String(r.rowCount ?? "").padStart(9)} rows  ${((performance.now() - s) / 1000).toFixed(1)} s`,
    );
  };
  console.log(`seeding ${CONVERSATIONS.toLocaleString()} conversations...`);
  await db.execute(sql`delete from organization where id = ${ORG_ID}`);
  await db.execute(
    sql`insert into organization (id, name, slug) values (${ORG_ID}, 'Analytics benchmark', 'bench-analytics')`,
  );
  const hours = `'{"mon":[{"open":"09:00","close":"18:00"}],"tue":[{"open":"09:00","close":"18:00"}],"wed":[{"open":"09:00","close":"18:00"}],"thu":[{"open":"09:00","close":"18:00"}],"fri":[{"open":"09:00","close":"18:00"}],"sat":[{"open":"10:00","close":"16:00"}]}'::jsonb`;
  await step(
    "facilities",
    `
    insert into facility (organization_id, name, slug, time_zone, office_hours, created_at)
    select '${ORG_ID}', 'Bench Storage ' || i, 'bench-' || i, (array['America/Chicago','America/New_York','America/Denver','America/Los_Angeles'])[1 + i % 4], ${hours}, now() - interval '2 years' + i * interval '1 second'
    from generate_series(1, ${FACILITIES}) i`,
  );
  await step(
    "unit types",
    `
    insert into unit_type (organization_id, facility_id, name, width_ft, length_ft, street_rate_cents, web_rate_cents)
    select f.organization_id, f.id, s.w || 'x' || s.l, s.w, s.l, s.w * s.l * 120, s.w * s.l * 105
    from facility f cross join (values (5, 5), (5, 10), (10, 10), (10, 15), (10, 20)) as s(w, l) where f.organization_id = '${ORG_ID}'`,
  );
  await step(
    "units",
    `
    insert into unit (organization_id, facility_id, unit_type_id, number, status)
    select ut.organization_id, ut.facility_id, ut.id, ut.name || '-' || n, case when ${rnd("ut.id::text || n", "occ")} < 0.82 then 'occupied' else 'available' end
    from unit_type ut cross join generate_series(1, 100) n where ut.organization_id = '${ORG_ID}'`,
  );
  await step(
    "customers (tenants)",
    `
    insert into customer (organization_id, name) select '${ORG_ID}', 'Tenant ' || u.id from unit u where u.organization_id = '${ORG_ID}' and u.status = 'occupied'`,
  );
  await step(
    "current rentals",
    `
    insert into rental (organization_id, facility_id, unit_id, customer_id, start_date, monthly_rate_cents, billing_day, gate_code_encrypted)
    select u.organization_id, u.facility_id, u.id, c.id, (now() - (interval '1 day' * floor(${rnd("u.id", "start")} * 900)))::date, ut.street_rate_cents, 1, 'bench'
    from unit u join unit_type ut on ut.id = u.unit_type_id join customer c on c.organization_id = u.organization_id and c.name = 'Tenant ' || u.id
    where u.organization_id = '${ORG_ID}' and u.status = 'occupied'`,
  );
  await step(
    "payments (12 months)",
    `
    insert into payment (organization_id, customer_id, rental_id, amount_cents, method, received_at)
    select r.organization_id, r.customer_id, r.id, r.monthly_rate_cents, 'card', date_trunc('month', now()) - m * interval '1 month' + interval '1 day' * floor(${rnd("r.id::text || m", "pay")} * 5) + interval '15 hours'
    from rental r cross join generate_series(0, 11) m where r.organization_id = '${ORG_ID}' and date_trunc('month', now()) - m * interval '1 month' >= r.start_date`,
  );
  // Outcomes: reservation 6 %, lead 14 % (= 200,000 leads), answered 45 %, transfer 15 %, message 8 %, abandoned 12 %.
  await step(
    "conversations",
    `
    insert into conversation (organization_id, facility_id, channel, external_id, from_address, status, handler, outcome, summary, turn_count, duration_seconds, started_at, ended_at)
    select '${ORG_ID}', f.ids[1 + i % ${FACILITIES}], ch, 'bench-' || i, '+1555' || lpad(i::text, 7, '0'), 'ended',
      case when r3 < 0.92 then 'agent' else 'staff' end, o,
      case o when 'reservation' then 'Caller made a reservation. Thanks!' when 'abandoned' then 'Caller hung up before being helped.' when 'transfer' then 'Caller was transferred to staff.' else 'Caller had their questions answered.' end,
      2 + floor(r3 * 10)::int, case when ch = 'voice' then 30 + floor(r2 * 400)::int end, t, t + interval '3 minutes'
    from generate_series(1, ${CONVERSATIONS}) i
    cross join (select array_agg(id order by name) as ids from facility where organization_id = '${ORG_ID}') f
    cross join lateral (select ${rnd("i", "a")} as r1, ${rnd("i", "b")} as r2, ${rnd("i", "c")} as r3) r
    cross join lateral (select
      case when r1 < 0.06 then 'reservation' when r1 < 0.20 then 'lead' when r1 < 0.65 then 'question_answered' when r1 < 0.80 then 'transfer' when r1 < 0.88 then 'message' else 'abandoned' end as o,
      case when r2 < 0.7 then 'voice' when r2 < 0.9 then 'sms' else 'chat' end as ch,
      now() - interval '1 day' * (i % ${DAYS}) - interval '1 second' * floor(r3 * 86400) as t) x`,
  );
  await step(
    "customers (callers)",
    `
    insert into customer (organization_id, name, phone)
    select organization_id, 'Caller', from_address from conversation where organization_id = '${ORG_ID}' and outcome in ('lead', 'reservation')`,
  );
  await step(
    "leads",
    `
    insert into lead (organization_id, customer_id, facility_id, source, status, created_at)
    select c.organization_id, cu.id, c.facility_id, case c.channel when 'voice' then 'call' else c.channel end,
      case when c.outcome = 'reservation' then 'reserved' else 'new' end, c.started_at + interval '2 minutes'
    from conversation c join customer cu on cu.organization_id = c.organization_id and cu.phone = c.from_address
    where c.organization_id = '${ORG_ID}' and c.outcome in ('lead', 'reservation')`,
  );
  await step(
    "conversation.lead_id",
    `
    update conversation c set lead_id = l.id from lead l join customer cu on cu.id = l.customer_id
    where c.organization_id = '${ORG_ID}' and l.organization_id = '${ORG_ID}' and cu.phone = c.from_address`,
  );
  await step(
    "reservations",
    `
    insert into reservation (organization_id, facility_id, unit_type_id, unit_id, customer_id, lead_id, status, move_in_date, quoted_monthly_rate_cents, quote, confirmation_code, hold_expires_at, channel, created_by, created_at)
    with u as (select facility_id, array_agg(id order by id) as ids, array_agg(unit_type_id order by id) as types from unit where organization_id = '${ORG_ID}' group by facility_id)
    select c.organization_id, c.facility_id, u.types[k], u.ids[k], l.customer_id, l.id, case when ${rnd("c.id", "conv")} < 0.6 then 'converted' else 'expired' end,
      (c.started_at + interval '3 days')::date, 10000, '{}'::jsonb, 'B' || c.external_id, c.started_at + interval '10 days', 'phone', 'agent', c.started_at + interval '3 minutes'
    from conversation c join lead l on l.id = c.lead_id join u on u.facility_id = c.facility_id
    cross join lateral (select 1 + abs(hashtext(c.id::text)) % 500 as k) pick
    where c.organization_id = '${ORG_ID}' and c.outcome = 'reservation'`,
  );
  await step(
    "conversation.reservation_id",
    `
    update conversation c set reservation_id = r.id from reservation r where r.organization_id = '${ORG_ID}' and c.organization_id = '${ORG_ID}' and r.lead_id = c.lead_id`,
  );
  await step(
    "move-ins (past rentals)",
    `
    insert into rental (organization_id, facility_id, unit_id, customer_id, reservation_id, start_date, monthly_rate_cents, billing_day, gate_code_encrypted, moved_out_at)
    select organization_id, facility_id, unit_id, customer_id, id, move_in_date, quoted_monthly_rate_cents, 1, 'bench', move_in_date + interval '40 days'
    from reservation where organization_id = '${ORG_ID}' and status = 'converted'`,
  );
  await step(
    "follow-up sequences",
    `
    insert into follow_up_sequence (organization_id, lead_id, workflow_id, trigger, status, stop_reason, created_at)
    select organization_id, id, 'bench-' || id, 'bench', case when ${rnd("id", "fu")} < 0.5 then 'completed' else 'stopped' end,
      case when ${rnd("id", "fu")} < 0.5 then null else 'replied' end, created_at + interval '1 minute'
    from lead where organization_id = '${ORG_ID}' and status = 'new'`,
  );
  await step(
    "follow-up texts",
    `
    insert into follow_up (organization_id, sequence_id, lead_id, step_index, template, status, scheduled_for, sent_at)
    select organization_id, id, lead_id, 0, 'quote', 'sent', created_at + interval '10 minutes', created_at + interval '10 minutes'
    from follow_up_sequence where organization_id = '${ORG_ID}'`,
  );
  await step(
    "unhandled questions",
    `
    insert into message (organization_id, conversation_id, seq, role, text, intent, created_at)
    select organization_id, id, 1, 'caller', (array['Do you store boats?', 'Is there a notary?', 'Can I get mail there?'])[1 + abs(hashtext(id::text)) % 3], 'out_of_scope', started_at + interval '5 seconds'
    from conversation where organization_id = '${ORG_ID}' and outcome = 'transfer'`,
  );
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return true;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Timing {
  label: string;
  p50: number;
  p99: number;
  /** The slowest statement of the slowest sample. */
  slowest: Statement | null;
}

async function time(label: string, run: () => Promise<unknown>, iterations = ITERATIONS): Promise<Timing> {
  await run(); // warm the plan cache and the buffer pool
  const ms: number[] = [];
  let slowest: Statement | null = null;
  for (let i = 0; i < iterations; i++) {
    const statements: Statement[] = [];
    const s = performance.now();
    await recording.run(statements, run);
    ms.push(performance.now() - s);
    for (const st of statements) if (!slowest || st.ms > slowest.ms) slowest = st;
  }
  ms.sort((a, b) => a - b);
  const t = { label, p50: percentile(ms, 50), p99: percentile(ms, 99), slowest };
  console.log(`${label.padEnd(36)} p50 ${t.p50.toFixed(1).padStart(7)} ms   p99 ${t.p99.toFixed(1).padStart(7)} ms`);
  return t;
}

await seed();
const counts = await db.execute<{ conversations: number; leads: number }>(sql`
  select (select count(*) from conversation where organization_id = ${ORG_ID})::int as conversations, (select count(*) from lead where organization_id = ${ORG_ID})::int as leads`);
console.log(
  `organization ${ORG_ID}: ${counts.rows[0]!.conversations.toLocaleString()} conversations, ${counts.rows[0]!.leads.toLocaleString()} leads`,
);

// The first build: every day of the history recomputed from the raw rows.
if (process.env.BENCH_REBUILD !== "0") {
  // As after the seed: a run stopped during the no-statistics run below leaves the tables without them.
  await db.execute(sql`analyze`);
  await withOrg(ORG_ID, (tx) => markAllDirty(tx, ORG_ID));
  const s = performance.now();
  const rebuilt = await withOrg(ORG_ID, (tx) => refreshRollups(tx, ORG_ID));
  console.log(`full rollup build: ${rebuilt} local days in ${((performance.now() - s) / 1000).toFixed(1)} s`);
}

const tz = (await withOrg(ORG_ID, (tx) => metrics.organizationToday(tx, ORG_ID))).timeZone;
const today = localDate(tz);
const ranges = {
  "30 days": { from: addDays(today, -29), to: today },
  "365 days": { from: addDays(today, -364), to: today },
};
const figures = [
  "callVolume",
  "outcomes",
  "funnel",
  "leads",
  "followUps",
  "bookings",
  "occupancy",
  "agentQuality",
] as const;

/** Every figure for both ranges, the whole page, the overview; returns the timings. */
async function timeEverything(): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const [name, range] of Object.entries(ranges)) {
    console.log(`${name} (${range.from} to ${range.to}), with the previous period:`);
    const run = (figure: (typeof figures)[number]) =>
      withOrg(ORG_ID, (tx): Promise<unknown> => metrics[figure](tx, ORG_ID, range));
    for (const figure of figures) timings.push(await time(`  ${figure} (${name})`, () => run(figure)));
    timings.push(
      await time(
        `  the whole page (${name})`,
        async () => {
          for (const f of figures) await run(f);
        },
        Math.max(5, Math.round(ITERATIONS / 2)),
      ),
    );
  }
  timings.push(await time("overview (today)", () => withOrg(ORG_ID, (tx) => metrics.overview(tx, ORG_ID))));
  return timings;
}

/** The planner's statistics for every table of the schema, gone, as on tables autovacuum never analyzed. */
async function dropStatistics(): Promise<boolean> {
  const su = await db.execute<{ su: boolean }>(sql`select usesuper as su from pg_user where usename = current_user`);
  if (!su.rows[0]?.su) return false;
  await db.execute(
    sql`delete from pg_statistic where starelid in (select oid from pg_class where relnamespace = 'public'::regnamespace)`,
  );
  return true;
}

/**
 * A run's slowest figure (the whole page aside), its slowest statement explained as the tenant
 * runs it, with the statistics that run had: the plan a missing or stale statistic would change.
 */
async function explainSlowest(run: string, timings: Timing[]) {
  const slowest = timings.filter((t) => !t.label.includes("whole page")).reduce((a, b) => (b.p99 > a.p99 ? b : a));
  if (!slowest.slowest) return;
  console.log(
    `\n${run}: slowest figure ${slowest.label.trim()} (p99 ${slowest.p99.toFixed(1)} ms); its slowest statement, EXPLAIN (ANALYZE, BUFFERS):`,
  );
  const plan = await withOrg(ORG_ID, async (tx) => {
    const client = (tx as unknown as { session: { client: pg.PoolClient } }).session.client;
    return client.query<{ "QUERY PLAN": string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${slowest.slowest!.text}`,
      slowest.slowest!.values,
    );
  });
  for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);
}

const runs: { name: string; timings: Timing[] }[] = [];
if (process.env.BENCH_NO_STATS !== "0") {
  if (await dropStatistics()) {
    console.log("\n== run 1: no planner statistics (every table's pg_statistic rows deleted) ==");
    runs.push({ name: "no statistics", timings: await timeEverything() });
    await explainSlowest("no statistics", runs.at(-1)!.timings);
  } else console.log("\n(the run without statistics needs a superuser connection: skipped)");
}
console.log("\n== run 2: after ANALYZE, as autovacuum leaves the tables ==");
await db.execute(sql`analyze`);
runs.push({ name: "after ANALYZE", timings: await timeEverything() });
await explainSlowest("after ANALYZE", runs.at(-1)!.timings);

// Incremental: a new call marks its day dirty; the next read recomputes that day (and its neighbours).
const [fac] = (await db.execute<{ id: string }>(sql`select id from facility where organization_id = ${ORG_ID} limit 1`))
  .rows;
await time(
  "new call + catch-up + callVolume 30d",
  async () => {
    await db.execute(
      sql`insert into conversation (organization_id, facility_id, channel, status, outcome) values (${ORG_ID}, ${fac!.id}, 'voice', 'ended', 'lead')`,
    );
    await withOrg(ORG_ID, (tx) => metrics.callVolume(tx, ORG_ID, ranges["30 days"]));
  },
  10,
);
const s = performance.now();
await db.execute(sql`delete from conversation where organization_id = ${ORG_ID} and external_id is null`);
await withOrg(ORG_ID, (tx) => refreshRollups(tx, ORG_ID));
console.log(`(cleanup ${((performance.now() - s) / 1000).toFixed(1)} s)`);

console.log(
  `\nbench:analytics  (${os.cpus().length} CPUs, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")})  p99 ms per run:`,
);
console.log(`${"figure".padEnd(36)} ${runs.map((r) => r.name.padStart(16)).join(" ")}`);
for (const label of runs[0]!.timings.map((t) => t.label))
  console.log(
    `${label.trim().padEnd(36)} ${runs.map((r) => (r.timings.find((t) => t.label === label)?.p99.toFixed(1) ?? "").padStart(16)).join(" ")}`,
  );
for (const r of runs) {
  const page = r.timings.find((t) => t.label.includes("whole page (365 days)"))!;
  const overview = r.timings.find((t) => t.label.startsWith("overview"))!;
  console.log(
    `target (${r.name}): the whole page for a year under 1 s p99 -> ${page.p99.toFixed(0)} ms, ${page.p99 < 1000 ? "met" : "NOT met"}; overview ${overview.p99.toFixed(0)} ms`,
  );
}

await closeDb();
await embedded?.stop();
