import { env } from "@/env";

/**
 * Cross-site request forgery, defence in depth beside SameSite=Lax cookies (issue 20, item 15): a
 * request that changes something on a member's behalf must come from our own pages. Browsers send
 * `Origin` on every POST (and `Sec-Fetch-Site` on every request), so a foreign or opaque (`null`)
 * Origin, or a cross-site fetch, is refused. A request with neither header is not from a browser
 * (a server-to-server call or a test client holding the cookie itself), so it has nothing to forge.
 */
export function trustedOrigins(): string[] {
  const port = env.PORT;
  return [...new Set([new URL(env.PUBLIC_URL).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];
}

/** What makes the request foreign (its Origin, or "cross-site"), or null when it may proceed. */
export function foreignOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin !== null) return trustedOrigins().includes(origin) ? null : origin;
  return headers.get("sec-fetch-site") === "cross-site" ? "cross-site" : null;
}

/** Methods that only read: a cross-site GET cannot change anything (and cannot read the answer). */
export const isSafeMethod = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";
