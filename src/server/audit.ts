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

/**
 * A CTE writing one audit row for each row of `target`, a data-modifying CTE that returns `id`
 * (the audit's target id). `tx.with(target, auditEach(tx, target, …)).select().from(target)` makes
 * the change, its audit row and the row back one statement; no row changed, no audit row.
 */
export function auditEach(tx: Executor, target: SQLWrapper, entry: Omit<AuditEntry, "targetId">, alias = "audit") {
  return tx.$with(alias, { one: sql<number>`1` }).as(
    sql`insert into ${auditLog} (organization_id, actor_user_id, actor_label, action, target_type, target_id, data)
      select ${entry.organizationId}, ${entry.actor.userId ?? null}, ${entry.actor.label}, ${entry.action}, ${entry.targetType}, ${target}.id::text, ${JSON.stringify(entry.data ?? {})}::jsonb
      from ${target} returning 1 as one`,
  );
}
