import { and, asc, desc, eq, gt, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { facility, member, task, TASK_KINDS, user } from "@/server/db/schema";

/**
 * The inbox (issue 22): the operator's tasks, open ones by due time (overdue first), done ones by
 * when they were done. Filters: kind, who it is assigned to ("me" is the viewer's membership,
 * "unassigned" nobody's), facility. Paged by a cursor on the sort key and id, so a long inbox pages
 * through an index without OFFSET.
 */
export const ZListTasks = z.object({
  status: z.enum(["open", "done"]).default("open"),
  kind: z.enum(TASK_KINDS).nullish(),
  assignee: z.union([z.enum(["anyone", "me", "unassigned"]), z.string().min(1).max(100)]).default("anyone"),
  facilityId: z.uuid().nullish(),
  cursor: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/, "invalid cursor")
    .nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListTasksInput = z.input<typeof ZListTasks>;

export function assigneeFilter(assignee: string, viewerMemberId: string): SQL | undefined {
  if (assignee === "anyone") return undefined;
  if (assignee === "unassigned") return isNull(task.assigneeMemberId);
  return eq(task.assigneeMemberId, assignee === "me" ? viewerMemberId : assignee);
}

export async function listTasks(tx: Executor, organizationId: string, viewerMemberId: string, raw: ListTasksInput) {
  const input = ZListTasks.parse(raw);
  const open = input.status === "open";
  const where: (SQL | undefined)[] = [
    eq(task.organizationId, organizationId),
    open ? isNull(task.doneAt) : isNotNull(task.doneAt),
    input.kind ? eq(task.kind, input.kind) : undefined,
    assigneeFilter(input.assignee, viewerMemberId),
    input.facilityId ? eq(task.facilityId, input.facilityId) : undefined,
  ];
  if (input.cursor) {
    const [at, id] = input.cursor.split("|") as [string, string];
    const when = new Date(at);
    // Open: ascending due time; done: most recently done first.
    where.push(
      open
        ? or(gt(task.dueAt, when), and(eq(task.dueAt, when), gt(task.id, id)))
        : or(lt(task.doneAt, when), and(eq(task.doneAt, when), lt(task.id, id))),
    );
  }
  const rows = await tx
    .select({
      id: task.id,
      kind: task.kind,
      priority: task.priority,
      title: task.title,
      body: task.body,
      contactName: task.contactName,
      contactPhone: task.contactPhone,
      contactEmail: task.contactEmail,
      customerId: task.customerId,
      leadId: task.leadId,
      conversationId: task.conversationId,
      facilityId: task.facilityId,
      facilityName: facility.name,
      assigneeMemberId: task.assigneeMemberId,
      assigneeName: user.name,
      dueAt: task.dueAt,
      doneAt: task.doneAt,
      createdBy: task.createdBy,
      createdAt: task.createdAt,
    })
    .from(task)
    .leftJoin(facility, eq(facility.id, task.facilityId))
    .leftJoin(member, eq(member.id, task.assigneeMemberId))
    .leftJoin(user, eq(user.id, member.userId))
    .where(and(...where))
    .orderBy(open ? asc(task.dueAt) : desc(task.doneAt), open ? asc(task.id) : desc(task.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items[items.length - 1];
  const lastKey = last ? (open ? last.dueAt : last.doneAt) : null;
  return {
    items,
    nextCursor: rows.length > input.limit && last && lastKey ? `${lastKey.toISOString()}|${last.id}` : null,
  };
}

/**
 * The inbox's counts for its tabs and the Overview: open tasks, the viewer's own, nobody's,
 * overdue, urgent, and open by kind. One statement over the open-tasks partial index.
 */
export async function countTasks(tx: Executor, organizationId: string, viewerMemberId: string, now = new Date()) {
  const [row] = await tx
    .select({
      open: sql<number>`count(*)::int`,
      mine: sql<number>`count(*) filter (where ${task.assigneeMemberId} = ${viewerMemberId})::int`,
      unassigned: sql<number>`count(*) filter (where ${task.assigneeMemberId} is null)::int`,
      overdue: sql<number>`count(*) filter (where ${task.dueAt} < ${now})::int`,
      urgent: sql<number>`count(*) filter (where ${task.priority} = 'urgent')::int`,
      byKind: sql<Record<string, number>>`coalesce(
        (select jsonb_object_agg(k.kind, k.n) from (
          select ${task.kind} as kind, count(*)::int as n from ${task}
          where ${task.organizationId} = ${organizationId} and ${task.doneAt} is null group by ${task.kind}
        ) k), '{}'::jsonb)`,
    })
    .from(task)
    .where(and(eq(task.organizationId, organizationId), isNull(task.doneAt)));
  return row ?? { open: 0, mine: 0, unassigned: 0, overdue: 0, urgent: 0, byKind: {} };
}
