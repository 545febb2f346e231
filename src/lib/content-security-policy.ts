/**
 * The pages' Content-Security-Policy (issue 20, item 7), built per request by src/proxy.ts with a fresh
 * nonce. Next reads the nonce from the request's own Content-Security-Policy header and puts it on
 * every script it writes (its bootstrap, the streamed RSC payload, the chunks it loads), so:
 *
 * - scripts: only those carrying this response's nonce, and what they load ('strict-dynamic'); no
 *   'unsafe-inline' for scripts. Development adds 'unsafe-eval' (React's refresh runtime needs it).
 * - styles: 'self' and inline: Chakra writes its styles through Emotion as <style> tags and style
 *   attributes, which carry no nonce. Styles cannot run code.
 * - connections: this site (tRPC, the live-call WebSocket, Server-Sent Events) and, when configured,
 *   the Pusher host the dashboard subscribes to.
 * - no site may frame a page, no plugin, no <base> pointing elsewhere, forms post only here.
 *
 * The widget (public/widget.js) runs on operators' own pages under their policy, not this one.
 */
export interface CspOptions {
  nonce: string;
  development: boolean;
  /** Extra origins the browser may connect to (Pusher's), e.g. `wss://ws-eu.pusher.com`. */
  connect?: readonly string[];
}

export function contentSecurityPolicy({ nonce, development, connect = [] }: CspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...connect, ...(development ? ["ws:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** Pusher's hosts for connect-src: its cluster's, or PUSHER_HOST when set (Soketi, a fake). */
export function pusherOrigins(env: { PUSHER_KEY?: string; PUSHER_CLUSTER?: string; PUSHER_HOST?: string }): string[] {
  if (!env.PUSHER_KEY) return [];
  if (env.PUSHER_HOST) {
    const host = env.PUSHER_HOST.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "");
    return [`ws://${host}`, `wss://${host}`, `http://${host}`, `https://${host}`];
  }
  return ["wss://*.pusher.com", "https://*.pusher.com", "https://*.pusherapp.com"];
}
