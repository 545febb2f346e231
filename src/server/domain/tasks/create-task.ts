import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { task, TASK_KINDS, TASK_PRIORITIES } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { toE164 } from "@/lib/normalize-phone";
import { coercedDate } from "@/lib/zod-dates";

export const ZCreateTask = z.object({
  kind: z.enum(TASK_KINDS),
  priority: z.enum(TASK_PRIORITIES).default("normal"),
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().max(8000).nullish(),
  facilityId: z.uuid().nullish(),
  contactName: z.string().trim().max(200).nullish(),
  contactPhone: z.string().trim().max(40).nullish(),
  contactEmail: z.string().trim().max(254).nullish(),
  customerId: z.uuid().nullish(),
  leadId: z.uuid().nullish(),
  conversationId: z.uuid().nullish(),
  assigneeMemberId: z.string().min(1).nullish(),
  dueAt: coercedDate().optional(),
  sourceKey: z.string().trim().min(1).max(300).nullish(),
});
export type CreateTaskInput = z.input<typeof ZCreateTask>;
export type Task = typeof task.$inferSelect;

/**
 * Creates a task for the operator's staff, with its audit row, in the caller's transaction. With a
 * `sourceKey`, creation is idempotent: the existing task for that key comes back (`created: false`)
 * and nothing is written, so a retried workflow step or a second path to the same moment never
 * leaves two tasks. The phone is stored as E.164 when it parses, as given otherwise.
 */
export async function createTask(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: CreateTaskInput,
): Promise<{ task: Task; created: boolean }> {
  const input = ZCreateTask.parse(raw);
  const contactPhone = input.contactPhone ? (toE164(input.contactPhone) ?? input.contactPhone) : null;
  const [inserted] = await tx
    .insert(task)
    .values({
      organizationId,
      kind: input.kind,
      priority: input.priority,
      title: input.title,
      body: input.body ?? null,
      facilityId: input.facilityId ?? null,
      contactName: input.contactName ?? null,
      contactPhone,
      contactEmail: input.contactEmail ?? null,
      customerId: input.customerId ?? null,
      leadId: input.leadId ?? null,
      conversationId: input.conversationId ?? null,
      assigneeMemberId: input.assigneeMemberId ?? null,
      dueAt: input.dueAt ?? sql`now()`,
      createdBy: actor.label,
      sourceKey: input.sourceKey ?? null,
    })
    .onConflictDoNothing({ target: [task.organizationId, task.sourceKey], where: sql`${task.sourceKey} is not null` })
    .returning();
  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(task)
      .where(and(eq(task.organizationId, organizationId), eq(task.sourceKey, input.sourceKey!)));
    return { task: existing!, created: false };
  }
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "task.created",
    targetType: "task",
    targetId: inserted.id,
    data: { kind: inserted.kind, priority: inserted.priority, conversationId: inserted.conversationId },
  });
  return { task: inserted, created: true };
}
