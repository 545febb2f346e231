import { DBOS } from "@dbos-inc/dbos-sdk";

import { log } from "@/server/log";

import { registerWorkflowBacklogs } from "./backlog";
import { closeJobsClient } from "./client";
import {
  dbosAppName,
  dbosAppVersion,
  dbosExecutorId,
  dbosSystemDatabaseUrl,
  dbosSystemSchema,
  JOBS_QUEUE,
} from "./config";
import { registerWorkflows } from "./registry";
import { ensureJobsSchema } from "./system-schema";

/**
 * DBOS in this process: the app server (server.ts) and `npm run worker` both run every workflow.
 * DBOS keeps its state in the `dbos` schema of the app's own database (embedded or DATABASE_URL).
 * Launch happens once per process (guarded on globalThis, because Next may load a second copy of
 * app modules); route handlers never launch DBOS, they enqueue through ./client.
 */
const g = globalThis as typeof globalThis & { __storageAgentDbos?: Promise<void>; __storageAgentBacklogs?: () => void };

export interface LaunchOptions {
  /** Names this process for recovery: "server", "worker", or a test's own id. */
  role: string;
}

export function launchWorkflows(opts: LaunchOptions): Promise<void> {
  g.__storageAgentDbos ??= launch(opts).catch((err: unknown) => {
    g.__storageAgentDbos = undefined;
    throw err;
  });
  return g.__storageAgentDbos;
}

async function launch({ role }: LaunchOptions) {
  await ensureJobsSchema();
  registerWorkflows();
  DBOS.setConfig({
    name: dbosAppName(),
    systemDatabaseUrl: dbosSystemDatabaseUrl(),
    systemDatabaseSchemaName: dbosSystemSchema(),
    systemDatabasePoolSize: Number(process.env.DBOS_POOL_SIZE ?? 10),
    executorID: dbosExecutorId(role),
    applicationVersion: dbosAppVersion(),
    logLevel: process.env.LOG_LEVEL === "debug" ? "debug" : "warn",
  });
  await DBOS.launch();
  // No concurrency limit: follow-ups and reservation holds sleep for days inside their workflow,
  // and a limit would count sleepers. Queue config lives in the system tables, shared by processes.
  await DBOS.registerQueue(JOBS_QUEUE, { onConflict: "always_update" });
  g.__storageAgentBacklogs = registerWorkflowBacklogs();
  const { startScheduledWorkflows } = await import("./schedules");
  await startScheduledWorkflows();
  log.info(
    { role, executorId: dbosExecutorId(role), schema: dbosSystemSchema(), version: dbosAppVersion() },
    "durable workflows running",
  );
}

/** For server.ts: run the workflows inside the app server. */
export async function startWorkflows() {
  await launchWorkflows({ role: process.env.WORKFLOW_ROLE ?? "server" });
}

/** Stops taking work; workflows in flight resume from their last step on the next launch. */
export async function shutdownWorkflows(opts: { workflowCompletionTimeoutMS?: number } = {}) {
  const launched = g.__storageAgentDbos;
  g.__storageAgentDbos = undefined;
  if (launched) {
    await launched.catch(() => {});
    g.__storageAgentBacklogs?.();
    g.__storageAgentBacklogs = undefined;
    await DBOS.shutdown(opts);
  }
  await closeJobsClient();
}
