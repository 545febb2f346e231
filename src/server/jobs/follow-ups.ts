import { and, eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { followUpSequence } from "@/server/db/schema";

import { enqueueWorkflow, sendToWorkflow } from "./client";
import { TOPICS, WORKFLOWS, workflowIds, type FollowUpControl } from "./names";
import { liveSequences } from "./workflows/follow-up-steps";

/**
 * Follow-up triggers, callable from any process (route handlers, tRPC, other workflows).
 *
 *   startFollowUps      after a call/chat ended without a reservation (post-conversation does it)
 *   notifyLeadReplied   from the inbound SMS handler when a lead texts back
 *   notifyLeadReserved  when a lead reserves (the reservation lifecycle does it)
 *   pause/resume/cancelFollowUps  a member takes over, from the lead page
 */
export async function startFollowUps(input: {
  organizationId: string;
  leadId: string;
  trigger: string;
}): Promise<string> {
  const workflowId = workflowIds.followUp(input.leadId, input.trigger);
  // A newer sequence replaces any older one still running for this lead.
  for (const s of await liveSequences(input.organizationId, input.leadId)) {
    if (s.workflowId !== workflowId) await control(s.workflowId, { kind: "cancel" }, `supersede:${workflowId}`);
  }
  // The row exists from the start so a reply that arrives before the workflow runs still finds it.
  await db
    .insert(followUpSequence)
    .values({ organizationId: input.organizationId, leadId: input.leadId, workflowId, trigger: input.trigger })
    .onConflictDoNothing({ target: followUpSequence.workflowId });
  return enqueueWorkflow({
    workflowName: WORKFLOWS.followUpSequence,
    workflowId,
    organizationId: input.organizationId,
    args: [input],
  });
}

async function control(workflowId: string, message: FollowUpControl, key: string) {
  await sendToWorkflow(workflowId, message, TOPICS.followUpControl, `${workflowId}:${key}`);
}

async function broadcast(
  organizationId: string | null,
  leadId: string,
  message: FollowUpControl,
  key: string,
): Promise<number> {
  const live = await liveSequences(organizationId, leadId);
  for (const s of live) await control(s.workflowId, message, key);
  return live.length;
}

/** The lead texted back: its sequence stops (the inbound SMS handler answers the text). */
export function notifyLeadReplied(leadId: string, text: string, messageSid?: string) {
  return broadcast(null, leadId, { kind: "replied", text: text.slice(0, 1000) }, `replied:${messageSid ?? text}`);
}

export function notifyLeadReserved(organizationId: string, leadId: string, reservationId: string) {
  return broadcast(organizationId, leadId, { kind: "reserved", reservationId }, `reserved:${reservationId}`);
}

/**
 * Member controls. Each sends a message the waiting workflow acts on; a unique key per request
 * makes a double click harmless and lets a later pause follow a resume.
 */
export async function pauseFollowUps(organizationId: string, leadId: string, by: string) {
  return broadcast(organizationId, leadId, { kind: "pause", by }, `pause:${Date.now()}`);
}

export async function resumeFollowUps(organizationId: string, leadId: string, by: string) {
  return broadcast(organizationId, leadId, { kind: "resume", by }, `resume:${Date.now()}`);
}

/**
 * Cancels at once in the table (so the page shows it and a send step that races the message sees
 * it), then tells the workflow, which stops waiting.
 */
export async function cancelFollowUps(organizationId: string, leadId: string, by: string) {
  const live = await liveSequences(organizationId, leadId);
  for (const s of live) {
    await db
      .update(followUpSequence)
      .set({ status: "cancelled", stopReason: "cancelled" })
      .where(and(eq(followUpSequence.organizationId, organizationId), eq(followUpSequence.id, s.id)));
    await control(s.workflowId, { kind: "cancel", by }, "cancel");
  }
  return live.length;
}
