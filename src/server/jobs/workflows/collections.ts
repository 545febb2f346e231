import { DBOS } from "@dbos-inc/dbos-sdk";

import { log } from "@/server/log";
import { planCollections, runCollectionStep } from "@/server/payments/collections/engine";

import { WORKFLOWS } from "../names";

/**
 * Collections (src/server/payments/collections/engine.ts), every 15 minutes: a DBOS cron tick runs
 * once across all processes (its workflow id comes from the schedule and the time). The plan is
 * one step; each due case step is a step of its own, so a crash resumes after the last one recorded,
 * and each send's idempotency key (collections:<customer>:<due date>:<step>) makes a re-run of an
 * unrecorded one find the first send instead of sending again. `context.organizationIds` narrows
 * a run to some organizations (tests).
 */
async function collectionsSweepWorkflow(scheduledAt: Date, context: unknown) {
  const only = (context as { organizationIds?: string[] } | null)?.organizationIds;
  const now = new Date(scheduledAt).toISOString();
  const due = await DBOS.runStep(() => planCollections(now, { organizationIds: only }), {
    name: "plan",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 5,
  });
  let sent = 0;
  for (const d of due) {
    const r = await DBOS.runStep(() => runCollectionStep(d.organizationId, d.caseId, d.step, now), {
      name: `case-${d.caseId}-${d.step}`,
      retriesAllowed: true,
      maxAttempts: 6,
      intervalSeconds: 5,
      backoffRate: 2,
    });
    if (r.outcome !== "not_run") sent++;
  }
  if (due.length) log.info({ due: due.length, sent }, "collections steps run");
}

export const collectionsSweep = DBOS.registerWorkflow(collectionsSweepWorkflow, { name: WORKFLOWS.collectionsSweep });
