/**
 * `npm run dr:drill`: the backup and point-in-time recovery procedure of docs/operations.md, run end
 * to end on this machine with PostgreSQL's own tools (pg_basebackup + continuous WAL archiving; the
 * server binaries come from Debian's postgresql package, installed when missing):
 *
 *   1. a scratch primary with WAL archiving, migrated, and an organization writing leads;
 *   2. a base backup (pg_basebackup) taken while it writes;
 *   3. more writes, then a mistake: every lead of the organization deleted at a known moment;
 *   4. point-in-time recovery into a new cluster: the base backup, the archived WAL replayed up to
 *      just before the mistake, promoted;
 *   5. the app on the restored copy (the app server until /api/ready answers, when a production
 *      build exists and is not older than src/; else a workflow worker until ready), and the
 *      consistency checks (`npm run db:check`);
 *   6. a second recovery after losing the primary outright (stopped without a checkpoint): the last
 *      archived WAL is all there is, so this is the recovery point a lost server gives.
 *
 * It prints the recovery point (acknowledged writes lost, and seconds of data lost) and the recovery
 * time (restore start to the app ready) of each, and exits 1 if a write acknowledged before the
 * target is missing, the mistake survived, or a check fails. Only loopback; scratch data under
 * DR_DIR (default /tmp), removed at the end (DR_KEEP=1 keeps it). DR_PORT picks the first port.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

import pg from "pg";

import { buildNeeded } from "./bench/production-server";
import { ensurePgTools, freePort, PgCluster, removeDir, scratchDir } from "./lib/pg-cluster";

const WRITE_EVERY_MS = 50;
const root = path.resolve(import.meta.dirname, "..");
const started = Date.now();
const say = (line: string) => console.log(`[dr:drill +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A distinct valid US number per write (a lead is one person, found again by phone). */
const phoneFor = (n: number) => `+1415${String(2000000 + n).padStart(7, "0")}`;

const tools = ensurePgTools(say);
const base = scratchDir("storage-agent-dr-", process.env.DR_DIR);
const archive = path.join(base, "wal-archive");
mkdirSync(archive);
const { chownSync } = await import("node:fs");
if (process.getuid?.() === 0) {
  const { execFileSync } = await import("node:child_process");
  chownSync(
    archive,
    Number(execFileSync("id", ["-u", "postgres"]).toString()),
    Number(execFileSync("id", ["-g", "postgres"]).toString()),
  );
}
const clusters: PgCluster[] = [];
const children: ChildProcess[] = [];
let exitCode = 0;

async function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  for (const c of clusters) {
    try {
      c.stop("immediate");
    } catch {
      // already stopped
    }
  }
  if (process.env.DR_KEEP === "1") say(`kept ${base}`);
  else removeDir(base);
}
process.on("SIGINT", () => void cleanup().then(() => process.exit(130)));

try {
  // 1. Primary with continuous archiving (1 MB segments, switched at least every 2 s while busy).
  const primary = PgCluster.init(tools, {
    dir: scratchDir("primary-", base),
    port: await freePort(Number(process.env.DR_PORT) || undefined),
    archiveDir: archive,
    walSegmentMb: 1,
    settings: { archive_timeout: 2 },
  });
  clusters.push(primary);
  primary.start();
  say(`primary on 127.0.0.1:${primary.port} (PostgreSQL ${tools.version}), WAL archive ${archive}`);
  process.env.DATABASE_URL = primary.url;
  const { migrateDatabase } = await import("@/server/db/migrate");
  const { db, withOrg, closeDb } = await import("@/server/db/client");
  const { organization } = await import("@/server/db/schema");
  const { captureLead } = await import("@/server/domain/leads/capture-lead");
  await migrateDatabase();
  const orgId = `dr-${randomUUID().slice(0, 8)}`;
  await db.insert(organization).values({ id: orgId, name: "DR drill storage", slug: orgId });

  // Writes: one lead per tick, each remembered with the moment its commit was acknowledged.
  const acked: { name: string; at: number }[] = [];
  let writing = true;
  let seq = 0;
  const writer = (async () => {
    while (writing) {
      const name = `Drill Lead ${++seq}`;
      await withOrg(orgId, (tx) =>
        captureLead(tx, orgId, { label: "dr-drill" }, { source: "web", name, phone: phoneFor(seq) }),
      );
      acked.push({ name, at: Date.now() });
      await sleep(WRITE_EVERY_MS);
    }
  })();

  await sleep(3000);
  // 2. Base backup while writing.
  const backupStarted = Date.now();
  const backup = PgCluster.baseBackup(primary, {
    dir: scratchDir("base-backup-", base),
    port: 0,
    standby: false,
    label: "dr-drill",
  });
  say(
    `base backup taken in ${((Date.now() - backupStarted) / 1000).toFixed(1)} s (${acked.length} leads written so far)`,
  );

  // 3. More writes, then the mistake at a moment we note on the primary's own clock.
  await sleep(4000);
  const admin = new pg.Client({ connectionString: primary.url });
  await admin.connect();
  const target = (await admin.query<{ t: string }>("select clock_timestamp()::text as t")).rows[0]!.t;
  const targetMs = Date.now();
  await sleep(20);
  const deleted = await admin.query(`delete from lead where organization_id = $1`, [orgId]);
  say(`the mistake: ${deleted.rowCount} leads deleted at ${target} (recovery target: just before it)`);
  await sleep(3000);
  writing = false;
  await writer;
  // Make sure the segment holding the target is archived, as a running server does within archive_timeout.
  await switchAndWaitArchived(admin);
  await admin.end();

  // 4. Point-in-time recovery into a new cluster.
  const pitr = await restore({ name: "pitr", backup, target });
  const ackedBefore = acked.filter((w) => w.at < targetMs);
  const pitrReport = await verify(pitr.cluster, orgId, ackedBefore, targetMs);
  const pitrApp = await appOn(pitr.cluster, pitr.restoreStarted);
  report("point in time (before the mistake)", pitrReport, pitrApp, pitr.restoreMs);

  // 6. Losing the primary: writes go on, then the server stops dead (no checkpoint, no final archive).
  const afterLoss: { name: string; at: number }[] = [];
  writing = true;
  const writer2 = (async () => {
    while (writing) {
      const name = `After Lead ${++seq}`;
      try {
        await withOrg(orgId, (tx) =>
          captureLead(tx, orgId, { label: "dr-drill" }, { source: "web", name, phone: phoneFor(seq) }),
        );
        afterLoss.push({ name, at: Date.now() });
      } catch {
        return; // the server is gone
      }
      await sleep(WRITE_EVERY_MS);
    }
  })();
  await sleep(5000);
  const lostAt = Date.now();
  primary.stop("immediate");
  writing = false;
  await writer2;
  await closeDb();
  say(`primary stopped dead; ${afterLoss.length} leads had been acknowledged since the last step`);
  const whole = await restore({ name: "after-loss", backup, target: null });
  const lossReport = await verify(whole.cluster, orgId, afterLoss, lostAt);
  const lossApp = await appOn(whole.cluster, whole.restoreStarted);
  report("primary lost (replay every archived segment)", lossReport, lossApp, whole.restoreMs);
  say(
    `archive: ${readdirSync(archive).length} files; load average ${(await import("node:os"))
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  const appsOk = [pitrApp, lossApp].every((a) => a.checksOk && a.exitCode === 0);
  if (pitrReport.lostBeforeTarget > 0 || !pitrReport.mistakeUndone || !appsOk) exitCode = 1;
  if (lossReport.lostSeconds > 2 * 2 + 1) {
    say(`data lost after losing the primary exceeds twice archive_timeout: ${lossReport.lostSeconds.toFixed(1)} s`);
    exitCode = 1;
  }
} catch (err) {
  console.error(err);
  exitCode = 1;
} finally {
  await cleanup();
}
say(exitCode === 0 ? "drill passed" : "drill FAILED");
process.exit(exitCode);

/** Closes the current WAL segment and waits until the archiver has copied it. */
async function switchAndWaitArchived(admin: pg.Client) {
  const closed = (await admin.query<{ w: string }>("select pg_walfile_name(pg_switch_wal() - 1) as w")).rows[0]!.w;
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query<{ last: string | null }>(
      "select last_archived_wal as last from pg_stat_archiver",
    );
    if (rows[0]?.last && rows[0].last >= closed) return;
    await sleep(100);
  }
  throw new Error(`WAL segment ${closed} was not archived within 10 s`);
}

async function restore(opts: { name: string; backup: PgCluster; target: string | null }) {
  const restoreStarted = Date.now();
  const dir = scratchDir(`${opts.name}-`, base);
  // A copy of the base backup (cp -a keeps the postgres owner), then recovery settings.
  const { execFileSync } = await import("node:child_process");
  execFileSync("cp", ["-a", opts.backup.dataDir, path.join(dir, "data")]);
  const cluster = new PgCluster(tools, path.join(dir, "data"), await freePort());
  cluster.appendSettings({
    port: cluster.port,
    unix_socket_directories: `'${dir}'`,
    archive_mode: "off",
    restore_command: `'cp ${archive}/%f %p'`,
    ...(opts.target
      ? {
          recovery_target_time: `'${opts.target}'`,
          recovery_target_inclusive: "off",
          recovery_target_action: "'promote'",
        }
      : { recovery_target_action: "'promote'" }),
  });
  const { writeFileSync } = await import("node:fs");
  writeFileSync(path.join(dir, "data", "recovery.signal"), "");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", path.join(dir, "data", "recovery.signal")]);
  cluster.start({ waitSeconds: 300 });
  clusters.push(cluster);
  const c = new pg.Client({ connectionString: cluster.url });
  await c.connect();
  const { startTimeout } = await import("./lib/cluster-processes");
  const recoveryDeadline = Date.now() + startTimeout(60_000);
  for (;;) {
    const { rows } = await c.query<{ r: boolean }>("select pg_is_in_recovery() as r");
    if (!rows[0]!.r) break;
    if (Date.now() > recoveryDeadline) throw new Error("the restored cluster did not finish recovery in time");
    await sleep(100);
  }
  await c.end();
  const restoreMs = Date.now() - restoreStarted;
  say(`${opts.name}: restored and promoted on 127.0.0.1:${cluster.port} in ${(restoreMs / 1000).toFixed(1)} s`);
  return { cluster, restoreStarted, restoreMs };
}

interface Verified {
  acknowledged: number;
  recovered: number;
  lostBeforeTarget: number;
  mistakeUndone: boolean;
  lostSeconds: number;
}

async function verify(
  cluster: PgCluster,
  orgId: string,
  acknowledged: { name: string; at: number }[],
  disasterAt: number,
): Promise<Verified> {
  const c = new pg.Client({ connectionString: cluster.url });
  await c.connect();
  const { rows } = await c.query<{ name: string }>(
    "select cu.name from lead l join customer cu on cu.id = l.customer_id where l.organization_id = $1",
    [orgId],
  );
  await c.end();
  const present = new Set(rows.map((r) => r.name));
  const missing = acknowledged.filter((w) => !present.has(w.name));
  const lastPresent = acknowledged.filter((w) => present.has(w.name)).at(-1);
  return {
    acknowledged: acknowledged.length,
    recovered: acknowledged.length - missing.length,
    lostBeforeTarget: missing.length,
    mistakeUndone: present.size > 0,
    // Data lost: the span from the last acknowledged write that survived to the disaster.
    lostSeconds: (disasterAt - (lastPresent?.at ?? acknowledged[0]?.at ?? disasterAt)) / 1000,
  };
}

/**
 * The app on the restored copy: the app server (server.ts, production build) until /api/ready
 * answers 200 when a current build exists (buildNeeded), else a workflow worker until it is ready;
 * then the consistency checks. The recovery time runs from the start of the restore to that moment.
 */
async function appOn(cluster: PgCluster, restoreStarted: number) {
  const { startNode, startTimeout, waitForOutput, waitForStatus } = await import("./lib/cluster-processes");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: cluster.urlFor("postgres"),
    DISABLE_SCHEDULES: "true",
    DBOS_EXECUTOR_ID: `dr-${randomUUID().slice(0, 6)}`,
    LOG_LEVEL: "warn",
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    BETTER_AUTH_SECRET: randomUUID() + randomUUID(),
    ENCRYPTION_KEY: randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, ""),
    DATA_DIR: path.join(base, "app-data"),
    DEMO_SEED: "false",
    SHUTDOWN_READINESS_DELAY_MS: "0",
  };
  // A build older than src/ would serve pages of other code: then the worker stands in too.
  const stale = buildNeeded(root);
  const server = stale === null;
  if (!server) say(`starting a workflow worker on the copy, not the app server (${stale})`);
  const app = startNode(server ? "app server" : "worker", server ? "server.ts" : "scripts/worker.ts", env);
  children.push(app.child);
  if (server) await waitForStatus(`http://127.0.0.1:${port}/api/ready`, 200, startTimeout(240_000));
  else await waitForOutput(app, "worker ready", startTimeout(240_000));
  const readyMs = Date.now() - restoreStarted;
  app.child.kill("SIGTERM");
  const exit = await app.exited;
  const check = startNode("db:check", "scripts/db-check.ts", env);
  children.push(check.child);
  const { code } = await check.exited;
  // A graceful stop exits 0; `signal` says the process died of the signal instead (no handler ran).
  return {
    readyMs,
    what: app.name,
    exitCode: exit.code,
    exitSignal: exit.signal,
    checksOk: code === 0,
    checkOutput: check.output().trim(),
  };
}

function report(title: string, v: Verified, app: Awaited<ReturnType<typeof appOn>>, restoreMs: number) {
  console.log(`\n== ${title}`);
  console.log(`   writes acknowledged before it          : ${v.acknowledged}`);
  console.log(`   recovered                              : ${v.recovered}   lost: ${v.lostBeforeTarget}`);
  console.log(`   recovery point (data lost)             : ${v.lostSeconds.toFixed(2)} s`);
  console.log(`   restore (copy + WAL replay + promote)  : ${(restoreMs / 1000).toFixed(1)} s`);
  console.log(
    `   recovery time (restore → ${app.what} ready) : ${(app.readyMs / 1000).toFixed(1)} s (SIGTERM: ${app.exitCode !== null ? `exit ${app.exitCode}` : `killed by ${app.exitSignal}`})`,
  );
  console.log(`   consistency checks                     : ${app.checksOk ? "passed" : "FAILED"}`);
  if (!app.checksOk) console.log(app.checkOutput.replace(/^/gm, "     "));
  if (title.startsWith("point"))
    console.log(`   the mistake (deleted leads) undone     : ${v.mistakeUndone ? "yes" : "NO"}`);
  console.log("");
}
