import { and, asc, eq } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { phoneNumber, smsMessage, type SmsStatus } from "@/server/db/schema";
import { sendSmsViaTwilio, twilioConfigured, twilioErrorMessage } from "@/server/integrations/twilio";
import { log } from "@/server/log";
import { toE164 } from "@/server/telephony/phone";

import { isOptedOut } from "./opt-out";
import { appendStatus } from "./status";

/**
 * Outbound texts (confirmations, links). Never to an opted-out phone. With Twilio configured the
 * message goes out through the REST API with a status callback; without it the sms_message row
 * with status "outbox" is the delivery, readable by the organization. The same idempotency key
 * twice is a no-op that returns the first message.
 */
export interface SendSmsInput {
  organizationId: string;
  to: string;
  body: string;
  /** One of the organization's active numbers; default: the facility's number, else the oldest. */
  from?: string;
  facilityId?: string | null;
  idempotencyKey?: string;
  conversationId?: string | null;
}

export type SendSmsRefusal = "opted_out" | "invalid_number" | "invalid_body" | "no_sender_number" | "failed";

export type SendSmsResult =
  | { ok: true; id: string; status: SmsStatus; twilioSid: string | null; duplicate: boolean }
  | { ok: false; reason: SendSmsRefusal; message: string; id?: string };

/** Twilio's limit for one message body (it splits it into segments). */
export const MAX_SMS_BODY = 1600;

async function pickSender(tx: Transaction, input: SendSmsInput) {
  const active = and(eq(phoneNumber.organizationId, input.organizationId), eq(phoneNumber.status, "active"));
  if (input.from) {
    const e164 = toE164(input.from);
    const [row] = e164 ? await tx.select().from(phoneNumber).where(and(active, eq(phoneNumber.e164, e164))) : [];
    return row ?? null;
  }
  if (input.facilityId) {
    const [row] = await tx.select().from(phoneNumber).where(and(active, eq(phoneNumber.facilityId, input.facilityId))).orderBy(asc(phoneNumber.createdAt)).limit(1);
    if (row) return row;
  }
  const [row] = await tx.select().from(phoneNumber).where(active).orderBy(asc(phoneNumber.createdAt)).limit(1);
  return row ?? null;
}

async function existing(tx: Transaction, organizationId: string, idempotencyKey: string) {
  const [row] = await tx
    .select({ id: smsMessage.id, status: smsMessage.status, twilioSid: smsMessage.twilioSid })
    .from(smsMessage)
    .where(and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

export async function sendSms(input: SendSmsInput): Promise<SendSmsResult> {
  const to = toE164(input.to);
  if (!to) return { ok: false, reason: "invalid_number", message: `"${input.to}" is not a valid phone number.` };
  const body = input.body.trim();
  if (!body || body.length > MAX_SMS_BODY) return { ok: false, reason: "invalid_body", message: `A text needs 1 to ${MAX_SMS_BODY} characters.` };
  const configured = twilioConfigured();

  const prepared = await withOrg(input.organizationId, async (tx): Promise<SendSmsResult | { ok: "send"; id: string; from: string; accountSid: string | null }> => {
    if (input.idempotencyKey) {
      const dup = await existing(tx, input.organizationId, input.idempotencyKey);
      if (dup) return { ok: true, id: dup.id, status: dup.status, twilioSid: dup.twilioSid, duplicate: true };
    }
    if (await isOptedOut(tx, input.organizationId, to)) {
      return { ok: false, reason: "opted_out", message: `${to} has opted out of texts from this organization (replied STOP). They must text START before we can message them.` };
    }
    const sender = await pickSender(tx, input);
    if (input.from && !sender) return { ok: false, reason: "no_sender_number", message: `${input.from} is not an active number of this organization.` };
    if (configured && !sender) return { ok: false, reason: "no_sender_number", message: "This organization has no phone number to send texts from. Buy or attach one first." };
    const now = new Date();
    const [row] = await tx
      .insert(smsMessage)
      .values({
        organizationId: input.organizationId,
        direction: "out",
        from: sender?.e164 ?? null,
        to,
        body,
        status: "outbox",
        statusHistory: [{ status: "outbox", at: now.toISOString() }],
        idempotencyKey: input.idempotencyKey,
        phoneNumberId: sender?.id ?? null,
        facilityId: input.facilityId ?? sender?.facilityId ?? null,
        conversationId: input.conversationId ?? null,
      })
      .onConflictDoNothing({ target: [smsMessage.organizationId, smsMessage.idempotencyKey] })
      .returning({ id: smsMessage.id });
    if (!row) {
      // A concurrent send with the same key won the insert.
      const dup = await existing(tx, input.organizationId, input.idempotencyKey!);
      return { ok: true, id: dup!.id, status: dup!.status, twilioSid: dup!.twilioSid, duplicate: true };
    }
    if (!configured || !sender) return { ok: true, id: row.id, status: "outbox", twilioSid: null, duplicate: false };
    return { ok: "send", id: row.id, from: sender.e164, accountSid: sender.twilioAccountSid };
  });
  if (prepared.ok !== "send") {
    if (prepared.ok && prepared.status === "outbox" && !prepared.duplicate) log.info({ organizationId: input.organizationId, smsId: prepared.id }, "Twilio not configured: text kept in outbox");
    return prepared;
  }

  try {
    const sent = await sendSmsViaTwilio({ accountSid: prepared.accountSid, from: prepared.from, to, body, smsId: prepared.id });
    await withOrg(input.organizationId, (tx) => appendStatus(tx, { organizationId: input.organizationId, id: prepared.id, status: sent.status, twilioSid: sent.sid }));
    return { ok: true, id: prepared.id, status: sent.status as SmsStatus, twilioSid: sent.sid, duplicate: false };
  } catch (err) {
    const message = twilioErrorMessage(err);
    log.error({ organizationId: input.organizationId, smsId: prepared.id, err: message }, "sending a text through Twilio failed");
    const code = (err as { code?: number }).code;
    await withOrg(input.organizationId, (tx) =>
      appendStatus(tx, { organizationId: input.organizationId, id: prepared.id, status: "failed", errorCode: code ? String(code) : null, errorMessage: message }),
    );
    return { ok: false, reason: "failed", message, id: prepared.id };
  }
}
