import { DBOS } from "@dbos-inc/dbos-sdk";

import { sendDueReports } from "@/server/reports/send-scheduled";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Scheduled reports by e-mail (src/server/reports/send-scheduled.ts): hourly, every enabled
 * schedule's last complete week or month goes out once; a schedule that failed is retried by the
 * next hour's run (its period is still unsent).
 */
async function scheduledReportsWorkflow(scheduledAt: Date, _context: unknown) {
  const result = await DBOS.runStep(() => sendDueReports(scheduledAt), {
    name: "send",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 30,
  });
  if (result.sent || result.failed) log.info(result, "scheduled reports sent");
}

export const scheduledReports = DBOS.registerWorkflow(scheduledReportsWorkflow, { name: WORKFLOWS.scheduledReports });
