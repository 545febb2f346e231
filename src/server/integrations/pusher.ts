import Pusher from "pusher";
import { z } from "zod";

/**
 * The only importer of the `pusher` server SDK. Configured by PUSHER_APP_ID/KEY/SECRET/CLUSTER
 * (and PUSHER_HOST to point it at another host, e.g. a self-hosted Soketi or a test fake); null when
 * not configured, and the realtime module then uses Postgres LISTEN/NOTIFY and Server-Sent Events.
 */
const blank = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

const ZPusherEnv = z.object({
  PUSHER_APP_ID: z.string().min(1),
  PUSHER_KEY: z.string().min(1),
  PUSHER_SECRET: z.string().min(1),
  PUSHER_CLUSTER: z.string().min(1).default("mt1"),
  /** host, host:port or a URL (http:// means no TLS). */
  PUSHER_HOST: z.string().min(1).optional(),
});

export interface PusherConfig {
  appId: string;
  key: string;
  secret: string;
  cluster: string;
  host: { host: string; port: string | undefined; useTLS: boolean } | null;
}

/**
 * Read on every realtime publish and agent turn, so the parse is remembered for the environment it
 * was made from (tests and operators change the variables at run time; a change is seen at once).
 */
let memo: { key: string; config: PusherConfig | null } | null = null;

export function pusherConfig(): PusherConfig | null {
  const e = process.env;
  const key = [e.PUSHER_APP_ID, e.PUSHER_KEY, e.PUSHER_SECRET, e.PUSHER_CLUSTER, e.PUSHER_HOST].join("\u0000");
  if (memo?.key !== key) memo = { key, config: parsePusherEnv() };
  return memo.config;
}

function parsePusherEnv(): PusherConfig | null {
  const parsed = ZPusherEnv.safeParse({
    PUSHER_APP_ID: blank(process.env.PUSHER_APP_ID),
    PUSHER_KEY: blank(process.env.PUSHER_KEY),
    PUSHER_SECRET: blank(process.env.PUSHER_SECRET),
    PUSHER_CLUSTER: blank(process.env.PUSHER_CLUSTER),
    PUSHER_HOST: blank(process.env.PUSHER_HOST),
  });
  if (!parsed.success) return null;
  const d = parsed.data;
  let host: PusherConfig["host"] = null;
  if (d.PUSHER_HOST) {
    const u = new URL(/^[a-z]+:\/\//i.test(d.PUSHER_HOST) ? d.PUSHER_HOST : `https://${d.PUSHER_HOST}`);
    host = { host: u.hostname, port: u.port || undefined, useTLS: u.protocol !== "http:" };
  }
  return { appId: d.PUSHER_APP_ID, key: d.PUSHER_KEY, secret: d.PUSHER_SECRET, cluster: d.PUSHER_CLUSTER, host };
}

let cached: { key: string; client: Pusher } | null = null;

export function pusherClient(): Pusher | null {
  const c = pusherConfig();
  if (!c) return null;
  const key = JSON.stringify(c);
  if (cached?.key !== key) {
    const client = c.host
      ? new Pusher({
          appId: c.appId,
          key: c.key,
          secret: c.secret,
          host: c.host.host,
          port: c.host.port,
          useTLS: c.host.useTLS,
        })
      : new Pusher({ appId: c.appId, key: c.key, secret: c.secret, cluster: c.cluster, useTLS: true });
    cached = { key, client };
  }
  return cached.client;
}

/** Private, so a browser must be authorised (by our session check) to subscribe. */
export const organizationChannel = (organizationId: string) => `private-org-${organizationId}`;

export async function triggerPusher(channel: string, event: string, data: unknown): Promise<void> {
  const client = pusherClient();
  if (!client) throw new Error("Pusher is not configured");
  await client.trigger(channel, event, data);
}

/** Signs a private-channel subscription for pusher-js (its authEndpoint response body). */
export function authorizePusherChannel(socketId: string, channel: string) {
  const client = pusherClient();
  if (!client) throw new Error("Pusher is not configured");
  return client.authorizeChannel(socketId, channel);
}

/** What the browser needs to connect with pusher-js (never the secret). */
export function pusherPublicConfig() {
  const c = pusherConfig();
  if (!c) return null;
  return {
    key: c.key,
    cluster: c.cluster,
    wsHost: c.host?.host ?? null,
    wsPort: c.host?.port ? Number(c.host.port) : null,
    forceTLS: c.host?.useTLS ?? true,
  };
}
