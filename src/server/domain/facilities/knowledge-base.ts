import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, KB_KINDS, knowledgeBaseEntry } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

import { spanishText } from "./spanish-text";

export const ZKnowledgeBaseInput = z.object({
  facilityId: z.uuid().nullable().default(null),
  kind: z.enum(KB_KINDS),
  question: z.string().trim().min(2).max(500),
  answer: z.string().trim().min(1).max(8000),
  /** Spanish versions (optional): the answer said to Spanish callers, the question matched against their words. */
  questionEs: spanishText("The Spanish question", 500, 2),
  answerEs: spanishText("The Spanish answer", 8000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
});
export type KnowledgeBaseInput = z.input<typeof ZKnowledgeBaseInput>;

export async function getKnowledgeBaseEntry(tx: Executor, organizationId: string, entryId: string) {
  const [row] = await tx
    .select()
    .from(knowledgeBaseEntry)
    .where(and(eq(knowledgeBaseEntry.organizationId, organizationId), eq(knowledgeBaseEntry.id, entryId)));
  if (!row) throw notFound("Knowledge base entry");
  return row;
}

/** Creates an entry, or updates it when `entryId` is given. facilityId null: applies org-wide. */
export async function saveKnowledgeBaseEntry(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: KnowledgeBaseInput,
  entryId?: string,
) {
  const data = ZKnowledgeBaseInput.parse(input);
  // Another organization's facility is not found here (the composite foreign key would refuse it
  // too, but as a database error: a 500).
  if (data.facilityId) {
    const [own] = await tx
      .select({ id: facility.id })
      .from(facility)
      .where(and(eq(facility.organizationId, organizationId), eq(facility.id, data.facilityId)));
    if (!own) throw notFound("Facility");
  }
  const [row] = entryId
    ? await tx
        .update(knowledgeBaseEntry)
        .set(data)
        .where(and(eq(knowledgeBaseEntry.organizationId, organizationId), eq(knowledgeBaseEntry.id, entryId)))
        .returning()
    : await tx
        .insert(knowledgeBaseEntry)
        .values({ ...data, organizationId })
        .returning();
  if (!row) throw notFound("Knowledge base entry");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: entryId ? "knowledge_base.updated" : "knowledge_base.created",
    targetType: "knowledge_base_entry",
    targetId: row.id,
    data: { question: data.question, spanish: data.answerEs !== null },
  });
  return row;
}

export async function deleteKnowledgeBaseEntry(tx: Executor, organizationId: string, actor: Actor, entryId: string) {
  const [row] = await tx
    .delete(knowledgeBaseEntry)
    .where(and(eq(knowledgeBaseEntry.organizationId, organizationId), eq(knowledgeBaseEntry.id, entryId)))
    .returning();
  if (!row) throw notFound("Knowledge base entry");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "knowledge_base.deleted",
    targetType: "knowledge_base_entry",
    targetId: entryId,
    data: { question: row.question },
  });
  return { ok: true as const };
}
