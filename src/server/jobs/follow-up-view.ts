import { and, asc, desc, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { followUp, followUpSequence, lead } from "@/server/db/schema";

/** A lead's follow-up sequences, newest first, each with its texts (scheduled and past). */
export async function leadFollowUps(tx: Executor, organizationId: string, leadId: string) {
  const [l] = await tx
    .select({ id: lead.id, nextFollowUpAt: lead.nextFollowUpAt })
    .from(lead)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
  if (!l) return null;
  const sequences = await tx
    .select()
    .from(followUpSequence)
    .where(and(eq(followUpSequence.organizationId, organizationId), eq(followUpSequence.leadId, leadId)))
    .orderBy(desc(followUpSequence.createdAt))
    .limit(20);
  const texts = await tx
    .select()
    .from(followUp)
    .where(and(eq(followUp.organizationId, organizationId), eq(followUp.leadId, leadId)))
    .orderBy(asc(followUp.scheduledFor));
  return {
    nextFollowUpAt: l.nextFollowUpAt,
    canPause: sequences.some((s) => s.status === "active"),
    canResume: sequences.some((s) => s.status === "paused"),
    sequences: sequences.map((s) => ({
      id: s.id,
      trigger: s.trigger,
      status: s.status,
      stopReason: s.stopReason,
      replyText: s.replyText,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      followUps: texts
        .filter((t) => t.sequenceId === s.id)
        .map((t) => ({
          id: t.id,
          stepIndex: t.stepIndex,
          template: t.template,
          status: t.status,
          scheduledFor: t.scheduledFor,
          sentAt: t.sentAt,
          body: t.body,
          detail: t.detail,
        })),
    })),
  };
}
