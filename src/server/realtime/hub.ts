import pg from "pg";

import { databaseUrl } from "@/server/db/client";
import { log } from "@/server/log";

import { NOTIFY_CHANNEL, ZEnvelope, type RealtimeEvent } from "./events";

/**
 * One LISTEN connection per process, fanned out to in-process subscribers (SSE streams). LISTEN
 * needs a dedicated connection: a pooled one would be handed to other queries and lose it. Kept on
 * globalThis because server.ts and Next's route bundles may each load this module.
 */
type Listener = (event: RealtimeEvent) => void;

interface Hub {
  subscribers: Map<string, Set<Listener>>;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retryTimer: NodeJS.Timeout | null;
}

const g = globalThis as typeof globalThis & { __storageAgentRealtimeHub?: Hub };
const hub = (): Hub =>
  (g.__storageAgentRealtimeHub ??= { subscribers: new Map(), client: null, connecting: null, retryTimer: null });

function dispatch(payload: string | undefined) {
  if (!payload) return;
  let parsed;
  try {
    parsed = ZEnvelope.safeParse(JSON.parse(payload));
  } catch {
    return;
  }
  if (!parsed.success) return;
  for (const fn of hub().subscribers.get(parsed.data.o) ?? []) {
    try {
      fn(parsed.data.e);
    } catch (err) {
      log.warn({ err: String(err) }, "realtime subscriber failed");
    }
  }
}

function anySubscribers() {
  for (const set of hub().subscribers.values()) if (set.size) return true;
  return false;
}

function scheduleReconnect() {
  const h = hub();
  if (h.retryTimer || !anySubscribers()) return;
  h.retryTimer = setTimeout(() => {
    h.retryTimer = null;
    void ensureListening().catch(() => scheduleReconnect());
  }, 1000);
  h.retryTimer.unref();
}

/** Connects and LISTENs once; resolves when notifications will be received. */
export function ensureListening(): Promise<void> {
  const h = hub();
  if (h.client) return Promise.resolve();
  h.connecting ??= (async () => {
    const client = new pg.Client({ connectionString: databaseUrl(), application_name: "storage-agent-realtime" });
    client.on("notification", (msg) => {
      if (msg.channel === NOTIFY_CHANNEL) dispatch(msg.payload);
    });
    const lost = (err?: unknown) => {
      if (h.client !== client) return;
      log.warn({ err: err ? String(err) : undefined }, "realtime LISTEN connection lost; reconnecting");
      h.client = null;
      client.end().catch(() => {});
      scheduleReconnect();
    };
    client.on("error", lost);
    client.on("end", () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      h.client = client;
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
  })().finally(() => {
    h.connecting = null;
  });
  return h.connecting;
}

/** Receives this organization's events published by any process. Returns the unsubscribe. */
export async function subscribe(organizationId: string, fn: Listener): Promise<() => void> {
  const h = hub();
  let set = h.subscribers.get(organizationId);
  if (!set) h.subscribers.set(organizationId, (set = new Set()));
  set.add(fn);
  try {
    await ensureListening();
  } catch (err) {
    log.error({ err: String(err) }, "realtime LISTEN failed; will retry");
    scheduleReconnect();
  }
  return () => {
    set.delete(fn);
    if (!set.size) h.subscribers.delete(organizationId);
  };
}

/** Closes the LISTEN connection (tests, shutdown). */
export async function closeRealtimeHub() {
  const h = hub();
  const c = h.client;
  h.client = null;
  h.subscribers.clear();
  if (h.retryTimer) clearTimeout(h.retryTimer);
  h.retryTimer = null;
  if (c) await c.end().catch(() => {});
}
