import { afterAll, describe, expect, it } from "vitest";

import { respond, respondStream, startConversation } from "@/server/agent/engine";
import { finalizeConversation } from "@/server/jobs/workflows/post-conversation-steps";
import { closeRealtimeHub, subscribe } from "@/server/realtime/hub";
import type { RealtimeEvent } from "@/server/realtime/events";

import { callerFor, seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "../agent/seed";

/**
 * The engine itself publishes every conversation and turn, so live views update for web chat and
 * the playground as they do for calls and texts. Events travel through Postgres NOTIFY (the hub
 * LISTENs like any app process would) and carry ids only.
 */
afterAll(async () => {
  await closeRealtimeHub();
});

async function listen(organizationId: string) {
  const events: RealtimeEvent[] = [];
  const waiters: { pred: (e: RealtimeEvent) => boolean; resolve: () => void }[] = [];
  const stop = await subscribe(organizationId, (e) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (!w.pred(e)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  const until = (pred: (e: RealtimeEvent) => boolean) =>
    events.some(pred)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ pred, resolve });
          setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events)}`)), 5000);
        });
  return { events, until, stop };
}

const created = (conversationId: string, seq: number) => (e: RealtimeEvent) =>
  e.type === "message.created" && e.conversationId === conversationId && e.seq === seq;

describe("the engine publishes conversations and turns for every channel", () => {
  it("playground: the start, the greeting and each turn reach the organization's listeners", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const live = await listen(org.id);
    const caller = await callerFor(org.owner);

    const start = await caller.agent.playground.start({ facilityId: facility.id, channel: "chat" });
    await live.until((e) => e.type === "conversation.started" && e.conversationId === start.conversationId);
    expect(live.events.find((e) => e.type === "conversation.started")).toEqual({
      type: "conversation.started",
      conversationId: start.conversationId,
      channel: "playground",
    });
    await live.until(created(start.conversationId, 1));

    const turn = await caller.agent.playground.say({
      conversationId: start.conversationId,
      text: "what are your hours",
      brain: "default",
    });
    expect(turn.state.lastAgentSeq).toBe(3);
    await live.until(created(start.conversationId, 2));
    await live.until(created(start.conversationId, 3));
    live.stop();
  });

  it("web chat, streamed: the turn is published once; a retried turn publishes nothing", async () => {
    const org = await seedOrganization();
    const other = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const live = await listen(org.id);
    const otherLive = await listen(other.id);

    const chat = await startConversation({
      organizationId: org.id,
      channel: "chat",
      facilityId: facility.id,
      now: OPEN_NOW,
    });
    await live.until((e) => e.type === "conversation.started" && e.conversationId === chat.conversationId);
    for await (const _ of respondStream({
      organizationId: org.id,
      conversationId: chat.conversationId,
      text: "how much is a ten by ten",
      idempotencyKey: "k1",
      now: OPEN_NOW,
    }))
      void _;
    await live.until(created(chat.conversationId, 3));

    const retried = await respond({
      organizationId: org.id,
      conversationId: chat.conversationId,
      text: "how much is a ten by ten",
      idempotencyKey: "k1",
      now: OPEN_NOW,
    });
    expect(retried.duplicate).toBe(true);
    // A marker event after the retry: when it arrives, anything the retry published would have too.
    const next = await respond({
      organizationId: org.id,
      conversationId: chat.conversationId,
      text: "thanks",
      now: OPEN_NOW,
    });
    await live.until(created(chat.conversationId, next.state.lastAgentSeq!));
    const turnEvents = live.events
      .filter((e) => e.type === "message.created" && e.conversationId === chat.conversationId)
      .map((e) => (e as { seq: number }).seq);
    expect(turnEvents).toEqual([1, 2, 3, 4, 5]);
    expect(otherLive.events).toEqual([]);
    live.stop();
    otherLive.stop();
  });

  it("after the conversation: the summary and outcome written by the post-conversation step reach live views once", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const live = await listen(org.id);
    const call = await startConversation({
      organizationId: org.id,
      channel: "voice",
      facilityId: facility.id,
      fromAddress: "+15125550142",
      now: OPEN_NOW,
    });
    await respond({
      organizationId: org.id,
      conversationId: call.conversationId,
      text: "what are your hours",
      now: OPEN_NOW,
    });

    const facts = await finalizeConversation(org.id, call.conversationId);
    expect(facts?.summary).toBeTruthy();
    const updated = (e: RealtimeEvent) => e.type === "conversation.updated" && e.conversationId === call.conversationId;
    await live.until(updated);

    // A re-run writes nothing, so it tells nobody; the marker turn after it proves the absence.
    await finalizeConversation(org.id, call.conversationId);
    const marker = await respond({
      organizationId: org.id,
      conversationId: call.conversationId,
      text: "thanks",
      now: OPEN_NOW,
    });
    await live.until(created(call.conversationId, marker.state.lastAgentSeq!));
    expect(live.events.filter(updated)).toHaveLength(1);
    live.stop();
  });
});
