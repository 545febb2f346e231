import type { ServerResponse } from "node:http";

/**
 * Response headers every answer of this server carries (issue 20, item 7), set by server.ts before
 * Next or a direct handler writes anything:
 *
 * - `Content-Security-Policy: frame-ancestors 'none'`: no other site may frame the dashboard (click-
 *   jacking). The web chat widget is not framed (widget.js draws into a shadow root on the operator's
 *   page and calls /api/chat with CORS), so it needs no exception. `base-uri` and `object-src` close
 *   two injection routes. Pages replace this baseline with the full nonce-based policy (src/proxy.ts,
 *   src/lib/content-security-policy.ts); API answers, static files and widget.js keep it.
 * - `X-Frame-Options: DENY` for browsers that predate frame-ancestors.
 * - `X-Content-Type-Options: nosniff`: a response is only ever run as its declared type.
 * - `Referrer-Policy: strict-origin-when-cross-origin`: paths (ids, tokens in links) stay on this site.
 * - `Strict-Transport-Security` when PUBLIC_URL is https: browsers never fall back to plain HTTP.
 */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
  };
  if (new URL(publicUrl).protocol === "https:")
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

/** Sets the headers on `res` (a handler that sets one of them itself later overrides it). */
export function applySecurityHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}
