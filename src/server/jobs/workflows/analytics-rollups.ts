import { DBOS } from "@dbos-inc/dbos-sdk";

import { refreshAllDirty } from "@/server/analytics/rollups";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Analytics rollups caught up every five minutes (docs/analytics.md). Reads catch up on their own
 * too, so a missed run only makes the next page load do a little more; the step is idempotent
 * (it recomputes days from raw rows), so a retry after a crash is harmless.
 */
async function analyticsRollupsWorkflow(_scheduledAt: Date, _context: unknown) {
  const result = await DBOS.runStep(() => refreshAllDirty(), {
    name: "refresh",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 10,
  });
  if (result.days) log.info(result, "analytics rollups refreshed");
}

export const analyticsRollups = DBOS.registerWorkflow(analyticsRollupsWorkflow, { name: WORKFLOWS.analyticsRollups });
