import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, facilityClosure } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";
import { isoDate } from "@/lib/zod-dates";

import { spanishText } from "./spanish-text";

export const ZClosure = z.object({
  date: isoDate(),
  reason: z.string().trim().max(200).default(""),
  /** Said to Spanish callers instead of `reason`; null: the English reason after a Spanish lead-in. */
  reasonEs: spanishText("The Spanish reason", 200),
});
export type ClosureInput = z.input<typeof ZClosure>;

/**
 * Replaces the facility's dated closures (holidays) with `closures`. A day already closed keeps its
 * row (its id, and its updated_at unless a reason changed), so the public API's closure ids and
 * `updated_since` syncs survive the dashboard saving the whole list; days left out are deleted.
 */
export async function setFacilityClosures(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  facilityId: string,
  closures: ClosureInput[],
) {
  const parsed = z.array(ZClosure).parse(closures);
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!f) throw notFound("Facility");
  const byDate = new Map(parsed.map((c) => [c.date, c]));
  await tx
    .delete(facilityClosure)
    .where(
      and(
        eq(facilityClosure.organizationId, organizationId),
        eq(facilityClosure.facilityId, facilityId),
        byDate.size > 0 ? notInArray(facilityClosure.date, [...byDate.keys()]) : undefined,
      ),
    );
  if (byDate.size > 0) {
    await tx
      .insert(facilityClosure)
      .values(
        [...byDate.values()].map((c) => ({
          organizationId,
          facilityId,
          date: c.date,
          reason: c.reason,
          reasonEs: c.reasonEs,
        })),
      )
      .onConflictDoUpdate({
        target: [facilityClosure.facilityId, facilityClosure.date],
        set: { reason: sql`excluded.reason`, reasonEs: sql`excluded.reason_es`, updatedAt: sql`now()` },
        setWhere: sql`(${facilityClosure.reason}, ${facilityClosure.reasonEs}) is distinct from (excluded.reason, excluded.reason_es)`,
      });
  }
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.closures_set",
    targetType: "facility",
    targetId: facilityId,
    data: { closures: [...byDate.values()] },
  });
  return [...byDate.values()];
}
