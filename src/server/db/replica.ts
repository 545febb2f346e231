import type pg from "pg";

import { log } from "@/server/log";

import { createDbState, getPool, withOrg, withOrgOn, type DbState, type Transaction } from "./client";

/**
 * Reads that may be a little stale go to a streaming replica when `DATABASE_REPLICA_URL` is set:
 * analytics, reports, exports and list pages (`withOrgRead`, `ctx.tenantRead`). Everything that
 * must read its own writes (a booking, an agent turn, a form that saves and reloads) stays on the
 * primary through `withOrg`.
 *
 * Lag is measured in WAL positions, the way Postgres itself sees replication: every second this
 * process notes the primary's `pg_current_wal_lsn()` and when it saw it, and asks the replica how far
 * it has replayed (`pg_last_wal_replay_lsn()`). The lag is the age of the oldest noted position the
 * replica has not replayed yet: 0 when it has everything (also when the primary is idle, where
 * "time since the last replayed transaction" would grow for nothing), and growing by the second when
 * replay stops or the replica loses its primary. The clocks of the two servers play no part.
 *
 * Reads go to the primary instead while the replica is down, has not been measured yet, or is more
 * than `REPLICA_MAX_LAG_SECONDS` behind; a read that fails on the replica for a connection or
 * recovery-conflict reason is run again on the primary (it only reads, so running it twice is safe).
 * A "replica" that is not in recovery (a second database standing in for one in tests, on the same
 * server) is read at the server's own WAL position, so it counts as caught up.
 *
 * A replica can also stop answering without refusing anything (its machine lost, a network
 * partition, a hung server): a read already running there would wait forever. So a failed check
 * breaks every connection the replica's pool has handed out, and the reads on them are run again on
 * the primary like any other failed read (seconds, not forever), and a new connection to the replica
 * is given up after `CONNECT_TIMEOUT_MS`.
 */
const CHECK_EVERY_MS = 1000;
const CHECK_TIMEOUT_MS = 2000;
const CONNECT_TIMEOUT_MS = 5000;
const KEEP_SAMPLES_MS = 15 * 60_000;

export interface ReplicaStatus {
  configured: boolean;
  /** host:port of DATABASE_REPLICA_URL (never its credentials), the metrics' `replica` label. */
  address: string;
  /** Reachable at the last check. */
  up: boolean;
  /** Seconds behind the primary at the last check (null: not measured yet, or down). */
  lagSeconds: number | null;
  /** Whether reads go to the replica now. */
  serving: boolean;
  maxLagSeconds: number;
  checkedAt: number | null;
  error: string | null;
  reads: { replica: number; primary: number; fallback: number };
}

interface ReplicaState {
  url: string;
  db: DbState;
  up: boolean;
  lagSeconds: number | null;
  checkedAt: number | null;
  error: string | null;
  samples: { at: number; lsn: bigint }[];
  timer: NodeJS.Timeout | null;
  checking: Promise<void> | null;
  reads: ReplicaStatus["reads"];
  /** Connections of the replica's pool checked out now (reads and checks running on the replica). */
  inUse: Set<pg.PoolClient>;
}

const g = globalThis as typeof globalThis & { __storageAgentReplica?: ReplicaState | null };

function replicaUrl(): string | undefined {
  const url = process.env.DATABASE_REPLICA_URL;
  return url && url.trim() !== "" ? url.trim() : undefined;
}

/** Read at call time (src/env.ts validates it at start-up; its default is the same 10). */
const maxLagSeconds = () => {
  const raw = Number(process.env.REPLICA_MAX_LAG_SECONDS || 10);
  return Number.isFinite(raw) && raw >= 0 ? raw : 10;
};

function replica(): ReplicaState | null {
  const url = replicaUrl();
  const current = g.__storageAgentReplica;
  if (current && current.url === url) return current;
  if (current) void stopReplica();
  if (!url) return null;
  const state: ReplicaState = {
    url,
    db: createDbState(url, Number(process.env.DATABASE_POOL_MAX ?? 10), "storage-agent-replica-reads", {
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    }),
    up: false,
    lagSeconds: null,
    checkedAt: null,
    error: null,
    samples: [],
    timer: null,
    checking: null,
    reads: { replica: 0, primary: 0, fallback: 0 },
    inUse: new Set(),
  };
  state.db.pool.on("acquire", (client) => state.inUse.add(client));
  state.db.pool.on("release", (_err, client) => state.inUse.delete(client));
  state.db.pool.on("remove", (client) => state.inUse.delete(client));
  g.__storageAgentReplica = state;
  state.timer = setInterval(() => void checkReplica(state), CHECK_EVERY_MS);
  state.timer.unref();
  void checkReplica(state);
  return state;
}

/** "16/B374D848" → a number that orders like the position. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split("/");
  if (!hi || !lo) throw new Error(`not a WAL position: ${lsn}`);
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

/** The lag from the noted primary positions and the replica's replayed one (exported for tests). */
export function lagFromSamples(samples: { at: number; lsn: bigint }[], replayed: bigint, now: number): number {
  const oldestMissing = samples.find((s) => s.lsn > replayed);
  return oldestMissing ? Math.max(0, (now - oldestMissing.at) / 1000) : 0;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

function checkReplica(state: ReplicaState): Promise<void> {
  state.checking ??= (async () => {
    const now = Date.now();
    try {
      const primary = await withTimeout(
        getPool().query<{ lsn: string }>("select pg_current_wal_lsn()::text as lsn"),
        CHECK_TIMEOUT_MS,
      );
      state.samples.push({ at: now, lsn: parseLsn(primary.rows[0]!.lsn) });
    } catch (err) {
      // Without the primary there is nothing to compare with; the replica's reads will fail over anyway.
      state.error = `primary: ${String(err)}`;
    }
    try {
      const res = await withTimeout(
        state.db.pool.query<{ lsn: string }>(
          "select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn",
        ),
        CHECK_TIMEOUT_MS,
      );
      const replayed = parseLsn(res.rows[0]!.lsn);
      const at = Date.now();
      state.lagSeconds = lagFromSamples(state.samples, replayed, at);
      // Positions the replica has are never needed again; the rest are kept for a while.
      state.samples = state.samples.filter((s) => s.lsn > replayed && at - s.at < KEEP_SAMPLES_MS);
      if (!state.up) log.info({ lagSeconds: state.lagSeconds }, "read replica reachable");
      state.up = true;
      state.error = null;
    } catch (err) {
      if (state.up) log.warn({ err: String(err) }, "read replica unreachable; reading from the primary");
      state.up = false;
      state.lagSeconds = null;
      state.error = String(err);
      breakConnections(state);
    }
    state.checkedAt = Date.now();
  })().finally(() => (state.checking = null));
  return state.checking;
}

/**
 * Ends every connection the replica's pool has handed out: a read waiting on one fails with
 * "Connection terminated" and runs again on the primary (withOrgRead), a check waiting on one is
 * released. What pg-pool itself does to a connection attempt that timed out.
 */
function breakConnections(state: ReplicaState) {
  for (const client of state.inUse) {
    const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
    stream?.destroy();
  }
  state.inUse.clear();
}

function serving(state: ReplicaState): boolean {
  return state.up && state.lagSeconds !== null && state.lagSeconds <= maxLagSeconds();
}

/**
 * Errors after which the same read is run on the primary: the replica went away or cancelled it.
 * Drizzle wraps a failed query's error ("Failed query: …") with the driver's as its `cause`, so the
 * whole chain is looked at.
 */
export function replicaFailure(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (
      code.startsWith("08") || // connection exception
      code === "57P01" || // admin shutdown
      code === "57P02" ||
      code === "57P03" || // cannot connect now (starting up)
      code === "40001" || // canceling statement due to conflict with recovery
      // EPIPE: a pooled connection to a replica that went away, found when the transaction's first
      // message (BEGIN with its first statement, pipelined by withOrgOn) is written to it.
      /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(
        String((e as Error).message ?? e),
      )
    )
      return true;
  }
  return false;
}

export interface ReadOptions {
  /**
   * Work that must happen on the primary before a replica read (analytics fold new rows into their
   * rollups, a write). On the primary path `fn` does it itself inside its own transaction; check
   * `isReadOnlyTransaction(tx)` there.
   */
  onPrimaryFirst?: (tx: Transaction) => Promise<unknown>;
}

/**
 * Runs a read-only `fn` for one organization, on the replica when it is fit to serve (see above),
 * else on the primary. Row-level security applies exactly as in withOrg.
 */
export async function withOrgRead<T>(
  organizationId: string,
  fn: (tx: Transaction) => Promise<T>,
  opts: ReadOptions = {},
): Promise<T> {
  const state = replica();
  // The first read of a process waits for the first measurement (bounded by the check's timeouts).
  if (state && state.checkedAt === null) await checkReplica(state);
  if (!state || !serving(state)) {
    if (state) state.reads.primary++;
    return withOrg(organizationId, fn);
  }
  if (opts.onPrimaryFirst) await withOrg(organizationId, opts.onPrimaryFirst);
  try {
    const result = await withOrgOn(state.db, organizationId, fn, { readOnly: true });
    state.reads.replica++;
    return result;
  } catch (err) {
    if (!replicaFailure(err)) throw err;
    log.warn({ err: String(err) }, "read failed on the replica; running it on the primary");
    state.up = false;
    state.lagSeconds = null;
    state.reads.fallback++;
    void checkReplica(state);
    return withOrg(organizationId, fn);
  }
}

/** The replica's state now, for /metrics, the status page and tests. Measures once if never measured. */
export async function replicaStatus(opts: { fresh?: boolean } = {}): Promise<ReplicaStatus> {
  const state = replica();
  if (!state)
    return {
      configured: false,
      address: "",
      up: false,
      lagSeconds: null,
      serving: false,
      maxLagSeconds: maxLagSeconds(),
      checkedAt: null,
      error: null,
      reads: { replica: 0, primary: 0, fallback: 0 },
    };
  if (opts.fresh || state.checkedAt === null) await checkReplica(state);
  return {
    configured: true,
    address: addressOf(state.url),
    up: state.up,
    lagSeconds: state.lagSeconds,
    serving: serving(state),
    maxLagSeconds: maxLagSeconds(),
    checkedAt: state.checkedAt,
    error: state.error,
    reads: { ...state.reads },
  };
}

function addressOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return "unknown";
  }
}

export async function stopReplica() {
  const state = g.__storageAgentReplica;
  g.__storageAgentReplica = null;
  if (!state) return;
  if (state.timer) clearInterval(state.timer);
  await state.checking?.catch(() => {});
  // pool.end() waits for the connections handed out; one stuck on a replica that stopped answering
  // would hold the stop forever.
  breakConnections(state);
  await state.db.pool.end().catch(() => {});
}
