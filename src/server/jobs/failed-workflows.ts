import type { WorkflowStatus } from "@dbos-inc/dbos-sdk";

import { JOBS_QUEUE } from "./config";
import { workflowAdmin } from "./client";

/**
 * Failed workflows of one organization (tagged with its id when they were enqueued), and a retry
 * that re-runs a failed workflow from its failed step under the same id, so everything keyed on
 * that id (follow-up rows, idempotency keys) stays valid and finished steps are not repeated.
 */
const FAILED = ["ERROR", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"] as const;

function errorText(error: unknown): string {
  if (!error) return "Unknown error";
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  const e = error as { message?: unknown; name?: unknown };
  return typeof e.message === "string" ? e.message : JSON.stringify(error).slice(0, 500);
}

const view = (w: WorkflowStatus) => ({
  workflowId: w.workflowID,
  name: w.workflowName,
  status: w.status,
  error: errorText(w.error),
  recoveryAttempts: w.recoveryAttempts ?? 0,
  createdAt: new Date(w.createdAt),
  updatedAt: w.updatedAt ? new Date(w.updatedAt) : null,
});

export async function listFailedWorkflows(organizationId: string, limit = 100) {
  const client = await workflowAdmin();
  const rows = await client.listWorkflows({
    status: [...FAILED],
    attributes: { organizationId },
    sortDesc: true,
    limit,
    loadInput: false,
    loadOutput: true,
  });
  // The attribute filter is the database's; this re-check keeps a foreign row out whatever happens.
  return rows.filter((w) => w.attributes?.organizationId === organizationId).map(view);
}

export async function retryWorkflow(
  organizationId: string,
  workflowId: string,
): Promise<"retried" | "not_found" | "not_failed"> {
  const client = await workflowAdmin();
  const w = await client.getWorkflow(workflowId);
  if (!w || w.attributes?.organizationId !== organizationId) return "not_found";
  if (!(FAILED as readonly string[]).includes(w.status)) return "not_failed";
  const steps = (await client.listWorkflowSteps(workflowId)) ?? [];
  const failedStep = steps.find((s) => s.error !== null);
  await client.rewindWorkflow(workflowId, {
    startStep: failedStep?.functionID ?? Math.max(0, steps.length - 1),
    queueName: JOBS_QUEUE,
  });
  return "retried";
}
