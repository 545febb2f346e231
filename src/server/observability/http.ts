import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import { log } from "@/server/log";

import { enterRequestContext } from "./context";
import { watchShutdownSignals } from "./lifecycle";
import { observeHttp } from "./metrics";
import { normaliseRoute } from "./routes";

export const REQUEST_ID_HEADER = "x-request-id";

// An id from a proxy or client is kept when it is short and plain (it ends up in logs and headers).
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

// Polled constantly by Prometheus and load balancers: counted in metrics, left out of the request log.
const QUIET_ROUTES = new Set(["/metrics", "/api/health", "/api/ready", "/_next/static", "/_next"]);

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE_ID.test(value) ? value : randomUUID();
}

/**
 * Call first thing in the HTTP request listener. Gives the request an id (the caller's
 * X-Request-Id when sane, else a new one), echoes it on the response, makes it the log context of
 * everything the request runs, and on finish records the HTTP metrics and writes one log line:
 * method, route pattern, status, duration and id. Never the query string (tokens travel there) or
 * a body. Returns the id.
 */
export function instrumentRequest(req: IncomingMessage, res: ServerResponse): string {
  const started = performance.now();
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  // Handlers downstream (Next) see the same id, whether it came from the caller or from us.
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  enterRequestContext({ requestId });
  watchShutdownSignals();

  let done = false;
  const finish = (aborted: boolean) => {
    if (done) return;
    done = true;
    const durationMs = performance.now() - started;
    const method = req.method ?? "GET";
    const route = normaliseRoute(req.url, res.statusCode);
    observeHttp({ method, route, status: res.statusCode, seconds: durationMs / 1000 });
    if (QUIET_ROUTES.has(route) && res.statusCode < 500) return;
    const fields = {
      requestId,
      method,
      route,
      status: res.statusCode,
      durationMs: Math.round(durationMs * 10) / 10,
      ...(aborted ? { aborted: true } : {}),
    };
    if (res.statusCode >= 500) log.error(fields, "request");
    else log.info(fields, "request");
  };
  res.once("finish", () => finish(false));
  // "close" without "finish": the client went away before the response was complete.
  res.once("close", () => finish(!res.writableFinished));
  return requestId;
}
