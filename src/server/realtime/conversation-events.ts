import type { AgentTurn } from "@/server/agent/engine";

import { NOTIFY_CHANNEL } from "./events";
import { publish, realtimeTransport } from "./publish";

/**
 * What the engine tells live dashboards (the calls list, a call's page, the playground) about a
 * conversation, whatever its channel: voice, SMS, web chat or the playground. Ids only (events.ts).
 */

/** A new conversation, and its greeting when one was said. */
export async function publishConversationStarted(
  organizationId: string,
  channel: string,
  greeting: AgentTurn,
): Promise<void> {
  const seq = greeting.state.lastAgentSeq;
  await publish(
    organizationId,
    { type: "conversation.started", conversationId: greeting.conversationId, channel },
    ...(seq ? [{ type: "message.created" as const, conversationId: greeting.conversationId, seq }] : []),
  );
}

/**
 * With Postgres NOTIFY as the transport, a turn's message.created events are sent by the very
 * statement that stores the turn (saveTurn in agent/store/conversation-store.ts, which builds the
 * same Envelope in SQL): Postgres delivers them when the turn commits, never for one that rolled
 * back, and it costs no round trip on the caller's latency path. Returns the channel to notify on,
 * or null when events go through Pusher, after the commit (publishTurn).
 */
export function turnEventsInStatement(): string | null {
  return realtimeTransport() === "sse" ? NOTIFY_CHANNEL : null;
}

/** One turn: the caller's line and the agent's reply, in one round trip (nothing if the turn's statement sent them). */
export async function publishTurn(organizationId: string, turn: AgentTurn): Promise<void> {
  const agentSeq = turn.state.lastAgentSeq;
  if (!agentSeq || turn.duplicate || turnEventsInStatement()) return;
  await publish(
    organizationId,
    { type: "message.created", conversationId: turn.conversationId, seq: agentSeq - 1 },
    { type: "message.created", conversationId: turn.conversationId, seq: agentSeq },
  );
}
