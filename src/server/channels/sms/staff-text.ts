import { randomUUID } from "node:crypto";

import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import { withOrg, type Transaction } from "@/server/db/client";
import { conversation, customer, facility, lead, phoneNumber, smsMessage } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { toE164 } from "@/lib/normalize-phone";
import { getAutomationSettings } from "@/server/jobs/settings";
import { inSendWindow, nextSendTime } from "@/server/jobs/quiet-hours";
import { publish } from "@/server/realtime/publish";

import { appendThreadLine } from "../staff-thread";
import { openThreadOf } from "./inbound";
import { isOptedOut } from "@/server/integrations/sms/opt-out";
import { MAX_SMS_BODY, sendSms } from "@/server/integrations/sms/send-sms";

/**
 * A text a person at the operator writes from the dashboard to a lead or customer (issue 22,
 * "reply from the dashboard"): to a customer's phone, or into a conversation (an SMS thread, or
 * the number a call came from). It goes out through sendSms (Twilio, or the outbox without it),
 * never to a phone that replied STOP, and never in quiet hours unless the person texted us in the
 * last hour (a reply in a live exchange is not an unsolicited text). It joins the phone's open
 * SMS thread, or starts one, and that thread is then the staff's (`handler = 'staff'`): the
 * customer's answer comes to the dashboard instead of the agent, until someone hands it back.
 */
export const ZStaffText = z
  .object({
    customerId: z.uuid().nullish(),
    conversationId: z.uuid().nullish(),
    body: z.string().trim().min(1, "Write the text first.").max(MAX_SMS_BODY),
    /** Makes a retried or double-clicked send one text. */
    clientKey: z.uuid().optional(),
  })
  .refine((v) => Boolean(v.customerId) !== Boolean(v.conversationId), "Name a customer or a conversation.");
export type StaffTextInput = z.input<typeof ZStaffText>;

/** A text the customer sent us this recently makes ours a reply, allowed in quiet hours. */
export const LIVE_EXCHANGE_MS = 60 * 60_000;
const FALLBACK_TIME_ZONE = "America/New_York";

interface Target {
  phone: string;
  customerId: string | null;
  leadId: string | null;
  facilityId: string | null;
  /** Our number the thread uses, when known. */
  ourNumber: string | null;
  timeZone: string;
}

async function facilityZone(tx: Transaction, organizationId: string, facilityId: string | null): Promise<string> {
  const [row] = await tx
    .select({ tz: facility.timeZone })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), facilityId ? eq(facility.id, facilityId) : undefined))
    .orderBy(asc(facility.createdAt))
    .limit(1);
  return row?.tz ?? FALLBACK_TIME_ZONE;
}

async function ourNumberFor(tx: Transaction, organizationId: string, facilityId: string | null) {
  const [row] = await tx
    .select({ e164: phoneNumber.e164 })
    .from(phoneNumber)
    .where(and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.status, "active")))
    .orderBy(sql`(${phoneNumber.facilityId} is not distinct from ${facilityId}) desc`, asc(phoneNumber.createdAt))
    .limit(1);
  return row?.e164 ?? null;
}

async function resolveTarget(
  tx: Transaction,
  organizationId: string,
  input: z.infer<typeof ZStaffText>,
): Promise<Target> {
  if (input.conversationId) {
    const [c] = await tx
      .select({
        channel: conversation.channel,
        direction: conversation.direction,
        from: conversation.fromAddress,
        to: conversation.toAddress,
        customerId: conversation.customerId,
        leadId: conversation.leadId,
        facilityId: conversation.facilityId,
      })
      .from(conversation)
      .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, input.conversationId)));
    if (!c) throw notFound("Conversation");
    const phone = c.channel === "voice" || c.channel === "sms" ? toE164(c.from ?? "") : null;
    if (!phone) throw new DomainError("BAD_REQUEST", "This conversation has no phone number to text.");
    return {
      phone,
      customerId: c.customerId,
      leadId: c.leadId,
      facilityId: c.facilityId,
      ourNumber: c.to && toE164(c.to) ? c.to : await ourNumberFor(tx, organizationId, c.facilityId),
      timeZone: await facilityZone(tx, organizationId, c.facilityId),
    };
  }
  const [c] = await tx
    .select({ phone: customer.phone, leadId: lead.id, facilityId: lead.facilityId })
    .from(customer)
    .leftJoin(lead, and(eq(lead.customerId, customer.id), eq(lead.organizationId, organizationId)))
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, input.customerId!)));
  if (!c) throw notFound("Customer");
  if (!c.phone) throw new DomainError("BAD_REQUEST", "This customer has no phone number to text.");
  return {
    phone: c.phone,
    customerId: input.customerId!,
    leadId: c.leadId,
    facilityId: c.facilityId,
    ourNumber: await ourNumberFor(tx, organizationId, c.facilityId),
    timeZone: await facilityZone(tx, organizationId, c.facilityId),
  };
}

/** Whether the phone texted us within the live-exchange window. */
async function textedUsRecently(tx: Transaction, organizationId: string, phone: string, now: Date) {
  const [row] = await tx
    .select({ id: smsMessage.id })
    .from(smsMessage)
    .where(
      and(
        eq(smsMessage.organizationId, organizationId),
        eq(smsMessage.direction, "in"),
        eq(smsMessage.from, phone),
        gt(smsMessage.createdAt, new Date(now.getTime() - LIVE_EXCHANGE_MS)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

const clock = (at: Date, tz: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: tz, hour: "numeric", minute: "2-digit" }).format(at);

/** Why a text to this person cannot go now, or null: opted out, or quiet hours outside a live exchange. */
export async function textBlocker(
  tx: Transaction,
  organizationId: string,
  target: Pick<Target, "phone" | "timeZone">,
  now: Date,
): Promise<{ reason: "opted_out" | "quiet_hours"; message: string } | null> {
  if (await isOptedOut(tx, organizationId, target.phone))
    return {
      reason: "opted_out",
      message: "This person replied STOP: no texts may be sent to them until they text START.",
    };
  const window = (await getAutomationSettings(tx, organizationId)).quietHours;
  if (!inSendWindow(now, target.timeZone, window) && !(await textedUsRecently(tx, organizationId, target.phone, now)))
    return {
      reason: "quiet_hours",
      message: `Quiet hours: texts go out between ${window.start} and ${window.end} local time (${target.timeZone}). It is ${clock(now, target.timeZone)} there; send after ${clock(nextSendTime(now, target.timeZone, window), target.timeZone)}.`,
    };
  return null;
}

/** What the composer shows before anyone types: where the text goes and whether it can go now. */
export async function staffTextStatus(
  tx: Transaction,
  organizationId: string,
  input: { customerId?: string | null; conversationId?: string | null },
  now = new Date(),
) {
  const target = await resolveTarget(tx, organizationId, { ...input, body: "-" }).catch((err: unknown) => {
    if (err instanceof DomainError && err.code === "BAD_REQUEST") return null;
    throw err;
  });
  if (!target)
    return { phone: null, canSend: false, blocker: "no_phone" as const, message: "No phone number to text." };
  const blocked = await textBlocker(tx, organizationId, target, now);
  return {
    phone: target.phone,
    canSend: !blocked,
    blocker: blocked?.reason ?? null,
    message: blocked?.message ?? null,
  };
}

export async function sendStaffText(organizationId: string, actor: Actor, raw: StaffTextInput, now = new Date()) {
  const input = ZStaffText.parse(raw);
  const key = `staff:${input.clientKey ?? randomUUID()}`;

  // 1. Who, whether it may go now, and the thread it joins (taken over by staff), committed first.
  const prepared = await withOrg(organizationId, async (tx) => {
    const target = await resolveTarget(tx, organizationId, input);
    const blocked = await textBlocker(tx, organizationId, target, now);
    if (blocked) throw new DomainError("CONFLICT", blocked.message, { reason: blocked.reason });
    const open = target.ourNumber
      ? await openThreadOf(tx, { organizationId, from: target.phone, to: target.ourNumber }, now)
      : null;
    let threadId = open;
    if (threadId) {
      await tx
        .update(conversation)
        .set({ handler: "staff" })
        .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, threadId)));
    } else {
      // The phone's SMS thread, as the webhook keys it (fromAddress = the customer, toAddress = us),
      // so their answer joins it (openThreadOf).
      const [started] = await tx
        .insert(conversation)
        .values({
          organizationId,
          channel: "sms",
          direction: "outbound",
          externalId: `sms:staff:${target.phone}:${key}`,
          fromAddress: target.phone,
          toAddress: target.ourNumber,
          customerId: target.customerId,
          leadId: target.leadId,
          facilityId: target.facilityId,
          handler: "staff",
          startedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: conversation.id });
      threadId =
        started?.id ??
        (
          await tx
            .select({ id: conversation.id })
            .from(conversation)
            .where(
              and(
                eq(conversation.organizationId, organizationId),
                eq(conversation.channel, "sms"),
                eq(conversation.externalId, `sms:staff:${target.phone}:${key}`),
              ),
            )
        )[0]!.id;
    }
    return { target, threadId, started: !open };
  });

  // 2. The text itself: refused for a phone that opted out meanwhile, one text per key.
  const sent = await sendSms({
    organizationId,
    to: prepared.target.phone,
    body: input.body,
    from: prepared.target.ourNumber ?? undefined,
    facilityId: prepared.target.facilityId,
    idempotencyKey: key,
    conversationId: prepared.threadId,
  });
  if (!sent.ok) throw new DomainError("CONFLICT", sent.message, { reason: sent.reason });

  // 3. The line in the thread's transcript, with who wrote it, and its audit row.
  const seq = await withOrg(organizationId, async (tx) => {
    await tx
      .select({ id: conversation.id })
      .from(conversation)
      .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, prepared.threadId)))
      .for("update");
    const line = await appendThreadLine(tx, {
      organizationId,
      conversationId: prepared.threadId,
      role: "staff",
      text: input.body,
      idempotencyKey: key,
      now,
    });
    if (line === null) return null;
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "sms.sent_by_staff",
      targetType: "conversation",
      targetId: prepared.threadId,
      data: { smsId: sent.id, customerId: prepared.target.customerId, status: sent.status },
    });
    return line;
  });
  if (seq !== null) {
    await publish(
      organizationId,
      ...(prepared.started
        ? [{ type: "conversation.started" as const, conversationId: prepared.threadId, channel: "sms" }]
        : []),
      { type: "message.created", conversationId: prepared.threadId, seq },
    );
  }
  return { conversationId: prepared.threadId, smsId: sent.id, status: sent.status, duplicate: seq === null };
}
