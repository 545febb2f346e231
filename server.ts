/**
 * The long-lived process: starts (or connects to) PostgreSQL, applies migrations, seeds the demo when
 * asked, then serves Next and routes WebSocket upgrades. Run by `npm run dev` and `npm start`.
 */
import http from "node:http";

import next from "next";

import { env } from "@/env";
import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb } from "@/server/db/client";
import { DatabaseSetupError } from "@/server/db/embedded";
import { drainServer, RequestTracker } from "@/server/lifecycle/drain";
import { log } from "@/server/log";
import { instrumentRequest } from "@/server/observability/http";
import { applySecurityHeaders, securityHeaders } from "@/server/http/security-headers";
import { startTracing, stopTracing } from "@/server/observability/tracing";
import { serveTwilioWebhook } from "@/server/channels/twilio-direct";
import { handleUpgrade } from "@/server/ws/routes";
import "@/server/channels/voice/relay-route"; // registers the ConversationRelay WebSocket (/api/twilio/relay)
import "@/server/graphql/ws"; // registers GraphQL subscriptions over WebSocket (/api/graphql)
import "@/server/billing/seat-guard"; // registers the plan's member limit with Better Auth's invitations
import { seedDemo } from "@/server/demo/seed";
import { warmUpRoutes } from "@/server/dev/warm-up";

// The signal handlers come before the (long) start-up: a SIGTERM while the server starts (an
// orchestrator scaling down) must still end in the graceful shutdown below and exit 0, never in
// Node's default death by signal. Until the server listens it is only remembered, and the shutdown
// runs once everything it stops exists. Ctrl-C, or a second signal, while starting ends it at once.
let listening = false;
let startupSignal: string | null = null;
const onSignal = (signal: string) => {
  if (listening) void shutdown(signal);
  else if (signal === "SIGINT" || startupSignal) process.exit(signal === "SIGINT" ? 130 : 143);
  else startupSignal = signal;
};
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

// First, so the database and HTTP are patched before they are used (a no-op without OTEL_EXPORTER_OTLP_ENDPOINT).
startTracing();
process.env.NEXT_TELEMETRY_DISABLED = "1";
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
// Durable workflows (DBOS) run in this process too; `npm run worker` can run more of them (docs/workflows.md).
await (await import("@/server/jobs/dbos")).startWorkflows();
if (env.DEMO_SEED === "true" || (env.DEMO_SEED === undefined && embedded) || env.DEMO_PMS) {
  await seedDemo();
}
// DEMO_PMS=storedge|stora: the demo organization synced from a local fake PMS (docs/integrations.md).
if (env.DEMO_PMS) await (await import("@/server/demo/pms")).startDemoPms(env.DEMO_PMS);

const app = next({ dev, hostname: "localhost", port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();
const nextUpgrade = app.getUpgradeHandler();

const responseHeaders = securityHeaders(env.PUBLIC_URL);
const server = http.createServer((req, res) => {
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
// A signal that came while the server was starting is acted on now that it is up.
listening = true;
if (startupSignal) void shutdown(startupSignal);
