/**
 * `npm run worker`: runs the durable workflows (DBOS) in a process of its own, next to or instead of
 * the app server. It uses the same database (DATABASE_URL, required here: the worker never starts
 * an embedded server of its own) and the same queue; DBOS_EXECUTOR_ID names it for crash recovery,
 * so a worker restarted under the same id picks up where the old one stopped; a worker that never
 * comes back has its workflows resumed by the live processes (src/server/jobs/executor-lease.ts), and
 * SIGTERM hands them back at once (docs/deploy.md).
 */
import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb } from "@/server/db/client";
import { launchWorkflows, shutdownWorkflows } from "@/server/jobs/dbos";
import { startHealthServer } from "@/server/lifecycle/health-server";
import { log } from "@/server/log";
import { markShuttingDown } from "@/server/observability/lifecycle";

if (!process.env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL (the app server's database). Start the server first, or point DATABASE_URL at your PostgreSQL.",
  );
  process.exit(1);
}
await ensureDatabase();
await launchWorkflows({ role: "worker" });
// Probes for orchestrators (deploy/k8s/worker.yaml): the same /api/health and /api/ready as server.ts.
const healthPort = Number(process.env.WORKER_HEALTH_PORT || 0);
const health = healthPort ? startHealthServer(healthPort) : null;
log.info({ pid: process.pid }, "workflow worker ready");
// A line on stdout that tests and supervisors can wait for.
process.stdout.write("worker ready\n");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping");
  markShuttingDown();
  // Waits for the workflows running here (bounded), then hands what is left back to the queue, where
  // the other live processes resume it (src/server/jobs/executor-lease.ts).
  const timeout = Number(process.env.SHUTDOWN_WORKFLOW_TIMEOUT_MS ?? 5_000);
  await shutdownWorkflows({ workflowCompletionTimeoutMS: Number.isFinite(timeout) ? timeout : 5_000 }).catch(
    (err: unknown) => log.error({ err: String(err) }, "workflow shutdown failed"),
  );
  health?.close();
  await closeDb().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
