import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";

import { db, type Executor } from "@/server/db/client";
import { jobOutbox } from "@/server/db/schema";
import { log } from "@/server/log";

import { enqueueWorkflow, workflowAdmin, type EnqueueInput } from "./client";

/**
 * Transactional outbox for starting workflows (docs/workflows.md "Outbox").
 *
 * A change that needs a workflow writes an outbox row in its own transaction (`enqueueInTransaction`), so
 * the start is committed with the change or not at all; a process that dies right after the commit
 * leaves the row, and the sweep starts it. After the commit the caller kicks (`kickOutbox`), which
 * drains soon in this process, off the caller's path. `drainOutbox` enqueues each row's workflow and
 * deletes the row only once the enqueue succeeded: the start is at least once, and DBOS makes a
 * repeated start with the same workflow id the same workflow, so at least once is exactly once.
 */

/**
 * Writes the outbox rows for `jobs` in the caller's transaction (tenant-scoped is fine: RLS lets an
 * organization insert its own rows). A row already there for the workflow id is left as it is: the
 * same workflow, started once. (A booking writes its lifecycle row inside its own statement instead,
 * from the reservation it inserts: `reservation_book` in create-reservation.ts.)
 */
export async function enqueueInTransaction(tx: Executor, jobs: EnqueueInput[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx
    .insert(jobOutbox)
    .values(
      jobs.map((j) => ({
        organizationId: j.organizationId,
        workflowName: j.workflowName,
        workflowId: j.workflowId,
        args: j.args,
        delaySeconds: j.delaySeconds ?? null,
      })),
    )
    .onConflictDoNothing();
}

/**
 * After the commit: drain soon in this process. Kicks within KICK_DELAY_MS share one drain, and one
 * drain runs at a time (kicks during it get the next one). 25 ms is well under anything a customer
 * notices (a confirmation text), and the timer keeps the enqueue's round trips off the caller's path:
 * the caller returns at once, and its next turn is seconds away.
 *
 * With `workflowIds` (what the caller just wrote), the drain claims only those rows, by their unique
 * index: a row that keeps failing is left to the sweep instead of being retried on every booking,
 * and a process drains only its own work (test files, each with DBOS tables of their own, share the
 * outbox table). Without, it drains everything.
 */
const KICK_DELAY_MS = 25;
const kicks = {
  ids: new Set<string>(),
  all: false,
  timer: null as NodeJS.Timeout | null,
  draining: false,
  enabled: true,
};

/**
 * Kicks on or off in this process. Every booking kicks (the reservation.created subscriber), so a
 * test that watches an outbox row before draining it by hand turns them off: the row then waits for
 * a drain, as it would after a crash.
 */
export function setOutboxKicks(enabled: boolean): void {
  kicks.enabled = enabled;
}

export function kickOutbox(workflowIds?: string[]): void {
  if (!kicks.enabled) return;
  if (workflowIds) for (const id of workflowIds) kicks.ids.add(id);
  else kicks.all = true;
  scheduleKickedDrain();
}

function scheduleKickedDrain() {
  if (kicks.timer || kicks.draining || (!kicks.all && kicks.ids.size === 0)) return;
  kicks.timer = setTimeout(() => void runKickedDrain(), KICK_DELAY_MS);
  kicks.timer.unref?.(); // a pending kick does not keep a process alive; the sweep covers it
}

async function runKickedDrain() {
  kicks.timer = null;
  kicks.draining = true;
  const only = kicks.all ? undefined : [...kicks.ids];
  kicks.ids = new Set();
  kicks.all = false;
  try {
    await drainOutbox(only ? { workflowIds: only } : {});
  } catch (err) {
    log.error({ err: String(err) }, "outbox drain failed; the sweep will retry");
  } finally {
    kicks.draining = false;
    scheduleKickedDrain();
  }
}

const BATCH = 50;
const MAX_ERROR_LENGTH = 500;
/** A failed start waits 1, 2, 4 … minutes before its next try, then an hour at most. */
const MAX_BACKOFF_MINUTES = 60;

/**
 * Starts the workflows of outbox rows (all organizations, so the system connection, not withOrg):
 * claims a batch `FOR UPDATE SKIP LOCKED` (concurrent drains take different rows), enqueues each,
 * deletes the started rows and records the failures (attempts, last_error), which stay for the next
 * drain that is due. A failed row backs off (`next_attempt_at`: 1, 2, 4 … minutes after each failure,
 * an hour at most), so one that keeps failing costs a try and a log line an hour, not a minute, and
 * a drain skips it until then. Batches go on in id order past the failed rows until none are left.
 * If the process dies between an enqueue and the delete, the row is enqueued again later: the same
 * workflow id, a no-op. Returns the number of rows started.
 */
export async function drainOutbox(opts: { workflowIds?: string[] } = {}): Promise<number> {
  if (opts.workflowIds?.length === 0) return 0;
  await workflowAdmin(); // the DBOS client (and its schema check) before a transaction holds rows
  const due = or(isNull(jobOutbox.nextAttemptAt), lte(jobOutbox.nextAttemptAt, sql`now()`));
  const scope = and(due, opts.workflowIds ? inArray(jobOutbox.workflowId, opts.workflowIds) : undefined);
  let started = 0;
  let afterId: string | null = null;
  for (;;) {
    const batch = await drainBatch(and(scope, afterId ? gt(jobOutbox.id, afterId) : undefined));
    started += batch.started;
    if (batch.claimed < BATCH || !batch.lastId) return started;
    afterId = batch.lastId;
  }
}

async function drainBatch(where: SQL | undefined) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: jobOutbox.id,
        organizationId: jobOutbox.organizationId,
        workflowName: jobOutbox.workflowName,
        workflowId: jobOutbox.workflowId,
        args: jobOutbox.args,
        attempts: jobOutbox.attempts,
        // The delay counts from the commit, not from this drain.
        delaySeconds: sql<
          number | null
        >`greatest(0, ${jobOutbox.delaySeconds} - floor(extract(epoch from now() - ${jobOutbox.createdAt})))::int`,
      })
      .from(jobOutbox)
      .where(where)
      .orderBy(asc(jobOutbox.id))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const results = await Promise.allSettled(
      rows.map((r) =>
        enqueueWorkflow({
          workflowName: r.workflowName,
          workflowId: r.workflowId,
          organizationId: r.organizationId,
          args: r.args,
          delaySeconds: r.delaySeconds || undefined,
        }),
      ),
    );
    const done = rows.filter((_, i) => results[i]!.status === "fulfilled").map((r) => r.id);
    if (done.length) await tx.delete(jobOutbox).where(inArray(jobOutbox.id, done));
    for (const [i, r] of rows.entries()) {
      const result = results[i]!;
      if (result.status === "fulfilled") continue;
      const error = String(result.reason).slice(0, MAX_ERROR_LENGTH);
      await tx
        .update(jobOutbox)
        .set({
          attempts: sql`${jobOutbox.attempts} + 1`,
          lastError: error,
          nextAttemptAt: sql`now() + make_interval(mins => least(${MAX_BACKOFF_MINUTES}, power(2, least(${jobOutbox.attempts}, 10))::int))`,
        })
        .where(eq(jobOutbox.id, r.id));
      // Never the args: they may hold a customer's details.
      log.error(
        {
          organizationId: r.organizationId,
          workflowName: r.workflowName,
          workflowId: r.workflowId,
          attempts: r.attempts + 1,
          err: error,
        },
        "could not start a workflow from the outbox; it stays, and a later sweep tries again",
      );
    }
    return { claimed: rows.length, started: done.length, lastId: rows.at(-1)?.id ?? null };
  });
}
