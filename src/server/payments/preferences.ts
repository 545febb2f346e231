import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { paymentPreferences } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";

type PreferenceColumns = Omit<typeof paymentPreferences.$inferInsert, "organizationId" | "createdAt" | "updatedAt">;

/**
 * Stores some of an organization's payment preferences (the row is created on the first save; other
 * columns keep their values) and audits the change under `action` with `data`. Callers validate first.
 */
export async function savePaymentPreferences(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  change: { columns: PreferenceColumns; action: string; data: Record<string, unknown> },
): Promise<void> {
  await tx
    .insert(paymentPreferences)
    .values({ organizationId, ...change.columns })
    .onConflictDoUpdate({
      target: paymentPreferences.organizationId,
      set: { ...change.columns, updatedAt: new Date() },
    });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: change.action,
    targetType: "organization",
    targetId: organizationId,
    data: change.data,
  });
}
