import { DBOS } from "@dbos-inc/dbos-sdk";

import { runChecks } from "@/server/consistency/checks";
import { reportFindings } from "@/server/consistency/report";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Hourly: the consistency checks (src/server/consistency/checks.ts, also `npm run db:check`), and
 * their findings reported (log, metric, e-mails to the owners concerned; ./report.ts). Only reads,
 * and its e-mails carry idempotency keys, so a retried step does no harm.
 */
async function consistencyCheckWorkflow(_scheduledAt: Date, _context: unknown) {
  const summary = await DBOS.runStep(
    async () => {
      const results = await runChecks();
      const { emails } = await reportFindings(results);
      return { failing: results.filter((r) => !r.ok).map((r) => r.name), emails };
    },
    { name: "check", retriesAllowed: true, maxAttempts: 3, intervalSeconds: 30 },
  );
  if (summary.failing.length) log.warn(summary, "consistency checks found problems");
}

export const consistencyCheck = DBOS.registerWorkflow(consistencyCheckWorkflow, { name: WORKFLOWS.consistencyCheck });
