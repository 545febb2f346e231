/**
 * The long-lived process: starts (or connects to) PostgreSQL, applies migrations, seeds the demo when
 * asked, then serves Next and routes WebSocket upgrades. Run by `npm run dev` and `npm start`.
 */
import type http from "node:http";

import { handleStopSignals } from "@/server/lifecycle/signals";

// The signal handlers come first, before anything is loaded: a static import would be loaded and
// run before any line of this file, and loading Next, the database client and the app under load
// takes seconds, during which a SIGTERM (an orchestrator scaling down, a rolling deploy giving up on
// a slow start) killed the process by the signal (exit 143). So everything below is imported only
// after them, and the image's command preloads ./src/server/lifecycle/early-signals.mjs, which
// covers the second or two tsx itself takes to load. A SIGTERM while the server starts stops the
// start-up at its next step: what was started (workflows, Next, the pool, the embedded database) is
// stopped, the server never listens, and the process exits 0. Once it listens, the graceful shutdown
// below. Ctrl-C, or a second signal, while starting ends it at once. Tested in
// tests/cluster/startup-signal.integration.test.ts.
let listening = false;
let startupSignal: string | null = null;
handleStopSignals((signal) => {
  if (listening) void shutdown(signal);
  else if (signal === "SIGINT" || startupSignal) process.exit(signal === "SIGINT" ? 130 : 143);
  else startupSignal = signal;
});

// What start-up has brought up so far, so a stop during it undoes exactly that.
const started: {
  workflows?: boolean;
  app?: { close(): Promise<void> };
  embedded?: { stop(): Promise<void> } | null;
  tracing?: boolean;
} = {};
/** Between start-up steps: a SIGTERM that came meanwhile stops here, cleanly, with exit 0. */
async function stopIfSignalled(): Promise<void> {
  if (!startupSignal) return;
  const { log } = await import("@/server/log");
  log.info({ signal: startupSignal }, "stopped while starting");
  if (started.workflows) {
    const { shutdownWorkflows } = await import("@/server/jobs/dbos");
    await shutdownWorkflows({ workflowCompletionTimeoutMS: 1000 }).catch(() => {});
  }
  await started.app?.close().catch(() => {});
  if (started.tracing) await (await import("@/server/observability/tracing")).stopTracing().catch(() => {});
  await (await import("@/server/db/client")).closeDb().catch(() => {});
  await started.embedded?.stop().catch(() => {});
  process.exit(0);
}

await stopIfSignalled(); // one that came while Node and tsx were loading (early-signals.mjs)
process.env.NEXT_TELEMETRY_DISABLED = "1";
const { startTracing, stopTracing } = await import("@/server/observability/tracing");
// First, so the database and HTTP are patched before they are used (a no-op without OTEL_EXPORTER_OTLP_ENDPOINT).
startTracing();
started.tracing = true;
const { default: next } = await import("next");
const { env } = await import("@/env");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { closeDb } = await import("@/server/db/client");
const { DatabaseSetupError } = await import("@/server/db/embedded");
const { drainServer, RequestTracker } = await import("@/server/lifecycle/drain");
const { log } = await import("@/server/log");
const { instrumentRequest } = await import("@/server/observability/http");
const { applySecurityHeaders, securityHeaders } = await import("@/server/http/security-headers");
const { serveTwilioWebhook } = await import("@/server/channels/twilio-direct");
const { handleUpgrade } = await import("@/server/ws/routes");
await import("@/server/channels/voice/relay-route"); // registers the ConversationRelay WebSocket (/api/twilio/relay)
await import("@/server/graphql/ws"); // registers GraphQL subscriptions over WebSocket (/api/graphql)
await import("@/server/billing/seat-guard"); // registers the plan's member limit with Better Auth's invitations
const { seedDemo } = await import("@/server/demo/seed");
const { demoSeedPlan } = await import("@/server/demo/seed-plan");
const { warmUpRoutes } = await import("@/server/dev/warm-up");
const { createServer } = await import("node:http");
await stopIfSignalled();
const dev = env.NODE_ENV !== "production";
const trustProxy = env.TRUST_PROXY === "true";

const { embedded } = await ensureDatabase().catch((err: unknown) => {
  // A setup the embedded database cannot run in (root in a private folder): the message says what to do.
  if (err instanceof DatabaseSetupError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
started.embedded = embedded;
await stopIfSignalled();
// Durable workflows (DBOS) run in this process too; `npm run worker` can run more of them (docs/workflows.md).
started.workflows = true; // set first: a launch cut short is still shut down (and its lease released)
await (await import("@/server/jobs/dbos")).startWorkflows();
await stopIfSignalled();
const demo = demoSeedPlan({ demoSeed: env.DEMO_SEED, embedded: Boolean(embedded), demoPms: env.DEMO_PMS });
if (demo.seed) {
  await seedDemo();
  await stopIfSignalled();
} else if (demo.notice) log.info(demo.notice);
// DEMO_PMS=storedge|stora: the demo organization synced from a local fake PMS (docs/integrations.md).
if (env.DEMO_PMS) await (await import("@/server/demo/pms")).startDemoPms(env.DEMO_PMS);

// Next attaches its own "upgrade" listener to the server of the first request it handles unless it
// is given one: then it would answer every WebSocket upgrade as well, after handleUpgrade below had
// accepted it, and end the socket (a path with a route file, /api/graphql, was closed within
// milliseconds of opening). It gets a server that never listens; upgrades that are not ours still
// reach it through nextUpgrade (development's hot reload).
const app = next({ dev, hostname: "localhost", port: env.PORT, httpServer: createServer() });
started.app = app;
await app.prepare();
await stopIfSignalled();
const handle = app.getRequestHandler();
// The handler Next's own listener would have called: its router's, which serves development's hot
// reload (/_next/hmr). getUpgradeHandler() is the page renderer's, which does not.
type UpgradeHandler = ReturnType<typeof app.getUpgradeHandler>;
const routerUpgrade = (app as unknown as { upgradeHandler?: UpgradeHandler }).upgradeHandler;
const nextUpgrade: UpgradeHandler = typeof routerUpgrade === "function" ? routerUpgrade : app.getUpgradeHandler();

const responseHeaders = securityHeaders(env.PUBLIC_URL);
const server: http.Server = createServer((req, res) => {
  instrumentRequest(req, res); // request id, request log line, HTTP metrics (src/server/observability/http.ts)
  applySecurityHeaders(res, responseHeaders); // frame-ancestors, nosniff, referrer, HSTS (src/server/http/security-headers.ts)
  // Rate limits key on the client address: behind a trusted proxy take its X-Forwarded-For,
  // otherwise the socket's own address, so a client cannot pick its own bucket.
  if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
  // Twilio's webhooks skip Next in production: the same handlers, without Next's per-request cost
  // (src/server/channels/twilio-direct.ts). In development Next serves them, so edits reload.
  if (!dev && serveTwilioWebhook(req, res)) return;
  handle(req, res).catch((err: unknown) => {
    // The path only: query strings can carry tokens.
    log.error({ err: String(err), path: (req.url ?? "").split("?")[0] }, "request failed");
    if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
  });
});

const tracker = new RequestTracker(server);

server.on("upgrade", (req, socket, head) => {
  handleUpgrade(req, socket, head)
    .then((handled) => {
      if (!handled) return nextUpgrade(req, socket, head);
    })
    .catch(() => socket.destroy());
});

server.listen(env.PORT, env.HOST, () => {
  log.info({ url: env.PUBLIC_URL, port: env.PORT, mode: dev ? "development" : "production" }, "Storage Agent is ready");
  // Development compiles each route on its first request: do the main ones now (src/server/dev/warm-up.ts).
  if (dev) void warmUpRoutes(`http://127.0.0.1:${env.PORT}`);
});

// Graceful shutdown (docs/deploy.md, "Graceful shutdown and rolling deploys"): readiness red first, then no new
// connections, in-flight requests and relay turns finish within SHUTDOWN_TIMEOUT_MS, workflows are
// handed back to the other processes, exit 0. Ctrl-C (SIGINT) skips the wait for the balancer.
let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  const drained = await drainServer(server, tracker, {
    readinessDelayMs: signal === "SIGTERM" ? env.SHUTDOWN_READINESS_DELAY_MS : 0,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  });
  log.info({ ...drained }, "requests drained");
  await app.close().catch(() => {});
  const { shutdownWorkflows } = await import("@/server/jobs/dbos");
  await shutdownWorkflows({ workflowCompletionTimeoutMS: env.SHUTDOWN_WORKFLOW_TIMEOUT_MS }).catch(() => {});
  await stopTracing().catch(() => {});
  await closeDb().catch(() => {});
  await embedded?.stop().catch(() => {});
  process.exit(0);
}
// From here on a signal means the graceful shutdown (one that came during the last synchronous
// steps is acted on now).
listening = true;
if (startupSignal) void shutdown(startupSignal);
