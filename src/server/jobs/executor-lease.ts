import pg from "pg";

import { databaseUrl, getPool } from "@/server/db/client";
import { log } from "@/server/log";

import { resumeWorkflowsOnQueue } from "./client";
import { dbosAppName, dbosAppVersion, dbosSystemSchema } from "./config";

/**
 * Which processes running workflows are alive, told by Postgres itself: each process that launches
 * DBOS holds a session-level advisory lock named after its executor id on a connection of its own.
 * Postgres drops the lock the moment that connection ends, so also when the process is SIGKILLed,
 * its machine is lost or its network is cut.
 *
 * DBOS recovers a workflow only in a process started again under the executor id that was running
 * it. Pods and containers get new names, so `recoverDeadExecutors` does what that restart would have
 * done, from any live process: for every executor id that has PENDING workflows and whose lock it can
 * take (nobody holds it: that process is gone), it re-enqueues those workflows on the jobs queue,
 * where exactly one live process dequeues each and resumes it from its last recorded step. The list
 * and the re-enqueue happen while the sweeper holds the dead executor's lock, so two sweepers never
 * both act on one executor, and a workflow already taken by a live process (its executor id changed
 * on dequeue) is never listed again.
 *
 * A process shutting down gracefully hands its workflows back the same way: it releases its own
 * lock after DBOS stopped and sweeps its own id (`handBackWorkflows`).
 */
const LOCK_CLASS = 0x5a_17; // first key of the two-key advisory lock: "executor lease" in this app

const lockArgs = (executorId: string) => [LOCK_CLASS, `${dbosSystemSchema()}:${dbosAppName()}:${executorId}`];
const LOCK = "select pg_try_advisory_lock($1, hashtext($2)) as ok";
const UNLOCK = "select pg_advisory_unlock($1, hashtext($2))";

interface Lease {
  executorId: string;
  client: pg.Client;
}
const g = globalThis as typeof globalThis & {
  __storageAgentLease?: Lease;
  __storageAgentRecoveryTimer?: NodeJS.Timeout;
};

/**
 * Takes this process's lease (waits while another live process holds the same executor id, e.g. the
 * previous copy of a restarted process still draining). Call before DBOS.launch.
 */
export async function acquireExecutorLease(executorId: string, opts: { warnEveryMs?: number } = {}): Promise<void> {
  if (g.__storageAgentLease?.executorId === executorId) return;
  await releaseExecutorLease();
  const client = new pg.Client({ connectionString: databaseUrl(), application_name: `storage-agent-lease` });
  client.on("error", (err) => {
    // The lock went with the connection: another process may now resume our workflows. DBOS fences
    // a workflow's steps by owner, and every external effect carries an idempotency key, so the
    // worst case is a step that fails here; log loudly and keep running.
    log.error({ err: String(err), executorId }, "executor lease connection lost");
  });
  await client.connect();
  const started = Date.now();
  let warned = started;
  for (;;) {
    const { rows } = await client.query<{ ok: boolean }>(LOCK, lockArgs(executorId));
    if (rows[0]?.ok) break;
    if (Date.now() - warned > (opts.warnEveryMs ?? 10_000)) {
      warned = Date.now();
      log.warn(
        { executorId, waitedMs: warned - started },
        "another live process holds this DBOS executor id; waiting for it to stop (give each process its own DBOS_EXECUTOR_ID)",
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  g.__storageAgentLease = { executorId, client };
}

/** Lets go of the lease (the process stopped running workflows). */
export async function releaseExecutorLease(): Promise<void> {
  const lease = g.__storageAgentLease;
  g.__storageAgentLease = undefined;
  if (lease) await lease.client.end().catch(() => {});
}

/** Whether a process holding `executorId`'s lease is alive (for tests and the status of a sweep). */
export async function executorAlive(executorId: string): Promise<boolean> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>(LOCK, lockArgs(executorId));
    if (rows[0]?.ok) await client.query(UNLOCK, lockArgs(executorId));
    return !rows[0]?.ok;
  } finally {
    client.release();
  }
}

export interface RecoveryResult {
  /** Executor ids found dead, with how many workflows each handed over. */
  recovered: Record<string, number>;
}

/**
 * Re-enqueues the PENDING workflows of every executor id whose process is gone (see above). Safe to
 * run from every process at once and as often as wanted. Only workflows of this code version are
 * touched: another version's are for processes of that version to recover.
 */
export async function recoverDeadExecutors(opts: { only?: string } = {}): Promise<RecoveryResult> {
  const schema = dbosSystemSchema();
  const own = g.__storageAgentLease?.executorId;
  const pool = getPool();
  const { rows } = await pool.query<{ executor_id: string }>(
    `select distinct executor_id from "${schema}".workflow_status
      where status = 'PENDING' and application_version = $1 and (application_name = $2 or application_name is null)`,
    [dbosAppVersion(), dbosAppName()],
  );
  const recovered: Record<string, number> = {};
  for (const { executor_id: executorId } of rows) {
    if (executorId === own || (opts.only && executorId !== opts.only)) continue;
    const client = await pool.connect();
    try {
      const lock = await client.query<{ ok: boolean }>(LOCK, lockArgs(executorId));
      if (!lock.rows[0]?.ok) continue; // alive, or another sweeper is on it
      try {
        const pending = await client.query<{ workflow_uuid: string }>(
          `select workflow_uuid from "${schema}".workflow_status
            where status = 'PENDING' and executor_id = $1 and application_version = $2
              and (application_name = $3 or application_name is null)`,
          [executorId, dbosAppVersion(), dbosAppName()],
        );
        const ids = pending.rows.map((r) => r.workflow_uuid);
        if (ids.length) await resumeWorkflowsOnQueue(ids);
        recovered[executorId] = ids.length;
        if (ids.length) log.info({ executorId, workflows: ids.length }, "workflows of a stopped process re-enqueued");
      } finally {
        await client.query(UNLOCK, lockArgs(executorId));
      }
    } finally {
      client.release();
    }
  }
  return { recovered };
}

/**
 * After DBOS stopped in this process: releases the lease and puts what this process still had
 * PENDING (sleeping follow-ups, a workflow cut by the shutdown timeout) back on the queue for the
 * live processes. Returns how many were handed back.
 */
export async function handBackWorkflows(executorId: string): Promise<number> {
  await releaseExecutorLease();
  const { recovered } = await recoverDeadExecutors({ only: executorId });
  return recovered[executorId] ?? 0;
}

/** Every live process sweeps now and then (jittered, so they do not all query at once). */
export function startRecoverySweeps(everyMs = 30_000) {
  stopRecoverySweeps();
  const tick = () => {
    g.__storageAgentRecoveryTimer = setTimeout(
      () => {
        recoverDeadExecutors()
          .catch((err: unknown) => log.error({ err: String(err) }, "workflow recovery sweep failed"))
          .finally(() => {
            if (g.__storageAgentRecoveryTimer) tick();
          });
      },
      everyMs / 2 + Math.random() * everyMs,
    );
    g.__storageAgentRecoveryTimer.unref();
  };
  tick();
}

export function stopRecoverySweeps() {
  if (g.__storageAgentRecoveryTimer) clearTimeout(g.__storageAgentRecoveryTimer);
  g.__storageAgentRecoveryTimer = undefined;
}
