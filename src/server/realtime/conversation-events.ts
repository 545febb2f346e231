import type { Subscriber } from "@/server/events/subscriber";

import { NOTIFY_CHANNEL } from "./events";
import { notifyInTransaction, publish, realtimeTransport } from "./publish";

/**
 * What live listeners hear, ids only (events.ts).
 *
 * Leads and reservations (GraphQL's leadChanged and reservationChanged): a NOTIFY in the transaction
 * of the change, so Postgres delivers it when that commits and never for a change rolled back.
 *
 * Conversations (the calls list, a call's page, the playground, GraphQL's call subscriptions),
 * whatever their channel: voice, SMS, web chat or the playground. A courtesy, published after the
 * commit: a push lost to a crash is made good by the page's next read.
 */
export const realtimeSubscriber: Subscriber = {
  name: "realtime",
  events: [
    "lead.captured",
    "lead.updated",
    "reservation.created",
    "reservation.cancelled",
    "reservation.expired",
    "reservation.extended",
    "reservation.converted",
    "conversation.started",
    "turn.committed",
  ],
  async inTransaction(tx, event) {
    if (event.type === "lead.captured" || event.type === "lead.updated")
      await notifyInTransaction(tx, event.organizationId, { type: "lead.changed", leadId: event.leadId });
    else if (event.type.startsWith("reservation.") && "reservationId" in event)
      await notifyInTransaction(tx, event.organizationId, {
        type: "reservation.changed",
        reservationId: event.reservationId,
      });
  },
  async afterCommit(event) {
    if (event.type === "conversation.started") {
      const { organizationId, conversationId, channel, greetingSeq } = event;
      await publish(
        organizationId,
        { type: "conversation.started", conversationId, channel },
        ...(greetingSeq ? [{ type: "message.created" as const, conversationId, seq: greetingSeq }] : []),
      );
    } else if (event.type === "turn.committed" && !event.notifiedInStatement) {
      // One turn: the caller's line and the agent's reply, in one round trip.
      await publish(
        event.organizationId,
        { type: "message.created", conversationId: event.conversationId, seq: event.customerSeq },
        { type: "message.created", conversationId: event.conversationId, seq: event.agentSeq },
      );
    }
  },
};

/**
 * With Postgres NOTIFY as the transport, a turn's message.created events are sent by the very
 * statement that stores the turn (saveTurn in agent/store/conversation-store.ts, which builds the
 * same Envelope in SQL): Postgres delivers them when the turn commits, never for one that rolled
 * back, and it costs no round trip on the caller's latency path. Returns the channel to notify on,
 * or null when events go through Pusher, after the commit (the subscriber above).
 */
export function turnEventsInStatement(): string | null {
  return realtimeTransport() === "sse" ? NOTIFY_CHANNEL : null;
}
