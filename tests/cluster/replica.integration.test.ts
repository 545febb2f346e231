import net from "node:net";

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

  it("a query the replica cancels (recovery conflict, 40001) inside a transaction is run again on the primary", async () => {
    await waitFor(async () => (await replicaStatus({ fresh: true })).serving, "the replica to serve", 30_000);
    const before = (await replicaStatus()).reads.fallback;
    // What a hot standby answers when replay must remove rows a query still needs; raised here on
    // purpose, through Drizzle as the app's queries are (which wraps the driver's error).
    const answered = await withOrgRead(org.id, async (tx) => {
      const who = await whoAnswers(tx);
      if (who.app === REPLICA_APP)
        await tx.execute(
          sql`do $$ begin raise exception 'canceling statement due to conflict with recovery' using errcode = '40001'; end $$`,
        );
      return who;
    });
    expect(answered.app).not.toBe(REPLICA_APP);
    expect((await replicaStatus()).reads.fallback).toBe(before + 1);
  });

  it("a replica that stops answering (hung, nothing refused): a read already on it is run again on the primary within seconds; it serves again once it answers", async () => {
    const replicaUrl = process.env.DATABASE_REPLICA_URL!;
    const target = new URL(replicaUrl);
    const proxy = await freezableProxy(Number(target.port || 5432));
    const viaProxy = new URL(replicaUrl);
    viaProxy.port = String(proxy.port);
    process.env.DATABASE_REPLICA_URL = viaProxy.toString();
    try {
      await waitFor(
        async () => (await replicaStatus({ fresh: true })).serving,
        "the replica to serve through the proxy",
        30_000,
      );
      const expected = await leadCount();
      expect((await withOrgRead(org.id, whoAnswers)).app).toBe(REPLICA_APP);

      // The read has its transaction open on the replica when the replica stops answering: a lost
      // machine or a frozen server refuses nothing, so only a bound ends the wait.
      const started = Date.now();
      const answered = await withOrgRead(org.id, async (tx) => {
        const who = await whoAnswers(tx);
        if (who.app === REPLICA_APP) proxy.freeze();
        const n = await tx.execute<{ n: number }>(
          sql`select count(*)::int as n from lead where organization_id = ${org.id}`,
        );
        return { ...(await whoAnswers(tx)), n: n.rows[0]!.n };
      });
      expect(answered.n).toBe(expected);
      expect(answered.app).not.toBe(REPLICA_APP);
      expect(Date.now() - started).toBeLessThan(10_000);
      const down = await replicaStatus();
      expect(down.serving).toBe(false);
      expect(down.reads.fallback).toBeGreaterThan(0);
      // Later reads go straight to the primary, without waiting on the frozen replica.
      const t = Date.now();
      expect((await withOrgRead(org.id, whoAnswers)).app).not.toBe(REPLICA_APP);
      expect(Date.now() - t).toBeLessThan(3_000);

      proxy.thaw();
      await waitFor(async () => (await replicaStatus({ fresh: true })).serving, "the replica to serve again", 30_000);
      expect((await withOrgRead(org.id, whoAnswers)).app).toBe(REPLICA_APP);
    } finally {
      process.env.DATABASE_REPLICA_URL = replicaUrl;
      await stopReplica();
      await proxy.close();
    }
  }, 90_000);

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

/**
 * A TCP relay to the replica that can be frozen: while frozen it passes no byte either way and
 * accepts new connections without answering them, as a replica whose machine was lost (or whose
 * server hangs) looks to a client: nothing is refused, nothing answers.
 */
async function freezableProxy(upstreamPort: number) {
  let frozen = false;
  const pairs = new Set<{ down: net.Socket; up: net.Socket }>();
  const server = net.createServer((down) => {
    const up = net.connect(upstreamPort, "127.0.0.1");
    const pair = { down, up };
    pairs.add(pair);
    const relay = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk) => {
        if (!frozen) to.write(chunk);
        // Frozen: the bytes are lost, as on a dead link; the connection is never answered again.
      });
    relay(down, up);
    relay(up, down);
    const close = () => {
      pairs.delete(pair);
      down.destroy();
      up.destroy();
    };
    down.on("error", close).on("close", close);
    up.on("error", close).on("close", close);
    if (frozen) up.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      // Connections that lost bytes while frozen are broken for good: a client sees them reset.
      for (const p of pairs) {
        p.down.destroy();
        p.up.destroy();
      }
    },
    close: () => {
      for (const p of pairs) {
        p.down.destroy();
        p.up.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
