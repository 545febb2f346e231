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
import {
  acquireExecutorLease,
  handBackWorkflows,
  releaseExecutorLease,
  recoverDeadExecutors,
  startRecoverySweeps,
  stopRecoverySweeps,
} from "./executor-lease";
import { registerWorkflows } from "./registry";
import { ensureJobsSchema } from "./system-schema";

/**
 * DBOS in this process: the app server (server.ts) and `npm run worker` both run every workflow.
 * DBOS keeps its state in the `dbos` schema of the app's own database (embedded or DATABASE_URL).
 * Launch happens once per process (guarded on globalThis, because Next may load a second copy of
 * app modules); route handlers never launch DBOS, they enqueue through ./client.
 */
const g = globalThis as typeof globalThis & {
  __storageAgentDbos?: Promise<void>;
  __storageAgentBacklogs?: () => void;
  __storageAgentExecutorId?: string;
};

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
  // Before launch, so no other process takes this process for dead while it recovers its own.
  await acquireExecutorLease(dbosExecutorId(role));
  g.__storageAgentExecutorId = dbosExecutorId(role);
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
  // Workflows a SIGKILLed process (a pod that will not come back under its name) left PENDING. Runs
  // also with DISABLE_SCHEDULES: it only touches this DBOS schema's own executors.
  void recoverDeadExecutors().catch((err: unknown) => log.error({ err: String(err) }, "workflow recovery failed"));
  startRecoverySweeps();
  log.info(
    { role, executorId: dbosExecutorId(role), schema: dbosSystemSchema(), version: dbosAppVersion() },
    "durable workflows running",
  );
}

/** For server.ts: run the workflows inside the app server. */
export async function startWorkflows() {
  await launchWorkflows({ role: process.env.WORKFLOW_ROLE ?? "server" });
}

/**
 * Stops taking work and waits up to `workflowCompletionTimeoutMS` for the workflows running here.
 * What is still PENDING then (sleepers, a workflow cut short) is handed back to the queue for the
 * live processes (./executor-lease.ts), resuming there from its last recorded step; with
 * `handBack: false` it stays with this executor id until a process of that id (or a recovery sweep
 * that finds this one gone) takes it. Returns how many workflows were handed back.
 */
export async function shutdownWorkflows(
  opts: { workflowCompletionTimeoutMS?: number; handBack?: boolean } = {},
): Promise<number> {
  const launched = g.__storageAgentDbos;
  const executorId = g.__storageAgentExecutorId;
  g.__storageAgentDbos = undefined;
  g.__storageAgentExecutorId = undefined;
  let handedBack = 0;
  if (launched) {
    await launched.catch(() => {});
    stopRecoverySweeps();
    g.__storageAgentBacklogs?.();
    g.__storageAgentBacklogs = undefined;
    await DBOS.shutdown({ workflowCompletionTimeoutMS: opts.workflowCompletionTimeoutMS });
    if (executorId && opts.handBack !== false) {
      handedBack = await handBackWorkflows(executorId).catch((err: unknown) => {
        log.error({ err: String(err), executorId }, "handing workflows back failed; a recovery sweep will");
        return 0;
      });
      if (handedBack) log.info({ executorId, handedBack }, "workflows handed back to the other processes");
    }
  }
  await releaseExecutorLease();
  await closeJobsClient();
  return handedBack;
}
