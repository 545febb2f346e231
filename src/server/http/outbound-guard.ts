import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP } from "node:net";
import { Readable } from "node:stream";

import { env } from "@/env";

/**
 * Outbound HTTP that an organization can aim (its webhook endpoints, its LLM base URL) goes through
 * `guardedFetch`, which refuses to connect to our own networks (server-side request forgery). The
 * check runs at connect time on every address the host name resolves to, so a public name that
 * resolves to 10.0.0.5, a rebinding DNS answer or an IPv4-mapped IPv6 literal is refused just like
 * `http://127.0.0.1`. A save-time check (`outboundUrlProblem`) gives a clear message earlier; the
 * connect-time one is what holds.
 *
 * OUTBOUND_ALLOWLIST (comma-separated host names and CIDR ranges) lets a deployment reach a private
 * service on purpose, e.g. a self-hosted model at `llm.internal` or `10.20.0.0/16`.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], // unspecified: reaches the local host
  ["::1", 128],
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some)
  ["ff00::", 8], // multicast
] as const)
  BLOCKED.addSubnet(net, prefix, "ipv6");

/** An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64, 6to4), or null. */
function embeddedIpv4(v6: string): string | null {
  const lower = v6.toLowerCase();
  const dotted = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const a = parseInt(hex[1]!, 16);
    const b = parseInt(hex[2]!, 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const a = parseInt(sixToFour[1]!, 16);
    const b = parseInt(sixToFour[2]!, 16);
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  return null;
}

export interface OutboundPolicy {
  /** Host names (exact, lower case) and CIDR ranges that may be reached although private. */
  allowHosts: Set<string>;
  allowNets: BlockList;
}

export function parseAllowList(raw: string | undefined): OutboundPolicy {
  const allowHosts = new Set<string>();
  const allowNets = new BlockList();
  for (const item of (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const [addr, prefix] = item.split("/");
    const family = isIP(addr!);
    if (family)
      allowNets.addSubnet(addr!, prefix ? Number(prefix) : family === 4 ? 32 : 128, family === 4 ? "ipv4" : "ipv6");
    else allowHosts.add(item);
  }
  return { allowHosts, allowNets };
}

/** Whether connecting to `address` (an IP literal) is refused under `policy`. */
export function isBlockedAddress(address: string, policy: OutboundPolicy = defaultPolicy()): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  if (!family) return true; // not an address: nothing we can vouch for
  const type = family === 4 ? "ipv4" : "ipv6";
  if (policy.allowNets.check(bare, type)) return false;
  if (BLOCKED.check(bare, type)) return true;
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return policy.allowNets.check(v4, "ipv4") ? false : BLOCKED.check(v4, "ipv4");
    // Any other IPv4-mapped form the regex did not parse: refuse rather than guess.
    if (/^::ffff:/i.test(bare)) return true;
  }
  return false;
}

let policyCache: { raw: string | undefined; policy: OutboundPolicy } | null = null;
/** Unset, development and tests may reach local receivers; production reaches nothing private. */
const LOCAL_DEFAULT = "localhost,127.0.0.1,::1";
function defaultPolicy(): OutboundPolicy {
  const raw = env.OUTBOUND_ALLOWLIST ?? (env.NODE_ENV === "production" ? "" : LOCAL_DEFAULT);
  if (policyCache?.raw !== raw) policyCache = { raw, policy: parseAllowList(raw) };
  return policyCache.policy;
}

export class BlockedDestinationError extends Error {
  constructor(host: string) {
    super(`${host} is a private or reserved address; outbound requests may not reach it.`);
    this.name = "BlockedDestinationError";
  }
}

export type Resolver = (
  host: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A `lookup` for net.connect that resolves every address and refuses the host if any is blocked. */
function guardedLookup(policy: OutboundPolicy, resolve: Resolver) {
  return (
    host: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const allowedHost = policy.allowHosts.has(host.toLowerCase());
    resolve(host, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      if (!allowedHost && (!addresses.length || addresses.some((a) => isBlockedAddress(a.address, policy))))
        return callback(Object.assign(new BlockedDestinationError(host), { code: "EBLOCKED" }), "", 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export interface GuardedFetchOptions {
  policy?: OutboundPolicy;
  /** Name resolution (tests pass their own; default: the system's). */
  resolve?: Resolver;
}

/**
 * A `fetch` for destinations an organization chose: same call shape as the global one (string or URL
 * input, method, headers, string/bytes body, signal), never follows redirects (a 3xx is returned as
 * is, so a redirect cannot lead past the check), and streams the response body.
 */
export function createGuardedFetch(opts: GuardedFetchOptions = {}) {
  return async function guardedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const policy = opts.policy ?? defaultPolicy();
    const request = input instanceof Request ? input : null;
    const url = new URL(request ? request.url : input.toString());
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new TypeError(`Unsupported protocol ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const literal = isIP(host) !== 0;
    if (literal && !policy.allowHosts.has(host.toLowerCase()) && isBlockedAddress(host, policy))
      throw new BlockedDestinationError(host);

    const headers = new Headers(request?.headers);
    new Headers(init.headers).forEach((v, k) => headers.set(k, v));
    const method = (init.method ?? request?.method ?? "GET").toUpperCase();
    let body: Buffer | undefined;
    const rawBody = init.body ?? (request && request.body ? await request.arrayBuffer() : undefined);
    if (typeof rawBody === "string") body = Buffer.from(rawBody);
    else if (rawBody instanceof ArrayBuffer) body = Buffer.from(rawBody);
    else if (ArrayBuffer.isView(rawBody)) body = Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    else if (rawBody instanceof URLSearchParams) body = Buffer.from(rawBody.toString());
    else if (rawBody != null) body = Buffer.from(await new Response(rawBody as BodyInit).arrayBuffer());

    const signal = init.signal ?? request?.signal ?? undefined;
    const transport = url.protocol === "https:" ? https : http;
    return new Promise<Response>((resolvePromise, reject) => {
      const req = transport.request(
        url,
        {
          method,
          headers: Object.fromEntries(headers),
          lookup: guardedLookup(policy, opts.resolve ?? (dnsLookup as unknown as Resolver)) as never,
          signal: signal ?? undefined,
          // A fresh connection each time: a pooled socket was checked for another host's answer.
          agent: false,
        },
        (res) => {
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) v.forEach((x) => out.append(k, x));
            else if (v !== undefined) out.set(k, v);
          }
          const status = res.statusCode ?? 502;
          const nullBody = method === "HEAD" || status === 204 || status === 304;
          if (nullBody) res.resume();
          resolvePromise(
            new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
              status,
              statusText: res.statusMessage,
              headers: out,
            }),
          );
        },
      );
      req.on("error", reject);
      if (body) req.end(body);
      else req.end();
    });
  };
}

/** The guarded fetch with the deployment's allow-list: use it for every organization-chosen URL. */
export const guardedFetch = createGuardedFetch();

/**
 * Save-time check for a URL an organization enters, for a clear message before any request: the
 * scheme, IP literals in blocked ranges and names that only mean our own network. No DNS here (a name
 * may resolve differently later, and a save should not wait on a resolver): connect time decides.
 * Null when fine.
 */
export function outboundUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http(s) URL.";
  const policy = defaultPolicy();
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (policy.allowHosts.has(host)) return null;
  if (isIP(host)) return isBlockedAddress(host, policy) ? "Use a public address, not a private or reserved one." : null;
  if (host === "localhost" || /\.(localhost|internal|local|home\.arpa)$/.test(host) || !host.includes("."))
    return "Use a public host name.";
  return null;
}
