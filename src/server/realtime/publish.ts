import { sql } from "drizzle-orm";

import { db, type Executor } from "@/server/db/client";
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

export async function publish(organizationId: string, ...events: RealtimeEvent[]): Promise<void> {
  if (events.length === 0) return;
  try {
    if (realtimeTransport() === "pusher") {
      for (const event of events) await triggerPusher(organizationChannel(organizationId), event.type, event);
      return;
    }
    const payloads = events.map((e) => {
      const envelope: Envelope = { o: organizationId, e };
      const payload = JSON.stringify(envelope);
      if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) throw new Error("realtime payload too large for NOTIFY");
      return payload;
    });
    // One round trip for all of them; notifications of one statement arrive in order.
    await db.execute(
      sql`select ${sql.join(
        payloads.map((p) => sql`pg_notify(${NOTIFY_CHANNEL}, ${p})`),
        sql`, `,
      )}`,
    );
  } catch (err) {
    log.warn({ err: String(err), organizationId, types: events.map((e) => e.type) }, "realtime publish failed");
  }
}

/**
 * An event delivered by Postgres when the caller's transaction commits, and never for one that rolls
 * back: for changes whose listeners must not hear of a write that did not happen. Goes through
 * NOTIFY whatever the dashboards' transport, since server-side listeners (GraphQL subscriptions)
 * always use the hub.
 */
export async function notifyInTransaction(tx: Executor, organizationId: string, event: RealtimeEvent): Promise<void> {
  const envelope: Envelope = { o: organizationId, e: event };
  await tx.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${JSON.stringify(envelope)})`);
}
