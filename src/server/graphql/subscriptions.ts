import { loadTurnJson } from "@/server/read-model/conversation";
import type { RealtimeEvent } from "@/server/realtime/events";
import { subscribe } from "@/server/realtime/hub";

import { builder } from "./builder";
import { read, type GraphQLContext } from "./context";
import { ConversationChannel } from "./enums";
import { Conversation, Lead, Reservation, TranscriptTurn } from "./types";

/**
 * Subscriptions are fed by the realtime hub: Postgres NOTIFY, which every app process LISTENs to, so
 * an event produced by any process (a call's webhook, a worker's workflow, another server's API
 * write) reaches a subscriber connected to this one. Events carry ids only; each is read again
 * through the subscriber's own organization (row-level security), fresh per event.
 */
const MAX_QUEUED = 1000;

/** The organization's realtime events that `pick` maps to a payload, as an async iterator. */
function events<T>(ctx: GraphQLContext, pick: (e: RealtimeEvent) => T | null | Promise<T | null>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const queue: T[] = [];
      let wake: (() => void) | null = null;
      let done = false;
      let picking = Promise.resolve(); // events keep their order even when picking one needs a read
      const unsubscribing = subscribe(ctx.organizationId, (e) => {
        picking = picking
          .then(async () => {
            const payload = await pick(e);
            if (payload === null || done) return;
            if (queue.length >= MAX_QUEUED) queue.shift(); // a stalled client loses the oldest, never the process
            queue.push(payload);
            wake?.();
          })
          .catch(() => {}); // an event that cannot be read (deleted since) is skipped
      });
      const finish = async () => {
        done = true;
        wake?.();
        (await unsubscribing)();
        return { done: true as const, value: undefined };
      };
      return {
        async next(): Promise<IteratorResult<T>> {
          await unsubscribing; // listening before the first event can be missed
          while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
          wake = null;
          if (done) return { done: true, value: undefined };
          return { done: false, value: queue.shift()! };
        },
        return: finish,
        throw: finish,
      };
    },
  };
}

/** Each event is a new read: nothing cached from an earlier one. */
const fresh = (ctx: GraphQLContext) => {
  ctx.loaders.clearAll();
  return ctx.loaders;
};

builder.subscriptionFields((t) => ({
  callStarted: t.field({
    type: Conversation,
    description: "A conversation began: a call (default), or on the channel given.",
    args: { channel: t.arg({ type: ConversationChannel, defaultValue: "voice" }) },
    subscribe: (_r, a, ctx) =>
      events(ctx, (e) => (e.type === "conversation.started" && e.channel === a.channel ? e.conversationId : null)),
    resolve: async (id, _a, ctx) => (await fresh(ctx).conversation.load(id))!,
  }),
  callEnded: t.field({
    type: Conversation,
    description: "A conversation ended (hang-up, or an idle text thread or chat closed), with its outcome when known.",
    args: { channel: t.arg({ type: ConversationChannel, defaultValue: "voice" }) },
    subscribe: (_r, a, ctx) =>
      events(ctx, async (e) => {
        if (e.type !== "conversation.ended") return null;
        const c = await ctx.loaders.conversation.clear(e.conversationId).load(e.conversationId);
        return c?.channel === a.channel ? e.conversationId : null;
      }),
    resolve: async (id, _a, ctx) => (await fresh(ctx).conversation.load(id))!,
  }),
  turnAdded: t.field({
    type: TranscriptTurn,
    description: "Each new line of one conversation's transcript: the customer's words and the agent's replies.",
    args: { conversationId: t.arg.id({ required: true }) },
    subscribe: (_r, a, ctx) =>
      events(ctx, (e) =>
        e.type === "message.created" && e.conversationId === String(a.conversationId)
          ? { conversationId: e.conversationId, seq: e.seq }
          : null,
      ),
    resolve: async (e, _a, ctx) => {
      const turn = await read(ctx, (tx) => loadTurnJson(tx, ctx.organizationId, e.conversationId, e.seq));
      if (!turn) throw new Error("turn not found");
      return turn;
    },
  }),
  leadChanged: t.field({
    type: Lead,
    description: "A lead was created or changed (by the agent, staff or the API). Optionally one lead only.",
    args: { id: t.arg.id() },
    subscribe: (_r, a, ctx) =>
      events(ctx, (e) => (e.type === "lead.changed" && (!a.id || e.leadId === String(a.id)) ? e.leadId : null)),
    resolve: async (id, _a, ctx) => (await fresh(ctx).lead.load(id))!,
  }),
  reservationChanged: t.field({
    type: Reservation,
    description: "A reservation was made, cancelled, expired, extended or moved into. Optionally one reservation only.",
    args: { id: t.arg.id() },
    subscribe: (_r, a, ctx) =>
      events(ctx, (e) =>
        e.type === "reservation.changed" && (!a.id || e.reservationId === String(a.id)) ? e.reservationId : null,
      ),
    resolve: async (id, _a, ctx) => (await fresh(ctx).reservation.load(id))!,
  }),
}));
