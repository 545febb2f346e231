import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";

import { patchOf } from "@/lib/zod-patch";
import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, REPORT_FREQUENCIES, REPORT_KINDS, reportSchedule } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

/** Scheduled reports: which report, how often, for which facility, to whom (Reports page, tRPC reports.*). */
const ZRecipient = z.string().trim().toLowerCase().pipe(z.email("Enter valid e-mail addresses."));
export const ZScheduleInput = z.object({
  report: z.enum(REPORT_KINDS),
  frequency: z.enum(REPORT_FREQUENCIES),
  facilityId: z.uuid().nullish(),
  recipients: z
    .array(ZRecipient)
    .min(1, "Add at least one recipient.")
    .max(20, "At most 20 recipients.")
    .transform((r) => [...new Set(r)]),
  enabled: z.boolean().default(true),
});
export type ScheduleInput = z.input<typeof ZScheduleInput>;
// patchOf, not .partial(): Zod 4 would fill `enabled: true` into a patch that names only the recipients.
export const ZScheduleUpdate = z.object({ scheduleId: z.uuid(), patch: patchOf(ZScheduleInput) });

async function checkFacility(tx: Executor, organizationId: string, facilityId: string | null | undefined) {
  if (!facilityId) return;
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!f) throw notFound("Facility");
}

export function listSchedules(tx: Executor, organizationId: string) {
  return tx
    .select()
    .from(reportSchedule)
    .where(eq(reportSchedule.organizationId, organizationId))
    .orderBy(asc(reportSchedule.createdAt), asc(reportSchedule.id));
}

export async function createSchedule(tx: Executor, organizationId: string, actor: Actor, raw: ScheduleInput) {
  const input = ZScheduleInput.parse(raw);
  await checkFacility(tx, organizationId, input.facilityId);
  const [row] = await tx
    .insert(reportSchedule)
    .values({
      organizationId,
      report: input.report,
      frequency: input.frequency,
      facilityId: input.facilityId ?? null,
      recipients: input.recipients,
      enabled: input.enabled,
      createdBy: actor.label,
    })
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "report_schedule.created",
    targetType: "report_schedule",
    targetId: row!.id,
    data: { report: input.report, frequency: input.frequency, recipients: input.recipients.length },
  });
  return row!;
}

export async function updateSchedule(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZScheduleUpdate>,
) {
  const { scheduleId, patch } = ZScheduleUpdate.parse(raw);
  await checkFacility(tx, organizationId, patch.facilityId);
  const [row] = await tx
    .update(reportSchedule)
    .set({ ...patch, facilityId: patch.facilityId === undefined ? undefined : (patch.facilityId ?? null) })
    .where(and(eq(reportSchedule.organizationId, organizationId), eq(reportSchedule.id, scheduleId)))
    .returning();
  if (!row) throw notFound("Schedule");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "report_schedule.updated",
    targetType: "report_schedule",
    targetId: scheduleId,
    data: { fields: Object.keys(patch) },
  });
  return row;
}

export async function deleteSchedule(tx: Executor, organizationId: string, actor: Actor, scheduleId: string) {
  const [row] = await tx
    .delete(reportSchedule)
    .where(and(eq(reportSchedule.organizationId, organizationId), eq(reportSchedule.id, scheduleId)))
    .returning({ id: reportSchedule.id });
  if (!row) throw notFound("Schedule");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "report_schedule.deleted",
    targetType: "report_schedule",
    targetId: scheduleId,
  });
  return { deleted: true as const };
}
