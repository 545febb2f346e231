import type { IncomingMessage, ServerResponse } from "node:http";

import { TWILIO_WEBHOOKS } from "@/server/channels/webhook-routes";
import { WEBHOOK_MAX_BODY_BYTES } from "@/server/http/untrusted-input";
import { log } from "@/server/log";

/**
 * Twilio's webhooks answered by server.ts itself, before Next: a POST to exactly one of the paths
 * in TWILIO_WEBHOOKS goes to the same handler function the route file calls, with the same
 * Request (method, path and query, headers, body), and its Response is written back as it is.
 *
 * Why: a voice turn or an inbound text is a few milliseconds of our own work, and Next's route
 * handler machinery (routing, its request and response adapters, async storages, tracing spans)
 * cost the production server more CPU per webhook than the agent turn (docs/agent.md, Performance).
 * Anything else, another method or a path that is not exactly one of ours, is Next's as before, so
 * its 405s, redirects and 404s are unchanged. The route files stay for `next start` and Next's dev
 * server.
 *
 * Returns true when it took the request.
 */
export function serveTwilioWebhook(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST") return false;
  const target = req.url ?? "";
  const q = target.indexOf("?");
  const pathname = q < 0 ? target : target.slice(0, q);
  if (!Object.hasOwn(TWILIO_WEBHOOKS, pathname)) return false;
  void answer(TWILIO_WEBHOOKS[pathname]!, target, req, res);
  return true;
}

/** The incoming message as a fetch Request: the handlers read its path and query, headers and body. */
async function toRequest(target: string, req: IncomingMessage): Promise<Request | null> {
  // Bounded while reading: the signature is checked only after the body is in, so an unsigned
  // sender must not be able to make us buffer an unlimited one. Null: too large.
  if (Number(req.headers["content-length"] ?? "0") > WEBHOOK_MAX_BODY_BYTES) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > WEBHOOK_MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  // Only the path and query matter (signatures are checked against PUBLIC_URL + them), so the Host
  // header is never parsed here.
  return new Request(new URL(target, "http://localhost"), { method: "POST", headers, body: Buffer.concat(chunks) });
}

async function answer(
  handler: (req: Request) => Promise<Response>,
  target: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const request = await toRequest(target, req);
    if (!request) {
      res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end("Request body too large");
      req.destroy();
      return;
    }
    const response = await handler(request);
    const body = Buffer.from(await response.arrayBuffer());
    for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader("set-cookie", cookies);
    if (response.status !== 204 && response.status !== 304) res.setHeader("content-length", body.length);
    res.writeHead(response.status).end(body);
  } catch (err) {
    // The path only, as server.ts logs Next's failures: query strings can carry tokens.
    log.error({ err: String(err), path: target.split("?")[0] }, "request failed");
    if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    else res.destroy();
  }
}
