import { and, eq, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { member, task } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";

import type { Task } from "./create-task";
import { coercedDate } from "@/lib/zod-dates";

/** Staff working the inbox: assign a task, mark it done or open again, move its due time. Each is audited. */
export const ZAssignTask = z.object({ taskId: z.uuid(), memberId: z.string().min(1).max(100).nullable() });
export const ZSetTaskDone = z.object({ taskId: z.uuid(), done: z.boolean() });
export const ZRescheduleTask = z.object({ taskId: z.uuid(), dueAt: coercedDate() });

async function update(
  tx: Executor,
  organizationId: string,
  taskId: string,
  set: PgUpdateSetSource<typeof task>,
): Promise<Task> {
  const [row] = await tx
    .update(task)
    .set(set)
    .where(and(eq(task.organizationId, organizationId), eq(task.id, taskId)))
    .returning();
  if (!row) throw notFound("Task");
  return row;
}

export async function assignTask(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZAssignTask>,
): Promise<Task> {
  const input = ZAssignTask.parse(raw);
  if (input.memberId) {
    const [m] = await tx
      .select({ id: member.id })
      .from(member)
      .where(and(eq(member.organizationId, organizationId), eq(member.id, input.memberId)));
    if (!m) throw new DomainError("BAD_REQUEST", "That person is not a member of this organization.");
  }
  const row = await update(tx, organizationId, input.taskId, { assigneeMemberId: input.memberId });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "task.assigned",
    targetType: "task",
    targetId: row.id,
    data: { memberId: input.memberId },
  });
  return row;
}

export async function setTaskDone(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZSetTaskDone>,
): Promise<Task> {
  const input = ZSetTaskDone.parse(raw);
  const row = await update(
    tx,
    organizationId,
    input.taskId,
    // Done twice keeps the first moment and person: a second tab's click changes nothing.
    input.done
      ? {
          doneAt: sql`coalesce(${task.doneAt}, now())`,
          doneByUserId: sql`case when ${task.doneAt} is null then ${actor.userId ?? null} else ${task.doneByUserId} end`,
        }
      : { doneAt: null, doneByUserId: null },
  );
  await recordAudit(tx, {
    organizationId,
    actor,
    action: input.done ? "task.done" : "task.reopened",
    targetType: "task",
    targetId: row.id,
  });
  return row;
}

export async function rescheduleTask(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZRescheduleTask>,
): Promise<Task> {
  const input = ZRescheduleTask.parse(raw);
  const row = await update(tx, organizationId, input.taskId, { dueAt: input.dueAt });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "task.rescheduled",
    targetType: "task",
    targetId: row.id,
    data: { dueAt: input.dueAt.toISOString() },
  });
  return row;
}
