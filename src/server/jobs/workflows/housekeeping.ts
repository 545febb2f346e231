import { DBOS } from "@dbos-inc/dbos-sdk";

import { pruneStaleRows } from "@/server/housekeeping";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Hourly: deletes rate-limit counters, sessions and tokens nobody can use any more
 * (src/server/housekeeping.ts). Deleting is safe to repeat, so a retried step does no harm.
 */
async function housekeepingWorkflow(_scheduledAt: Date, _context: unknown) {
  const pruned = await DBOS.runStep(() => pruneStaleRows(), {
    name: "prune",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 30,
  });
  if (Object.values(pruned).some((n) => n > 0)) log.info(pruned, "stale rows pruned");
}

export const housekeeping = DBOS.registerWorkflow(housekeepingWorkflow, { name: WORKFLOWS.housekeeping });
