import { sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { organizationChannel, pusherConfig, triggerPusher } from "@/server/integrations/pusher";
import { log } from "@/server/log";

import { MAX_NOTIFY_BYTES, NOTIFY_CHANNEL, type Envelope, type RealtimeEvent } from "./events";

/**
 * Tells the organization's open dashboards that something changed. Pusher when configured,
 * otherwise Postgres NOTIFY, which every app process LISTENs to (hub.ts) and forwards to its SSE
 * clients, so an event published by one process reaches browsers connected to any other.
 *
 * Realtime is a courtesy, never part of the transaction it reports: a failure is logged, not thrown,
 * so a call or a text is never refused because a dashboard could not be told.
 */
export function realtimeTransport(): "pusher" | "sse" {
  return pusherConfig() ? "pusher" : "sse";
}

export async function publish(organizationId: string, event: RealtimeEvent): Promise<void> {
  try {
    if (realtimeTransport() === "pusher") {
      await triggerPusher(organizationChannel(organizationId), event.type, event);
      return;
    }
    const envelope: Envelope = { o: organizationId, e: event };
    const payload = JSON.stringify(envelope);
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) throw new Error("realtime payload too large for NOTIFY");
    await db.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${payload})`);
  } catch (err) {
    log.warn({ err: String(err), organizationId, type: event.type }, "realtime publish failed");
  }
}

/** Fire-and-forget form for request paths that must not wait on it. */
export function publishSoon(organizationId: string, ...events: RealtimeEvent[]) {
  void (async () => {
    for (const e of events) await publish(organizationId, e);
  })();
}
