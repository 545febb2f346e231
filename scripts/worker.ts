/**
 * `npm run worker`: runs the durable workflows (DBOS) in a process of its own, next to or instead of
 * the app server. It uses the same database (DATABASE_URL, required here: the worker never starts
 * an embedded server of its own) and the same queue; DBOS_EXECUTOR_ID names it for crash recovery,
 * so a worker restarted under the same id picks up where the old one stopped; a worker that never
 * comes back has its workflows resumed by the live processes (src/server/jobs/executor-lease.ts), and
 * SIGTERM hands them back at once (docs/deploy.md).
 */
// The signal handlers come first, before anything is loaded (the modules below are imported only
// after them, so loading them under load is covered too): a SIGTERM while the worker starts, or the
// instant after it says "worker ready" (which a supervisor may answer at once), must still end in a
// graceful exit 0, never in Node's default death by signal. Before the workflows are launched there
// is nothing to hand back; a stop during the launch waits for it, then shuts down as usual.
import { handleStopSignals } from "@/server/lifecycle/signals";

let stopping = false;
let launched: Promise<void> | null = null;
/** The start-up step in progress (migrating): a stop waits for it rather than closing the pool under it. */
let step: Promise<unknown> | null = null;
let stopHealth: (() => void) | null = null;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  const { log } = await import("@/server/log");
  log.info({ signal }, "worker stopping");
  (await import("@/server/observability/lifecycle")).markShuttingDown();
  await step?.catch(() => {});
  await launched?.catch(() => {});
  // Waits for the workflows running here (bounded), then hands what is left back to the queue, where
  // the other live processes resume it (src/server/jobs/executor-lease.ts).
  const timeout = Number(process.env.SHUTDOWN_WORKFLOW_TIMEOUT_MS ?? 5_000);
  const { shutdownWorkflows } = await import("@/server/jobs/dbos");
  await shutdownWorkflows({ workflowCompletionTimeoutMS: Number.isFinite(timeout) ? timeout : 5_000 }).catch(
    (err: unknown) => log.error({ err: String(err) }, "workflow shutdown failed"),
  );
  stopHealth?.();
  await (await import("@/server/db/client")).closeDb().catch(() => {});
  process.exit(0);
}
// With the image's preload (src/server/lifecycle/early-signals.mjs) a signal that came while Node
// and tsx were loading is handed over here.
handleStopSignals((signal) => void stop(signal));

if (!process.env.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL (the app server's database). Start the server first, or point DATABASE_URL at your PostgreSQL.",
  );
  process.exit(1);
}
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { launchWorkflows } = await import("@/server/jobs/dbos");
const { startHealthServer } = await import("@/server/lifecycle/health-server");
const { log } = await import("@/server/log");
if (!stopping) await (step = ensureDatabase());
if (!stopping) {
  launched = launchWorkflows({ role: "worker" });
  await launched;
}
if (!stopping) {
  // Probes for orchestrators (deploy/k8s/worker.yaml): the same /api/health and /api/ready as server.ts.
  const healthPort = Number(process.env.WORKER_HEALTH_PORT || 0);
  const health = healthPort ? startHealthServer(healthPort) : null;
  stopHealth = () => health?.close();
  log.info({ pid: process.pid }, "workflow worker ready");
  // A line on stdout that tests and supervisors can wait for.
  process.stdout.write("worker ready\n");
}

export {};
