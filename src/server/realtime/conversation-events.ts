import type { AgentTurn } from "@/server/agent/engine";

import { publish } from "./publish";

/**
 * What the engine tells live dashboards (the calls list, a call's page, the playground) about a
 * conversation, whatever its channel: voice, SMS, web chat or the playground. Ids only (events.ts).
 */

/** A new conversation, and its greeting when one was said. */
export async function publishConversationStarted(organizationId: string, channel: string, greeting: AgentTurn): Promise<void> {
  const seq = greeting.state.lastAgentSeq;
  await publish(organizationId, { type: "conversation.started", conversationId: greeting.conversationId, channel }, ...(seq ? [{ type: "message.created" as const, conversationId: greeting.conversationId, seq }] : []));
}

/** One turn: the caller's line and the agent's reply, in one round trip. */
export async function publishTurn(organizationId: string, turn: AgentTurn): Promise<void> {
  const agentSeq = turn.state.lastAgentSeq;
  if (!agentSeq || turn.duplicate) return;
  await publish(organizationId, { type: "message.created", conversationId: turn.conversationId, seq: agentSeq - 1 }, { type: "message.created", conversationId: turn.conversationId, seq: agentSeq });
}
