import "server-only";

import { withOrg } from "@/server/db/client";
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "@/server/http/control-characters";
import { parseUntrustedJson } from "@/lib/untrusted-json";
import { BodyTooLargeError, readBoundedBody } from "@/server/http/untrusted-input";
import { log } from "@/server/log";

import { authenticateApiKey } from "./api-keys";
import { claimIdempotencyKey, readIdempotencyKey, requestFingerprint } from "./idempotency";
import { buildOpenApiDocument } from "./openapi";
import { ApiProblem, problemFrom, problemResponse, zodErrors } from "@/server/http/problem";
import { rateLimitHeaders, takeToken } from "./rate-limit";
import { isWithStatus, type ApiRoute } from "./route";
import { ROUTES } from "./routes";

/**
 * The public REST API's one entry point (src/app/api/v1/[...path]/route.ts): authenticate the key,
 * count it against its rate limit, check its scope, validate the request, run the handler inside
 * withOrg (row-level security), validate the response against the same schema OpenAPI publishes.
 */
export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 256 * 1024;

interface Compiled {
  route: ApiRoute;
  pattern: RegExp;
  names: string[];
}
const compiled: Compiled[] = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
});

function match(method: string, path: string) {
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    if (c.route.method !== method) {
      allowed.push(c.route.method);
      continue;
    }
    let params: Record<string, string>;
    try {
      params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    } catch {
      throw new ApiProblem("not-found", "No such resource.");
    }
    return { route: c.route, params };
  }
  if (allowed.length)
    throw new ApiProblem("method-not-allowed", `Use ${allowed.join(", ")} on this path.`, {
      headers: { Allow: allowed.join(", ") },
    });
  throw new ApiProblem("not-found", "No such endpoint. See /api/v1/openapi.json.");
}

/** NUL and other control characters are refused wherever they are (control-characters.ts). */
function refuseControlCharacters(location: "body" | "query", value: unknown) {
  const path = findControlCharacter(value);
  if (path !== null)
    throw new ApiProblem("validation-error", CONTROL_CHARACTER_MESSAGE, {
      errors: [{ location, path, message: CONTROL_CHARACTER_MESSAGE }],
    });
}

function parseQuery(route: ApiRoute, url: URL) {
  const raw: Record<string, string> = {};
  const errors: { location: "query"; path: string; message: string }[] = [];
  for (const [k, v] of url.searchParams) {
    if (k in raw) errors.push({ location: "query", path: k, message: "Give this parameter once." });
    raw[k] = v;
  }
  if (errors.length) throw new ApiProblem("validation-error", "Repeated query parameters.", { errors });
  refuseControlCharacters("query", raw);
  const schema = route.query;
  if (!schema) {
    if (Object.keys(raw).length)
      throw new ApiProblem("validation-error", "This operation takes no query parameters.", {
        errors: Object.keys(raw).map((k) => ({ location: "query" as const, path: k, message: "Unknown parameter." })),
      });
    return {};
  }
  const parsed = schema.strict().safeParse(raw);
  if (!parsed.success)
    throw new ApiProblem("validation-error", "Some query parameters are not valid.", {
      errors: zodErrors("query", parsed.error),
    });
  return parsed.data;
}

async function parseBody(route: ApiRoute, request: Request) {
  if (!route.body) return undefined;
  // Bounded while reading (a chunked body has no Content-Length) and checked for depth before parsing.
  let buf: Uint8Array;
  try {
    buf = await readBoundedBody(request, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      throw new ApiProblem("payload-too-large", `Keep request bodies under ${MAX_BODY_BYTES} bytes.`);
    throw err;
  }
  let json: unknown = {};
  if (buf.byteLength > 0) {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/(.+\+)?json\b/i.test(type.trim())) throw new ApiProblem("unsupported-media-type");
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
    } catch {
      throw new ApiProblem("invalid-json");
    }
    const parsed = parseUntrustedJson(text, { maxBytes: MAX_BODY_BYTES });
    if (!parsed.ok) throw new ApiProblem("invalid-json", parsed.reason === "too-deep" ? parsed.message : undefined);
    json = parsed.value;
  }
  refuseControlCharacters("body", json);
  const parsed = route.body.safeParse(json);
  if (!parsed.success)
    throw new ApiProblem("validation-error", "The request body is not valid.", {
      errors: zodErrors("body", parsed.error),
    });
  return parsed.data;
}

const json = (status: number, body: unknown, headers: Record<string, string>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });

export async function handleApiRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || "/" : url.pathname;
  const method = request.method.toUpperCase();
  let headers: Record<string, string> = {};
  try {
    if (path === "/openapi.json" && method === "GET")
      return json(200, buildOpenApiDocument(), { "access-control-allow-origin": "*" });

    const key = await authenticateApiKey(request.headers.get("authorization"));
    if (!key)
      throw new ApiProblem("unauthorized", "Send an API key as `Authorization: Bearer sa_live_...`.", {
        headers: { "WWW-Authenticate": 'Bearer realm="storage-agent"' },
      });
    const limit = await takeToken(key);
    headers = rateLimitHeaders(limit);
    if (!limit.allowed)
      throw new ApiProblem(
        "rate-limited",
        `This key may make ${limit.limit} requests a minute; retry in ${limit.resetSeconds} s.`,
      );

    const { route, params: rawParams } = match(method, path);
    const needed = method === "GET" ? "read" : "write";
    if (!key.scopes.includes(needed))
      throw new ApiProblem("insufficient-scope", `This operation needs a key with the ${needed} scope.`);
    // A malformed id names nothing, exactly like an id of another organization: 404 either way.
    const params = route.params ? route.params.safeParse(rawParams) : { success: true as const, data: {} };
    if (!params.success) throw new ApiProblem("not-found", "No such resource.");
    const query = parseQuery(route, url);
    const body = await parseBody(route, request);
    const idempotencyKey = route.idempotent ? readIdempotencyKey(request.headers) : null;

    await route.prepare?.({ organizationId: key.organizationId, params: params.data, query, body });
    const result = await withOrg(key.organizationId, async (tx) => {
      const claim = idempotencyKey
        ? await claimIdempotencyKey(
            tx,
            { organizationId: key.organizationId, apiKeyId: key.id },
            idempotencyKey,
            requestFingerprint(method, path, body),
          )
        : null;
      if (claim?.replay) return { status: claim.replay.status, payload: claim.replay.body, replayed: true };
      const out = await route.handler({
        tx,
        organizationId: key.organizationId,
        key,
        actor: { userId: null, label: `api:${key.prefix}` },
        params: params.data,
        query,
        body,
        idempotencyKey,
      });
      const [status, payload] = isWithStatus(out) ? [out.status, out.body] : [route.statuses?.[0] ?? 200, out];
      // Inside the transaction: a response that breaks its published schema rolls the change back.
      const parsed: unknown = route.response.parse(payload);
      await claim?.record({ status, body: parsed });
      return { status, payload: parsed, replayed: false };
    });
    return json(
      result.status,
      result.payload,
      result.replayed ? { ...headers, "Idempotent-Replayed": "true" } : headers,
    );
  } catch (err) {
    const problem = problemFrom(err);
    if (problem) return problemResponse(problem, url.pathname, headers);
    log.error(
      { err: String(err), stack: (err as Error)?.stack, path: url.pathname, method },
      "public API request failed",
    );
    return problemResponse(
      new ApiProblem("internal-error", "Something went wrong on our side; it has been logged."),
      url.pathname,
      headers,
    );
  }
}
