import { count, sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { jobOutbox } from "@/server/db/schema";
import { registerBacklogCollector } from "@/server/observability/metrics";

import { dbosSystemSchema, JOBS_QUEUE } from "./config";

/** The gauge's label for workflow starts still in the outbox (committed, not yet enqueued). */
export const OUTBOX_BACKLOG = "outbox";

/**
 * What `storage_agent_workflow_backlog` reports (docs/operations.md; the status page shows it too):
 * the jobs queue's workflows waiting to run (ENQUEUED in DBOS's system table, counted on its
 * in-flight index; a delayed or sleeping workflow is not waiting), and the outbox's rows, whose
 * workflows are not even enqueued yet (a row that keeps failing stays, and `last_error` says why).
 * Registered when this process launches its workflows; the returned function unregisters both.
 */
export function registerWorkflowBacklogs(): () => void {
  const schema = dbosSystemSchema();
  const offQueue = registerBacklogCollector(JOBS_QUEUE, async () => {
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(schema)}.workflow_status where queue_name = ${JOBS_QUEUE} and status = 'ENQUEUED'`,
    );
    return rows[0]?.n ?? 0;
  });
  const offOutbox = registerBacklogCollector(OUTBOX_BACKLOG, async () => {
    const [row] = await db.select({ n: count() }).from(jobOutbox);
    return row?.n ?? 0;
  });
  return () => {
    offQueue();
    offOutbox();
  };
}
