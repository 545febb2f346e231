import { enqueueWorkflow } from "./client";
import { WORKFLOWS, workflowIds } from "./names";
import type { MissedCallInput } from "./workflows/missed-call-text-back";
import type { PostConversationInput } from "./workflows/post-conversation";

/**
 * Call and conversation triggers, callable from any process (Twilio status callbacks, the agent).
 *
 *   startMissedCallTextBack  a call ended unanswered/abandoned before the agent could help
 *   startPostConversation    any conversation ended (call hung up, chat closed, SMS thread idle)
 */
export function startMissedCallTextBack(input: MissedCallInput): Promise<string> {
  return enqueueWorkflow({
    workflowName: WORKFLOWS.missedCallTextBack,
    workflowId: workflowIds.missedCall(input.callSid),
    organizationId: input.organizationId,
    args: [input],
  });
}

export function startPostConversation(conversationId: string, organizationId: string): Promise<string> {
  const input: PostConversationInput = { conversationId, organizationId };
  return enqueueWorkflow({
    workflowName: WORKFLOWS.postConversation,
    workflowId: workflowIds.postConversation(conversationId),
    organizationId,
    args: [input],
  });
}
