/**
 * An app server process for the cross-process tests (tests/cluster/*-across-processes): server.ts's
 * request path without Next, whose production build the Vitest tier does not have. Like server.ts
 * it answers Twilio's webhooks itself (serveTwilioWebhook), routes WebSocket upgrades through our
 * routes (the ConversationRelay socket), keys rate limits on the socket's address unless
 * TRUST_PROXY=true, and on SIGTERM drains (readiness red, in-flight requests and relay turns
 * finished, calls handed over) and exits 0. Where server.ts hands the rest to Next, this serves
 * the route modules' own exports for the public API, the chat widget and readiness.
 *
 * Run by tests/cluster/processes.ts as `node --conditions react-server --import tsx tests/cluster/app-process.ts` with PORT
 * set; it prints "app ready" once it listens.
 */
import http from "node:http";

import { GET as apiGet, POST as apiPost } from "@/app/api/v1/[...path]/route";
import { GET as chatGet, OPTIONS as chatOptions, POST as chatPost } from "@/app/api/chat/[...path]/route";
import { env } from "@/env";
import "@/server/channels/voice/relay-route"; // registers the ConversationRelay WebSocket (/api/twilio/relay)
import { serveTwilioWebhook } from "@/server/channels/twilio-direct";
import { closeDb } from "@/server/db/client";
import { drainServer, RequestTracker } from "@/server/lifecycle/drain";
import { handleStopSignals } from "@/server/lifecycle/signals";
import { log } from "@/server/log";
import { readinessReport } from "@/server/observability/readiness";
import { handleUpgrade } from "@/server/ws/routes";

type Handler = (req: Request) => Promise<Response>;
const ROUTES: { prefix: string; methods: Record<string, Handler> }[] = [
  { prefix: "/api/v1/", methods: { GET: apiGet, POST: apiPost } },
  { prefix: "/api/chat/", methods: { GET: chatGet, POST: chatPost, OPTIONS: chatOptions } },
];

async function toRequest(req: http.IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
  return new Request(new URL(req.url ?? "/", env.PUBLIC_URL), { method: req.method, headers, body });
}

async function answer(handler: () => Promise<Response>, res: http.ServerResponse) {
  const response = await handler();
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.writeHead(response.status).end(body);
}

const trustProxy = env.TRUST_PROXY === "true";
const server = http.createServer((req, res) => {
  if (!trustProxy) req.headers["x-forwarded-for"] = req.socket.remoteAddress ?? "unknown";
  if (serveTwilioWebhook(req, res)) return;
  const path = (req.url ?? "/").split("?")[0]!;
  const route = ROUTES.find((r) => path.startsWith(r.prefix));
  const handler = route?.methods[req.method ?? "GET"];
  const work: Promise<unknown> =
    path === "/api/ready"
      ? readinessReport().then((r) => res.writeHead(r.ready ? 200 : 503).end(JSON.stringify(r)))
      : handler
        ? answer(async () => handler(await toRequest(req)), res)
        : Promise.resolve(res.writeHead(404).end("not found"));
  work.catch((err: unknown) => {
    log.error({ err: String(err), path }, "request failed");
    if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
  });
});
const tracker = new RequestTracker(server);
server.on(
  "upgrade",
  (req, socket, head) => void handleUpgrade(req, socket, head).then((ours) => ours || socket.destroy()),
);

let stopping = false;
handleStopSignals((signal) => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    const drained = await drainServer(server, tracker, {
      readinessDelayMs: signal === "SIGTERM" ? env.SHUTDOWN_READINESS_DELAY_MS : 0,
      timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    });
    process.stdout.write(`drained ${JSON.stringify(drained)}\n`);
    await closeDb().catch(() => {});
    process.exit(0);
  })();
});

server.listen(env.PORT, "127.0.0.1", () => process.stdout.write(`app ready on ${env.PORT}\n`));
