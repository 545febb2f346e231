import "server-only";

import { createHash, timingSafeEqual } from "node:crypto";

import { renderMetrics } from "./metrics";

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET /metrics. Without a configured token the endpoint does not exist (404), so a deployment that
 * forgot METRICS_TOKEN never publishes its numbers; with one, the scraper must send it as a Bearer
 * token (401 otherwise).
 */
export async function metricsResponse(req: Request, token: string | undefined): Promise<Response> {
  if (!token) return new Response("Not Found", { status: 404, headers: NO_STORE });
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match || !sameSecret(match[1]!, token)) {
    return new Response("Unauthorized", {
      status: 401,
      headers: { ...NO_STORE, "www-authenticate": 'Bearer realm="metrics"' },
    });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { ...NO_STORE, "content-type": contentType } });
}

/** Compares digests so neither the length nor the content of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
