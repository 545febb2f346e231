import { createHash } from "node:crypto";

import createClient, { type Client } from "openapi-fetch";

import { errorFromStatus, fetchWithTimeout, requestTimeout } from "../http";
import type { PmsError } from "../types";
import type { components, paths } from "./schema";

/**
 * Stora's Public API, version 2025-09, through `openapi-fetch` typed by `./schema.d.ts`, which
 * `openapi-typescript` generates from the committed `openapi-2025-09.yaml` (npm run pms:stora-types).
 * Auth is a Bearer token: either a static access token from Stora's BackOffice, or an OAuth 2.0
 * client-credentials token (`POST /oauth2/token`, 2-hour tokens) fetched and cached here until a
 * minute before it expires. A cached token Stora no longer takes (revoked, the application's secret
 * rotated, or expired early: Stora answers 401) is dropped and a new one fetched once, and the request
 * is sent again once; a second 401 is the answer (the credentials themselves are wrong).
 */
export const STORA_DEFAULT_BASE = "https://public-api.stora.co";

/** Every scope the integration uses (docs.stora.co/2025-09/guides/authorization). */
export const STORA_SCOPES = [
  "public.site:read",
  "public.unit_type:read",
  "public.unit:read",
  "public.unit:write",
  "public.unit_allocation:read",
  "public.contact:read",
  "public.contact:write",
  "public.order:write",
  "public.coupon:read",
  "public.invoice:read",
  "public.note:read",
  "public.note:write",
] as const;

export type StoraCredentials =
  | { kind: "access_token"; accessToken: string }
  | { kind: "client_credentials"; clientId: string; clientSecret: string };

export type StoraSchemas = components["schemas"];
type StoraError = StoraSchemas["Error"];

const tokenCache = new Map<string, { token: string; expiresAt: number }>();

export class StoraClient {
  readonly api: Client<paths>;

  constructor(
    private readonly creds: StoraCredentials,
    private readonly baseUrl: string = STORA_DEFAULT_BASE,
    /** Epoch ms by which the whole operation must be done (a booking's budget), or none. */
    deadline?: number | null,
  ) {
    this.api = createClient<paths>({
      baseUrl,
      fetch: async (req: Request) => {
        // The body is read once, so the request can be sent again after a token refresh.
        const init = await requestInit(req);
        const send = () => fetchWithTimeout("Stora", req.url, init, requestTimeout(deadline));
        const res = await send();
        if (res.status !== 401 || this.creds.kind !== "client_credentials" || req.url.endsWith("/oauth2/token"))
          return res;
        const used = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? null;
        init.headers = new Headers(init.headers);
        init.headers.set("authorization", `Bearer ${await this.token({ rejected: used })}`);
        await res.body?.cancel();
        return send();
      },
    });
    this.api.use({
      onRequest: async ({ request, schemaPath }) => {
        if (schemaPath === "/oauth2/token") return request;
        request.headers.set("authorization", `Bearer ${await this.token()}`);
        return request;
      },
    });
  }

  private cacheKey(creds: Extract<StoraCredentials, { kind: "client_credentials" }>) {
    // Keyed by the secret's hash too: a changed (or wrong) secret never reuses another's token.
    const secretHash = createHash("sha256").update(creds.clientSecret).digest("base64url");
    return `${this.baseUrl}|${creds.clientId}|${secretHash}`;
  }

  /**
   * The Bearer token. `rejected`: the token Stora just answered 401 to; it is dropped from the cache
   * and a new one fetched, unless another request already replaced it (then that one is used).
   */
  private async token(opts: { rejected?: string | null } = {}): Promise<string> {
    if (this.creds.kind === "access_token") return this.creds.accessToken;
    const key = this.cacheKey(this.creds);
    const cached = tokenCache.get(key);
    if (opts.rejected !== undefined && cached?.token === opts.rejected) tokenCache.delete(key);
    else if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const { data, error, response } = await this.api.POST("/oauth2/token", {
      body: {
        grant_type: "client_credentials",
        client_id: this.creds.clientId,
        client_secret: this.creds.clientSecret,
        scope: STORA_SCOPES.join(" "),
      },
    });
    if (!data) throw storaError(response.status, error as StoraError | undefined);
    tokenCache.set(key, { token: data.access_token, expiresAt: Date.now() + data.expires_in * 1000 });
    return data.access_token;
  }
}

/** A Request's parts for fetchWithTimeout (which adds the deadline's signal), the body read into memory. */
async function requestInit(req: Request): Promise<RequestInit> {
  const init: RequestInit = { method: req.method, headers: req.headers };
  if (req.body) init.body = await req.arrayBuffer();
  return init;
}

export function storaError(status: number, body: StoraError | undefined): PmsError {
  return errorFromStatus("Stora", status, body?.error?.message ?? body?.error?.code ?? null);
}

/** `data` or a PmsError from Stora's error body: every call site reads the same way. */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.data === undefined) throw storaError(r.response.status, r.error as StoraError | undefined);
  return r.data;
}

/** Every page of a Stora collection (page/limit, meta.pagination.pages). */
export async function allPages<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; pages: number | undefined }>,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const { items, pages } = await fetchPage(page);
    out.push(...items);
    if (pages === undefined || page >= pages || items.length === 0) return out;
  }
}
