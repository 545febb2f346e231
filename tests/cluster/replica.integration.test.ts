import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeDb, withOrg } from "@/server/db/client";
import { migrateDatabase } from "@/server/db/migrate";
import { replicaStatus, stopReplica, withOrgRead } from "@/server/db/replica";
import { renderMetrics } from "@/server/observability/metrics";

import {
  canRunScratchClusters,
  findPgTools,
  freePort,
  PgCluster,
  removeDir,
  scratchDir,
} from "../../scripts/lib/pg-cluster";
import { callerFor, seedOrganization, type TestOrg } from "../factories";
import { waitFor } from "../jobs-harness";

/**
 * The read replica (src/server/db/replica.ts). Where PostgreSQL's server binaries are installed
 * (Debian's postgresql-15 on CI and dev machines) this file starts a scratch primary and a real
 * streaming replica made with pg_basebackup, and tests routing, lag (replay paused on the replica)
 * and an outage. Without them it runs the routing and outage cases against a stand-in: the test
 * database reached through the replica's own pool (told apart by its application_name), where lag
 * cannot be produced, so the lag case is skipped; REPLICA_TEST_STANDIN=true forces that mode.
 */
const real = canRunScratchClusters() && process.env.REPLICA_TEST_STANDIN !== "true";
const REPLICA_APP = "storage-agent-replica-reads";
let root = "";
let primary: PgCluster | null = null;
let replica: PgCluster | null = null;
let org: TestOrg;

beforeAll(async () => {
  process.env.REPLICA_MAX_LAG_SECONDS = "2";
  if (real) {
    const tools = findPgTools()!;
    root = scratchDir("sa-replica-test-");
    primary = PgCluster.init(tools, { dir: scratchDir("primary-", root), port: await freePort() });
    primary.start();
    process.env.DATABASE_URL = primary.url;
    await migrateDatabase();
    replica = PgCluster.baseBackup(primary, {
      dir: scratchDir("replica-", root),
      port: await freePort(),
      standby: true,
    });
    replica.start();
    process.env.DATABASE_REPLICA_URL = replica.url;
  } else {
    process.env.DATABASE_REPLICA_URL = process.env.DATABASE_URL;
  }
  org = await seedOrganization();
}, 180_000);

afterAll(async () => {
  await stopReplica();
  await closeDb();
  replica?.stop("immediate");
  primary?.stop("immediate");
  if (root) removeDir(root);
});

/** Which server answered a read: the replica's pool names itself; a real replica is in recovery. */
const whoAnswers = (tx: Parameters<Parameters<typeof withOrg>[1]>[0]) =>
  tx
    .execute<{ app: string; standby: boolean }>(
      sql`select current_setting('application_name') as app, pg_is_in_recovery() as standby`,
    )
    .then((r) => r.rows[0]!);

async function leadCount(): Promise<number> {
  const res = await withOrg(org.id, (tx) =>
    tx.execute<{ n: number }>(sql`select count(*)::int as n from lead where organization_id = ${org.id}`),
  );
  return res.rows[0]!.n;
}

describe("read replica", () => {
  it("serves list pages, analytics and reports once it has caught up; writes stay on the primary", async () => {
    const owner = await callerFor(org.owner);
    const captured = await owner.leads.capture({ name: "Replica Reader", phone: "+14155550142", source: "web" });
    await waitFor(async () => (await replicaStatus({ fresh: true })).serving, "the replica to catch up", 30_000);
    const before = (await replicaStatus()).reads.replica;

    const who = await withOrgRead(org.id, whoAnswers);
    expect(who.app).toBe(REPLICA_APP);
    if (real) expect(who.standby).toBe(true);

    // The list shows the lead written a moment ago on the primary (replicated), read on the replica.
    const list = await owner.leads.list({});
    expect(JSON.stringify(list)).toContain("Replica Reader");
    expect(captured).toBeTruthy();
    // Analytics fold new rows into their rollups on the primary first, then read on the replica
    // (a write inside the replica's read-only transaction would fail).
    const overview = await owner.analytics.overview();
    expect(overview).toBeTruthy();
    const volume = await owner.analytics.volume({ from: "2026-01-01", to: "2026-01-31" });
    expect(volume.current).toBeTruthy();
    expect((await replicaStatus()).reads.replica).toBeGreaterThanOrEqual(before + 4);

    const onPrimary = await withOrg(org.id, whoAnswers);
    expect(onPrimary.app).not.toBe(REPLICA_APP);
    expect(onPrimary.standby).toBe(false);
  });

  it.skipIf(!real)(
    "reads go to the primary while the replica lags past REPLICA_MAX_LAG_SECONDS, and /metrics shows the lag",
    async () => {
      const owner = await callerFor(org.owner);
      const standby = new (await import("pg")).default.Client({ connectionString: replica!.url });
      await standby.connect();
      try {
        await standby.query("select pg_wal_replay_pause()");
        await owner.leads.capture({ name: "Written While Paused", phone: "+14155550143", source: "web" });
        const lagging = await waitFor(
          async () => {
            const s = await replicaStatus({ fresh: true });
            return s.lagSeconds !== null && s.lagSeconds > 2 ? s : null;
          },
          "the replica to fall behind",
          30_000,
          250,
        );
        expect(lagging.serving).toBe(false);
        const who = await withOrgRead(org.id, whoAnswers);
        expect(who.app).not.toBe(REPLICA_APP);
        expect(who.standby).toBe(false);
        // The list read on the primary has the lead the paused replica does not.
        const list = await owner.leads.list({});
        expect(JSON.stringify(list)).toContain("Written While Paused");

        const { body } = await renderMetrics();
        const lag = Number(/^storage_agent_db_replica_lag_seconds\{replica="127.0.0.1:\d+"\} (\S+)$/m.exec(body)?.[1]);
        expect(lag).toBeGreaterThan(2);
        expect(body).toMatch(/^storage_agent_db_replica_up\{replica="[^"]+",state="serving"\} 0$/m);
        expect(body).toMatch(/^storage_agent_db_replica_reads_total\{replica="[^"]+",target="primary"\} [1-9]/m);
      } finally {
        await standby.query("select pg_wal_replay_resume()");
        await standby.end();
      }
      await waitFor(
        async () => (await replicaStatus({ fresh: true })).serving,
        "the replica to catch up again",
        30_000,
      );
      expect((await withOrgRead(org.id, whoAnswers)).app).toBe(REPLICA_APP);
    },
    90_000,
  );

  it("reads fall back to the primary when the replica is down", async () => {
    await waitFor(async () => (await replicaStatus({ fresh: true })).serving, "the replica to serve", 30_000);
    const expected = await leadCount();
    const before = await replicaStatus();
    if (real) replica!.stop("immediate");
    else process.env.DATABASE_REPLICA_URL = `postgres://postgres@127.0.0.1:${await freePort()}/nowhere`;

    // At once, before any health check noticed: the read fails on the replica and runs on the primary.
    const first = await withOrgRead(org.id, (tx) =>
      tx.execute<{ n: number }>(sql`select count(*)::int as n from lead where organization_id = ${org.id}`),
    );
    expect(first.rows[0]!.n).toBe(expected);

    const down = await replicaStatus({ fresh: true });
    expect(down.up).toBe(false);
    expect(down.serving).toBe(false);
    const who = await withOrgRead(org.id, whoAnswers);
    expect(who.app).not.toBe(REPLICA_APP);
    const after = await replicaStatus();
    if (real)
      expect(after.reads.fallback + after.reads.primary).toBeGreaterThan(before.reads.fallback + before.reads.primary);
    const owner = await callerFor(org.owner);
    expect(await owner.leads.counts()).toBeTruthy();

    const { body } = await renderMetrics();
    expect(body).toMatch(/^storage_agent_db_replica_up\{replica="[^"]+",state="up"\} 0$/m);
    expect(body).not.toMatch(/^storage_agent_db_replica_lag_seconds\{/m);
  }, 60_000);
});
