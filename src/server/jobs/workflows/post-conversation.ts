import { DBOS } from "@dbos-inc/dbos-sdk";

import { startFollowUps } from "../follow-ups";
import { WORKFLOWS } from "../names";
import { summarizeWithModel } from "./conversation-summary";
import { finalizeConversation } from "./post-conversation-steps";

/**
 * After a call or conversation ends (docs/workflows.md): the model's summary when a model is
 * configured (its own step, outside the transaction: a slow model holds no lock, and a recovered
 * workflow does not ask it twice), then outcome, summary (built from the turns when the model gave
 * none), lead score, usage and the call.completed webhook event in one transaction (finalize), then
 * the lead's follow-up sequence when the conversation ended without a reservation.
 *
 * A lead for a conversation that had none, and a task for a message half-taken, are made by
 * endConversation (agent/wrap-up.ts) just before this workflow starts, on every channel.
 */
export interface PostConversationInput {
  organizationId: string;
  conversationId: string;
}

const FOLLOW_UP_OUTCOMES = new Set(["lead", "question_answered", "abandoned", "message"]);

async function postConversationWorkflow(input: PostConversationInput) {
  const modelSummary = await DBOS.runStep(() => summarizeWithModel(input.organizationId, input.conversationId), {
    name: "summarize",
  });
  const facts = await DBOS.runStep(
    () => finalizeConversation(input.organizationId, input.conversationId, { summary: modelSummary }),
    {
      name: "finalize",
      retriesAllowed: true,
      maxAttempts: 5,
      intervalSeconds: 3,
      backoffRate: 2,
    },
  );
  if (!facts) return { skipped: "conversation not found" as const };
  let followUpWorkflowId: string | null = null;
  if (facts.leadId && !facts.reservationId && FOLLOW_UP_OUTCOMES.has(facts.outcome)) {
    const leadId = facts.leadId;
    followUpWorkflowId = await DBOS.runStep(
      () =>
        startFollowUps({
          organizationId: input.organizationId,
          leadId,
          trigger: `conversation:${input.conversationId}`,
        }),
      { name: "start-follow-ups" },
    );
  }
  return { outcome: facts.outcome, summary: facts.summary, leadScore: facts.leadScore, followUpWorkflowId };
}

export const postConversation = DBOS.registerWorkflow(postConversationWorkflow, { name: WORKFLOWS.postConversation });
