import { eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { retentionSettings } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";

/** Settings › Data retention (tRPC `organization.retention` / `updateRetention`). */
export const ZRetentionSettings = z.object({
  /** Days to keep transcripts; null keeps them. At least 1 day, at most 100 years. */
  transcriptDays: z.number().int().min(1, "Keep transcripts at least one day.").max(36_500).nullable(),
});
export type RetentionSettings = z.infer<typeof ZRetentionSettings>;

export async function getRetention(tx: Executor, organizationId: string): Promise<RetentionSettings> {
  const [row] = await tx.select().from(retentionSettings).where(eq(retentionSettings.organizationId, organizationId));
  return { transcriptDays: row?.transcriptDays ?? null };
}

export async function updateRetention(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: RetentionSettings,
): Promise<RetentionSettings> {
  const input = ZRetentionSettings.parse(raw);
  const before = await getRetention(tx, organizationId);
  await tx
    .insert(retentionSettings)
    .values({ organizationId, transcriptDays: input.transcriptDays })
    .onConflictDoUpdate({ target: retentionSettings.organizationId, set: { transcriptDays: input.transcriptDays } });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "retention.updated",
    targetType: "organization",
    targetId: organizationId,
    data: { before: before.transcriptDays, after: input.transcriptDays },
  });
  return input;
}
