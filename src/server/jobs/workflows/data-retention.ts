import { DBOS } from "@dbos-inc/dbos-sdk";

import { purgeExpiredTranscripts } from "@/server/retention/purge";

import { WORKFLOWS } from "../names";

/**
 * Hourly: deletes transcripts past each organization's retention, in small batches
 * (src/server/retention/purge.ts). Deleting is safe to repeat, so a retried step does no harm.
 */
async function dataRetentionWorkflow(_scheduledAt: Date, _context: unknown) {
  await DBOS.runStep(() => purgeExpiredTranscripts(), {
    name: "purge",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 30,
  });
}

export const dataRetention = DBOS.registerWorkflow(dataRetentionWorkflow, { name: WORKFLOWS.dataRetention });
