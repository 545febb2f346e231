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
