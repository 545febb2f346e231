/**
 * `npm run bench:cluster`: the scale-out proof of docs/deploy.md, on this machine.
 *
 * A scratch PostgreSQL primary and a streaming replica made from it with pg_basebackup (Debian's
 * postgresql package), HAProxy in front (Debian's haproxy package; both installed when missing),
 * app servers (server.ts, production build: `npm run build`, run here at nice 19 when missing or
 * older than src/) and a
 * workflow worker, all on loopback. A bounded mixed load (signed SMS webhooks, voice gather turns
 * with their completed callback, API bookings, dashboard list reads) runs through the balancer:
 *
 *   1. one app server + the worker            (throughput, p50/p99)
 *   2. two app servers + the worker           (throughput, p50/p99)
 *   3. SIGKILL an app server and the worker, restart them (failures are counted, not excused)
 *   4. a rolling restart of every process with SIGTERM (each must exit 0; no request may fail)
 *
 * then checks every acknowledged write in the database and prints the counts that must be zero:
 * acknowledged writes lost, duplicate messages or reservations, double bookings, workflows not
 * completed after recovery, failed requests during the rolling restart; and the replica's lag.
 * Exits 1 when one of those is not zero. The machine's load average is printed with the figures:
 * on a shared machine they are noisy, compare the rows of one run, not runs.
 *
 *   BENCH_SECONDS (20) per measured phase, BENCH_CONCURRENCY (8), BENCH_PORT (3280: balancer;
 *   app servers on the next ports), BENCH_PG_PORT (5450), BENCH_DIR (/tmp).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";

import pg from "pg";

import { ensureBuild } from "./bench/production-server";
import type { PhaseStats } from "./lib/cluster-load";
import {
  ensureHaproxy,
  startHaproxy,
  startNode,
  startTimeout,
  waitForOutput,
  waitForStatus,
  type Proc,
} from "./lib/cluster-processes";
import { ensurePgTools, freePort, PgCluster, removeDir, scratchDir } from "./lib/pg-cluster";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const LB_PORT = Number(process.env.BENCH_PORT ?? 3280);
const root = path.resolve(import.meta.dirname, "..");
const t0 = Date.now();
const say = (line: string) => console.log(`[bench:cluster +${((Date.now() - t0) / 1000).toFixed(0)}s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

// The app servers serve this checkout's production build: built (at nice 19) when there is none or
// when src/ changed since, so a stale build is never what is measured (BENCH_BUILD=0 refuses instead).
await ensureBuild(root).catch((err: unknown) => {
  console.error(String(err));
  process.exit(1);
});
const tools = ensurePgTools(say);
const haproxyBin = ensureHaproxy(say);

const dir = scratchDir("storage-agent-bench-", process.env.BENCH_DIR);
const clusters: PgCluster[] = [];
const procs = new Set<Proc>();
let exitCode = 0;

async function cleanup() {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  for (const c of clusters) {
    try {
      c.stop("immediate");
    } catch {
      // already stopped
    }
  }
  removeDir(dir);
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

const ports = { app1: LB_PORT + 1, app2: LB_PORT + 2 };
const secret = randomBytes(32).toString("hex");
const metricsToken = randomBytes(16).toString("hex");
const appEnv = (extra: Record<string, string>): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(appEnvRaw(extra)).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
const appEnvRaw = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  PUBLIC_URL: `http://127.0.0.1:${LB_PORT}`,
  TRUST_PROXY: "true",
  DATABASE_URL: process.env.DATABASE_URL,
  DATABASE_REPLICA_URL: process.env.DATABASE_REPLICA_URL,
  BETTER_AUTH_SECRET: secret,
  ENCRYPTION_KEY: secret,
  METRICS_TOKEN: metricsToken,
  DATA_DIR: path.join(dir, "app-data"),
  DEMO_SEED: "false",
  LOG_LEVEL: "warn",
  API_RATE_LIMIT_PER_MINUTE: "1000000",
  AUTH_RATE_LIMIT_PER_IP: "100000",
  // Longer than HAProxy takes to see /api/ready fail (2 checks a second apart) and stop sending.
  SHUTDOWN_READINESS_DELAY_MS: "4000",
  SHUTDOWN_TIMEOUT_MS: "15000",
  SHUTDOWN_WORKFLOW_TIMEOUT_MS: "3000",
  TWILIO_ACCOUNT_SID: "",
  TWILIO_AUTH_TOKEN: "",
  ...extra,
});

let generation = 0;
async function startApp(name: "app1" | "app2") {
  const p = startNode(
    name,
    "server.ts",
    appEnv({ PORT: String(ports[name]), DBOS_EXECUTOR_ID: `${name}-g${++generation}` }),
  );
  procs.add(p);
  const started = Date.now();
  await waitForStatus(`http://127.0.0.1:${ports[name]}/api/ready`, 200, startTimeout(180_000)).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${p.output().slice(-3000)}`);
  });
  say(`${name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (load average ${load()})`);
  await sleep(2500); // HAProxy's checks (every second, rise 2) put it in rotation
  return p;
}
async function startWorker() {
  const p = startNode("worker", "scripts/worker.ts", appEnv({ DBOS_EXECUTOR_ID: `worker-g${++generation}` }));
  procs.add(p);
  const started = Date.now();
  await waitForOutput(p, "worker ready", startTimeout(180_000));
  say(`worker ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return p;
}
async function stopGracefully(p: Proc): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const started = Date.now();
  p.child.kill("SIGTERM");
  const r = await p.exited;
  procs.delete(p);
  return { ...r, ms: Date.now() - started };
}
async function kill(p: Proc) {
  p.child.kill("SIGKILL");
  await p.exited;
  procs.delete(p);
}

const phases: PhaseStats[] = [];
const lagSamples: number[] = [];
const sigtermExits: { name: string; code: number | null; signal: string | null; ms: number }[] = [];

try {
  // --- PostgreSQL: primary, migrated and seeded; a streaming replica from pg_basebackup ----------
  const pgPort = await freePort(Number(process.env.BENCH_PG_PORT ?? 5450));
  const primary = PgCluster.init(tools, {
    dir: scratchDir("primary-", dir),
    port: pgPort,
    settings: { max_connections: 300, shared_buffers: "'256MB'", synchronous_commit: "on" },
  });
  clusters.push(primary);
  primary.start();
  process.env.DATABASE_URL = primary.url;
  Object.assign(process.env, appEnv({}), { NODE_ENV: "production" });
  const seeded = await (await import("./lib/cluster-seed")).seedBenchOrganization();
  const replica = PgCluster.baseBackup(primary, {
    dir: scratchDir("replica-", dir),
    port: await freePort(pgPort + 1),
    standby: true,
  });
  clusters.push(replica);
  replica.start();
  process.env.DATABASE_REPLICA_URL = replica.url;
  say(
    `PostgreSQL ${tools.version}: primary 127.0.0.1:${primary.port}, streaming replica 127.0.0.1:${replica.port} (pg_basebackup)`,
  );

  const admin = new pg.Client({ connectionString: primary.url });
  await admin.connect();
  const lagTimer = setInterval(() => {
    admin
      .query<{ lag: number | null }>("select extract(epoch from replay_lag)::float8 as lag from pg_stat_replication")
      .then((r) => lagSamples.push(r.rows[0]?.lag ?? 0))
      .catch(() => {});
  }, 1000);

  // --- the balancer and the first app server and worker --------------------------------------------
  const lb = startHaproxy(haproxyBin, dir, LB_PORT, [
    { name: "app1", port: ports.app1 },
    { name: "app2", port: ports.app2 },
  ]);
  procs.add(lb);
  let app1 = await startApp("app1");
  let worker = await startWorker();
  say(`haproxy on 127.0.0.1:${LB_PORT}; app1 and the worker ready`);

  // Imported only now: it loads the app's configuration, which must see this run's variables.
  const { MixedLoad, percentile } = await import("./lib/cluster-load");
  const bench = new MixedLoad(
    {
      baseUrl: `http://127.0.0.1:${LB_PORT}`,
      orgNumber: seeded.number,
      apiKey: seeded.apiKey,
      unitTypeId: seeded.unitTypeId,
      moveInDate: seeded.moveInDate,
      cookie: seeded.cookie,
    },
    CONCURRENCY,
  );
  bench.phase("warm-up");
  await sleep(5000);
  bench.endPhase();

  bench.phase("1 app server + worker");
  await sleep(SECONDS * 1000);
  phases.push(bench.endPhase());
  say(`load average ${load()}`);

  let app2 = await startApp("app2");
  bench.phase("2 app servers + worker");
  await sleep(SECONDS * 1000);
  phases.push(bench.endPhase());
  say(`load average ${load()}`);

  // --- crashes: SIGKILL an app server and the worker, start them again ------------------------------
  bench.phase("SIGKILL app1 + worker, restart");
  await sleep(2000);
  await Promise.all([kill(app1), kill(worker)]);
  say("SIGKILLed app1 and the worker");
  await sleep(3000);
  [app1, worker] = await Promise.all([startApp("app1"), startWorker()]);
  say("app1 and a new worker (another executor id) ready");
  await sleep(5000);
  phases.push(bench.endPhase());

  // --- rolling restart: every process, one at a time, with SIGTERM ---------------------------------
  bench.phase("rolling restart (SIGTERM)");
  for (const name of ["app1", "app2", "worker"] as const) {
    const current = name === "app1" ? app1 : name === "app2" ? app2 : worker;
    const exit = await stopGracefully(current);
    sigtermExits.push({ name, ...exit });
    say(`${name}: SIGTERM → exit ${exit.code ?? exit.signal} in ${(exit.ms / 1000).toFixed(1)} s`);
    if (name === "app1") app1 = await startApp("app1");
    else if (name === "app2") app2 = await startApp("app2");
    else worker = await startWorker();
    await sleep(2000);
  }
  phases.push(bench.endPhase());
  await bench.stop();
  say(`load stopped; load average ${load()}`);

  // --- what must be zero ---------------------------------------------------------------------------
  const verdict = await (await import("./lib/cluster-verify")).verifyRun(admin, bench.acked, phases.at(-1)!);
  clearInterval(lagTimer);
  const metrics = await fetch(`http://127.0.0.1:${ports.app1}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  })
    .then((r) => r.text())
    .catch(() => "");
  await admin.end();

  console.log(
    `\nStorage Agent cluster benchmark, ${CONCURRENCY} concurrent clients through HAProxy, ${os.cpus().length} cores, load average ${load()}`,
  );
  console.log(
    "(shared machine: compare the rows of this run with each other; the lead re-measures on a quiet machine)\n",
  );
  console.log("phase                              requests   req/s    p50 ms   p99 ms  failed");
  for (const p of phases)
    console.log(
      `${p.label.padEnd(34)} ${String(p.requests).padStart(8)} ${(p.requests / p.seconds).toFixed(1).padStart(7)} ${percentile(p.latenciesMs, 50).toFixed(0).padStart(9)} ${percentile(p.latenciesMs, 99).toFixed(0).padStart(8)} ${String(p.failed).padStart(7)}`,
    );
  for (const p of phases.slice(0, 2))
    console.log(
      `  ${p.label}: ${(["sms", "voice", "booking", "list"] as const).map((op) => `${op} p50 ${percentile(p.byOp[op], 50).toFixed(0)} / p99 ${percentile(p.byOp[op], 99).toFixed(0)} ms`).join(", ")}`,
    );
  for (const p of phases) if (p.failed) console.log(`  failures in "${p.label}": ${JSON.stringify(p.failures)}`);
  const lagSorted = [...lagSamples].sort((a, b) => a - b);
  console.log(
    `\nreplica: lag p50 ${percentile(lagSorted, 50).toFixed(3)} s, max ${(lagSorted.at(-1) ?? 0).toFixed(3)} s (pg_stat_replication, every second); app1 /metrics: ${
      /^storage_agent_db_replica_lag_seconds\{[^}]*\} (\S+)$/m.exec(metrics)?.[1] ?? "n/a"
    } s lag, reads ${[...metrics.matchAll(/^storage_agent_db_replica_reads_total\{[^}]*target="(\w+)"\} (\S+)$/gm)].map((m) => `${m[1]} ${m[2]}`).join(", ")}`,
  );
  console.log(
    `SIGTERM exits: ${sigtermExits.map((e) => `${e.name} ${e.code ?? e.signal} (${(e.ms / 1000).toFixed(1)} s)`).join(", ")}`,
  );
  console.log(
    `acknowledged: ${bench.acked.sms.length} texts, ${bench.acked.turns.length} voice turns in ${bench.acked.calls.length} completed calls, ${bench.acked.bookings.length} bookings\n`,
  );
  const zeros: [string, number][] = [
    ["acknowledged writes lost", verdict.lostWrites],
    ["duplicate messages or reservations", verdict.duplicates],
    ["double bookings", verdict.doubleBookings],
    ["workflows not completed after recovery", verdict.workflowsNotCompleted],
    ["failed requests during the rolling restart", verdict.failedDuringRolling],
    ["processes not exiting 0 on SIGTERM", sigtermExits.filter((e) => e.code !== 0).length],
  ];
  for (const [label, n] of zeros) console.log(`${n === 0 ? "ok  " : "FAIL"} ${label.padEnd(44)} ${n}`);
  for (const line of verdict.details) console.log(`     ${line}`);
  if (zeros.some(([, n]) => n !== 0)) exitCode = 1;
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  const { closeDb } = await import("@/server/db/client");
  await closeDb().catch(() => {});
  await cleanup();
}
process.exit(exitCode);
