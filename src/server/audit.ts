import { sql, type SQLWrapper } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";

/** Records who did what. Call it with the same transaction as the change, so both land or neither. */
export interface AuditEntry {
  organizationId: string;
  actor: { userId?: string | null; label: string };
  action: string;
  targetType: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
}

export async function recordAudit(tx: Executor, entry: AuditEntry) {
  await auditInsert(tx, [entry]);
}

/**
 * The INSERT for one or more audit rows, not yet run: await it, or pass it to
 * `writeInOneStatement` with the change it records so both cost one round trip.
 */
export function auditInsert(tx: Executor, entries: AuditEntry[]) {
  return tx.insert(auditLog).values(
    entries.map((entry) => ({
      organizationId: entry.organizationId,
      actorUserId: entry.actor.userId ?? null,
      actorLabel: entry.actor.label,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
    })),
  );
}

/** An audit row's value, or SQL for it: a column of the target, or a placeholder in a prepared statement. */
type ValueOrSql<T> = T | SQLWrapper;

const isSql = (v: unknown): v is SQLWrapper => typeof (v as SQLWrapper | null)?.getSQL === "function";

/**
 * A CTE writing one audit row for each row of `target`, a data-modifying CTE that returns `id`
 * (the audit's target id). `tx.with(target, auditEach(tx, target, …)).select().from(target)` makes
 * the change, its audit row and the row back one statement; no row changed, no audit row. The
 * organization, the actor and the data may be SQL (`data` built from the target's columns, values
 * as placeholders when the statement is prepared).
 */
export function auditEach(
  tx: Executor,
  target: SQLWrapper,
  entry: Omit<AuditEntry, "targetId" | "organizationId" | "actor" | "data"> & {
    organizationId: ValueOrSql<string>;
    actor: { userId?: ValueOrSql<string | null>; label: ValueOrSql<string> };
    data?: Record<string, unknown> | SQLWrapper;
  },
  alias = "audit",
) {
  const data = isSql(entry.data) ? entry.data : sql`${JSON.stringify(entry.data ?? {})}::jsonb`;
  return tx.$with(alias, { one: sql<number>`1` }).as(
    sql`insert into ${auditLog} (organization_id, actor_user_id, actor_label, action, target_type, target_id, data)
      select ${entry.organizationId}, ${entry.actor.userId ?? null}, ${entry.actor.label}, ${entry.action}, ${entry.targetType}, ${target}.id::text, ${data}
      from ${target} returning 1 as one`,
  );
}
