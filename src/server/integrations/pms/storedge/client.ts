import { createHmac } from "node:crypto";

import OAuth from "oauth-1.0a";

import { errorFromStatus, fetchWithTimeout, requestTimeout } from "../http";
import { PmsError } from "../types";

/**
 * storEDGE's REST API v1 (api.storedgefms.com/docs/v1): every path is `/v1/:facility_id/<resource>`,
 * every request is signed with one-legged OAuth 1.0 (HMAC-SHA1; consumer key = the API access id,
 * consumer secret = the API secret key, no token), collections take `page`/`per_page` and every body
 * carries a `meta` hash (status_code, status_message, error_code, request_id). Signing is the
 * `oauth-1.0a` package's, never ours. This module is the only one that speaks storEDGE's HTTP.
 */
export const STOREDGE_DEFAULT_BASE = "https://api.storedgefms.com";
export const STOREDGE_PER_PAGE = 100;

export interface StoredgeCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface StoredgeMeta {
  status_code?: number;
  status_message?: string;
  error_code?: string | null;
  request_id?: string;
  pagination?: { current_page: number; per_page: number; total_pages: number; total_entries: number };
}

export function storedgeOAuth(creds: StoredgeCredentials) {
  return new OAuth({
    consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
  });
}

export class StoredgeClient {
  private readonly oauth: OAuth;

  constructor(
    private readonly creds: StoredgeCredentials,
    private readonly baseUrl: string = STOREDGE_DEFAULT_BASE,
    /** Epoch ms by which the whole operation must be done (a booking's budget), or none. */
    private readonly deadline?: number | null,
  ) {
    this.oauth = storedgeOAuth(creds);
  }

  /** One signed request; a non-2xx answer becomes a PmsError carrying storEDGE's status_message. */
  async request<T>(
    method: "GET" | "POST" | "PUT",
    path: string,
    opts: { query?: Record<string, string | number>; body?: unknown } = {},
  ): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    // A JSON body is not part of the OAuth 1.0 signature base (RFC 5849 §3.4.1.3 signs form bodies
    // only); the query string is, and the library reads it from the URL.
    const auth = this.oauth.toHeader(this.oauth.authorize({ url: url.toString(), method }));
    const res = await fetchWithTimeout(
      "storEDGE",
      url.toString(),
      {
        method,
        headers: {
          ...auth,
          accept: "application/json",
          ...(opts.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      },
      requestTimeout(this.deadline),
    );
    const text = await res.text();
    let json: (T & { meta?: StoredgeMeta }) | null = null;
    try {
      json = text ? (JSON.parse(text) as T & { meta?: StoredgeMeta }) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const meta = json?.meta;
      throw errorFromStatus("storEDGE", res.status, meta?.status_message ?? meta?.error_code ?? null);
    }
    if (!json) throw new PmsError("server", "storEDGE answered with a body that is not JSON", res.status);
    return json;
  }

  /** Every page of a collection, `per_page` at a time, until the meta hash says there are no more. */
  async all<T>(path: string, key: string, query: Record<string, string | number> = {}): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const body = await this.request<Record<string, unknown> & { meta?: StoredgeMeta }>("GET", path, {
        query: { ...query, page, per_page: STOREDGE_PER_PAGE },
      });
      const items = (body[key] as T[] | undefined) ?? [];
      out.push(...items);
      const pages = body.meta?.pagination?.total_pages;
      if (pages !== undefined ? page >= pages : items.length < STOREDGE_PER_PAGE) return out;
    }
  }
}
