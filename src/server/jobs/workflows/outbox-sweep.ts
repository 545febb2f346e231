import { DBOS } from "@dbos-inc/dbos-sdk";

import { log } from "@/server/log";

import { WORKFLOWS } from "../names";
import { drainOutbox } from "../outbox";

/**
 * Every minute, the outbox rows nobody drained (src/server/jobs/outbox.ts): a process that died
 * between a commit and its kick, or a start that failed and waits for another try. Draining is safe
 * to repeat (a started row is deleted, a start is idempotent on the workflow id), so a retried step
 * after a crash does no harm.
 */
async function outboxSweepWorkflow(_scheduledAt: Date, _context: unknown) {
  const started = await DBOS.runStep(() => drainOutbox(), {
    name: "drain",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 5,
  });
  if (started) log.info({ started }, "workflows started from the outbox by the sweep");
}

export const outboxSweep = DBOS.registerWorkflow(outboxSweepWorkflow, { name: WORKFLOWS.outboxSweep });
