import { DBOS, DBOSClient } from "@dbos-inc/dbos-sdk";

import { dbosAppName, dbosSystemDatabaseUrl, dbosSystemSchema, JOBS_QUEUE } from "./config";
import { ensureJobsSchema } from "./system-schema";

/**
 * The one way the rest of the app starts or signals a workflow, from any process: tRPC and Twilio
 * route handlers (which Next bundles apart from server.ts), scripts, tests. It writes to DBOS's
 * system tables through DBOSClient, and whichever process runs DBOS (the server or `npm run worker`)
 * picks the work up from the queue. Inside a running workflow it goes through DBOS itself, so the
 * start or message is part of that workflow's durable history.
 */
const g = globalThis as typeof globalThis & { __storageAgentDbosClient?: { key: string; client: Promise<DBOSClient> } };

async function jobsClient(): Promise<DBOSClient> {
  const key = `${dbosSystemDatabaseUrl()}|${dbosSystemSchema()}|${dbosAppName()}`;
  if (!g.__storageAgentDbosClient || g.__storageAgentDbosClient.key !== key) {
    const client = ensureJobsSchema().then(() =>
      DBOSClient.create({
        systemDatabaseUrl: dbosSystemDatabaseUrl(),
        systemDatabaseSchemaName: dbosSystemSchema(),
        applicationName: dbosAppName(),
        systemDatabasePoolSize: 4,
      }),
    );
    g.__storageAgentDbosClient = { key, client };
    client.catch(() => {
      if (g.__storageAgentDbosClient?.client === client) g.__storageAgentDbosClient = undefined;
    });
  }
  return g.__storageAgentDbosClient.client;
}

/** In a workflow's own body (not inside one of its steps, where DBOS allows no workflow operations). */
const inWorkflowBody = () => DBOS.isInWorkflow() && !DBOS.isInStep();

export interface EnqueueInput {
  workflowName: string;
  /** Derived from the business id, so starting twice is a no-op that returns the first run. */
  workflowId: string;
  organizationId: string;
  args: unknown[];
  delaySeconds?: number;
}

/** Starts a workflow by name (idempotent on workflowId). Returns the workflow id. */
export async function enqueueWorkflow(input: EnqueueInput): Promise<string> {
  const options = {
    queueName: JOBS_QUEUE,
    workflowName: input.workflowName,
    workflowID: input.workflowId,
    attributes: { organizationId: input.organizationId },
    delaySeconds: input.delaySeconds,
  };
  if (inWorkflowBody()) {
    const handle = await DBOS.enqueueWorkflowWithOptions(options, ...input.args);
    return handle.workflowID;
  }
  const handle = await (await jobsClient()).enqueue(options, ...(input.args as []));
  return handle.workflowID;
}

/** Delivers a message to a waiting workflow's `DBOS.recv(topic)`. The key makes a repeated send a no-op. */
export async function sendToWorkflow(workflowId: string, message: unknown, topic: string, idempotencyKey?: string) {
  if (inWorkflowBody()) return DBOS.send(workflowId, message, topic, idempotencyKey);
  return (await jobsClient()).send(workflowId, message, topic, idempotencyKey);
}

/** Read and control workflows (admin views, tests) from any process. */
export async function workflowAdmin() {
  return jobsClient();
}

export async function closeJobsClient() {
  const c = g.__storageAgentDbosClient;
  g.__storageAgentDbosClient = undefined;
  if (c) await (await c.client).destroy();
}

/**
 * Puts PENDING workflows of a stopped process back on the jobs queue, where one live process
 * dequeues each and resumes it from its last recorded step (./executor-lease.ts decides which).
 */
export async function resumeWorkflowsOnQueue(workflowIds: string[]) {
  await (await jobsClient()).resumeWorkflows(workflowIds, { queueName: JOBS_QUEUE });
}
