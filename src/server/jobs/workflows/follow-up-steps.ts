import { and, eq, inArray } from "drizzle-orm";

import { db, withOrg } from "@/server/db/client";
import {
  customer,
  facility,
  followUp,
  followUpSequence,
  lead,
  unitType,
  type FollowUpSequenceStatus,
  type FollowUpStepConfig,
  type FollowUpStopReason,
} from "@/server/db/schema";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { log } from "@/server/log";

import { scaledMinutes } from "../config";
import { nextSendTime, type SendWindow } from "../quiet-hours";
import { getAutomationSettings } from "../settings";
import { followUpText } from "./follow-up-texts";

/**
 * The follow-up workflow's steps: each reads fresh state, does one thing, and is safe to run again
 * (DBOS re-runs a step whose result it had not recorded when the process died).
 */
export interface SequencePlan {
  sequenceId: string;
  startedAt: number;
  steps: FollowUpStepConfig[];
  timeZone: string;
  window: SendWindow;
  stop: FollowUpStopReason | null;
}

const CLOSED_LEAD: Record<string, FollowUpStopReason> = {
  reserved: "reserved",
  moved_in: "reserved",
  lost: "lead_closed",
};

export async function beginSequence(input: {
  organizationId: string;
  leadId: string;
  workflowId: string;
  trigger: string;
}): Promise<SequencePlan> {
  const { organizationId, leadId } = input;
  return withOrg(organizationId, async (tx) => {
    await tx
      .insert(followUpSequence)
      .values({ organizationId, leadId, workflowId: input.workflowId, trigger: input.trigger })
      .onConflictDoNothing({ target: followUpSequence.workflowId });
    const [seq] = await tx
      .select()
      .from(followUpSequence)
      .where(
        and(eq(followUpSequence.organizationId, organizationId), eq(followUpSequence.workflowId, input.workflowId)),
      );
    const settings = await getAutomationSettings(tx, organizationId);
    const [row] = await tx
      .select({ status: lead.status, phone: customer.phone, timeZone: facility.timeZone })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .leftJoin(facility, eq(facility.id, lead.facilityId))
      .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
    let stop: FollowUpStopReason | null = seq!.status === "cancelled" ? "cancelled" : null;
    if (!stop && !settings.followUpsEnabled) stop = "disabled";
    if (!stop && !row) stop = "lead_closed";
    if (!stop && row && CLOSED_LEAD[row.status]) stop = CLOSED_LEAD[row.status]!;
    if (!stop && !row?.phone) stop = "no_phone";
    return {
      sequenceId: seq!.id,
      startedAt: Date.now(),
      steps: settings.followUpSteps,
      timeZone: row?.timeZone ?? "America/New_York",
      window: settings.quietHours,
      stop,
    };
  });
}

/** Writes the follow-up row a lead's page shows as "scheduled" and returns when it is due. */
export async function scheduleFollowUp(input: {
  organizationId: string;
  leadId: string;
  plan: SequencePlan;
  stepIndex: number;
  notBefore?: number;
}): Promise<number> {
  const { organizationId, plan, stepIndex } = input;
  const step = plan.steps[stepIndex]!;
  const wanted = Math.max(Date.now(), plan.startedAt + scaledMinutes(step.delayMinutes), input.notBefore ?? 0);
  const due = nextSendTime(new Date(wanted), plan.timeZone, plan.window);
  await withOrg(organizationId, async (tx) => {
    await tx
      .insert(followUp)
      .values({
        organizationId,
        sequenceId: plan.sequenceId,
        leadId: input.leadId,
        stepIndex,
        template: step.template,
        scheduledFor: due,
      })
      .onConflictDoUpdate({
        target: [followUp.sequenceId, followUp.stepIndex],
        set: { scheduledFor: due, status: "scheduled" },
      });
    await tx
      .update(lead)
      .set({ nextFollowUpAt: due })
      .where(and(eq(lead.organizationId, organizationId), eq(lead.id, input.leadId)));
  });
  return due.getTime();
}

export type SendOutcome =
  { kind: "sent" | "failed" } | { kind: "stop"; reason: FollowUpStopReason } | { kind: "reschedule"; at: number };

export async function sendFollowUp(input: {
  organizationId: string;
  leadId: string;
  plan: SequencePlan;
  stepIndex: number;
}): Promise<SendOutcome> {
  const { organizationId, leadId, plan, stepIndex } = input;
  const step = plan.steps[stepIndex]!;
  const now = new Date();
  // A resume after a long pause can land at night: wait for the window again.
  const allowed = nextSendTime(now, plan.timeZone, plan.window);
  if (allowed.getTime() > now.getTime()) return { kind: "reschedule", at: allowed.getTime() };

  const ctx = await withOrg(organizationId, async (tx) => {
    const [seq] = await tx
      .select({ status: followUpSequence.status })
      .from(followUpSequence)
      .where(and(eq(followUpSequence.organizationId, organizationId), eq(followUpSequence.id, plan.sequenceId)));
    const [row] = await tx
      .select({
        status: lead.status,
        name: customer.name,
        phone: customer.phone,
        facilityId: lead.facilityId,
        facilityName: facility.name,
        unitName: unitType.name,
        webRate: unitType.webRateCents,
      })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .leftJoin(facility, eq(facility.id, lead.facilityId))
      .leftJoin(unitType, eq(unitType.id, lead.desiredUnitTypeId))
      .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
    return { seq, row };
  });
  if (ctx.seq?.status === "cancelled") return { kind: "stop", reason: "cancelled" };
  if (!ctx.row) return { kind: "stop", reason: "lead_closed" };
  const closed = CLOSED_LEAD[ctx.row.status];
  if (closed) return { kind: "stop", reason: closed };
  if (!ctx.row.phone) return { kind: "stop", reason: "no_phone" };

  const body = followUpText(step.template, {
    firstName: ctx.row.name.trim().split(/\s+/)[0] || null,
    facilityName: ctx.row.facilityName ?? "our storage facility",
    unit:
      ctx.row.unitName && ctx.row.webRate != null ? { name: ctx.row.unitName, monthlyCents: ctx.row.webRate } : null,
  });
  const result = await sendSms({
    organizationId,
    to: ctx.row.phone,
    body,
    facilityId: ctx.row.facilityId,
    idempotencyKey: `follow-up:${plan.sequenceId}:${stepIndex}`,
  });
  if (!result.ok && result.reason === "opted_out") return { kind: "stop", reason: "opted_out" };
  await withOrg(organizationId, (tx) =>
    tx
      .update(followUp)
      .set(
        result.ok
          ? { status: "sent", sentAt: now, body, smsMessageId: result.id, detail: null }
          : { status: "failed", body, smsMessageId: result.id ?? null, detail: result.message },
      )
      .where(
        and(
          eq(followUp.organizationId, organizationId),
          eq(followUp.sequenceId, plan.sequenceId),
          eq(followUp.stepIndex, stepIndex),
        ),
      ),
  );
  if (!result.ok) log.warn({ organizationId, leadId, stepIndex, reason: result.reason }, "follow-up text not sent");
  return { kind: result.ok ? "sent" : "failed" };
}

/** Records a pause, resume, stop or completion; stopping drops the texts still scheduled. */
export async function setSequenceStatus(input: {
  organizationId: string;
  leadId: string;
  sequenceId: string;
  status: FollowUpSequenceStatus;
  stopReason?: FollowUpStopReason;
  replyText?: string;
}) {
  const { organizationId, sequenceId } = input;
  await withOrg(organizationId, async (tx) => {
    await tx
      .update(followUpSequence)
      .set({
        status: input.status,
        stopReason: input.stopReason ?? null,
        ...(input.replyText !== undefined ? { replyText: input.replyText } : {}),
      })
      .where(and(eq(followUpSequence.organizationId, organizationId), eq(followUpSequence.id, sequenceId)));
    if (input.status === "stopped" || input.status === "cancelled" || input.status === "completed") {
      await tx
        .update(followUp)
        .set({ status: input.status === "completed" ? "skipped" : "cancelled", detail: input.stopReason ?? null })
        .where(
          and(
            eq(followUp.organizationId, organizationId),
            eq(followUp.sequenceId, sequenceId),
            eq(followUp.status, "scheduled"),
          ),
        );
      const active = await tx
        .select({ id: followUpSequence.id })
        .from(followUpSequence)
        .where(
          and(
            eq(followUpSequence.organizationId, organizationId),
            eq(followUpSequence.leadId, input.leadId),
            inArray(followUpSequence.status, ["active", "paused"]),
          ),
        );
      if (!active.length)
        await tx
          .update(lead)
          .set({ nextFollowUpAt: null })
          .where(and(eq(lead.organizationId, organizationId), eq(lead.id, input.leadId)));
    }
  });
}

/** Used by triggers: the lead's sequences that a message could still reach. */
export function liveSequences(organizationId: string | null, leadId: string) {
  const where = and(
    eq(followUpSequence.leadId, leadId),
    inArray(followUpSequence.status, ["active", "paused"]),
    organizationId ? eq(followUpSequence.organizationId, organizationId) : undefined,
  );
  return db
    .select({
      id: followUpSequence.id,
      workflowId: followUpSequence.workflowId,
      organizationId: followUpSequence.organizationId,
    })
    .from(followUpSequence)
    .where(where);
}
