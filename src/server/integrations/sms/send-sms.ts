import { and, eq, inArray, sql } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { phoneNumber, smsMessage, smsOptOut, type SmsStatus } from "@/server/db/schema";
import {
  listSentMessages,
  sendSmsViaTwilio,
  twilioConfigured,
  twilioErrorMessage,
  twilioRefused,
} from "@/server/integrations/twilio";
import { log } from "@/server/log";
import { toE164 } from "@/lib/normalize-phone";

import { isOptedOut } from "./opt-out";
import { appendStatus } from "./status";

/**
 * Outbound texts (confirmations, links). Never to an opted-out phone. With Twilio configured the
 * message goes out through the REST API with a status callback; without it the sms_message row
 * with status "outbox" is the delivery, readable by the organization. The same idempotency key
 * twice returns the first message; with Twilio it is sent exactly once even if a process dies
 * between Twilio accepting it and our recording that (see `deliver`, and docs/workflows.md).
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
  /**
   * What the sms_message row keeps instead of `body` when the body holds a secret (a gate code):
   * the text sent is `body`, the row never holds it. A send resumed after a crash can only send
   * this stored form.
   */
  storedBody?: string;
}

export type SendSmsRefusal = "opted_out" | "invalid_number" | "invalid_body" | "no_sender_number" | "failed";

export type SendSmsResult =
  | { ok: true; id: string; status: SmsStatus; twilioSid: string | null; duplicate: boolean }
  | { ok: false; reason: SendSmsRefusal; message: string; id?: string };

/** Twilio's limit for one message body (it splits it into segments). */
export const MAX_SMS_BODY = 1600;

type ClaimRow = {
  dup: { id: string; status: SmsStatus; twilioSid: string | null } | null;
  opted_out: boolean;
  sender_id: string | null;
  inserted_id: string | null;
};

/**
 * A claim in one statement (an agent booking pays it inside the caller's turn). `look` is what the
 * claim needs to know: the row already claimed under the idempotency key (if any), whether `to`
 * has opted out, and the sender: the number asked for (`input.from`), else the facility's first
 * active number, else the organization's first. `ins` writes the row only when claimSms would go
 * on to write it: no duplicate, not opted out, and a sender unless none is needed (no `from` asked
 * for and Twilio not configured: the outbox row then has no From). Its status is "pending" when it
 * goes to Twilio, else "outbox", with the same one-event status_history. ON CONFLICT DO NOTHING
 * covers a concurrent claim of the same key that `look` could not see yet: then `inserted_id` is
 * null with no other reason, and the caller reads the winner's row.
 */
async function claimRow(
  tx: Transaction,
  input: SendSmsInput,
  to: string,
  body: string,
  configured: boolean,
): Promise<ClaimRow> {
  const org = input.organizationId;
  const from = input.from ? toE164(input.from) : null;
  const senderFilter = input.from ? (from ? sql`and p.e164 = ${from}` : sql`and false`) : sql``;
  const facilityFirst =
    !input.from && input.facilityId ? sql`(p.facility_id is not distinct from ${input.facilityId}) desc, ` : sql``;
  const dup = input.idempotencyKey
    ? sql`(select json_build_object('id', m.id, 'status', m.status, 'twilioSid', m.twilio_sid) from ${smsMessage} m where m.organization_id = ${org} and m.idempotency_key = ${input.idempotencyKey})`
    : sql`null::json`;
  const status = sql`case when ${configured}::boolean and look.sender_id is not null then 'pending' else 'outbox' end`;
  const { rows } = await tx.execute<ClaimRow>(sql`
    with look as (
      select
        ${dup} as dup,
        exists (select 1 from ${smsOptOut} o where o.organization_id = ${org} and o.phone = ${to}) as opted_out,
        s.id as sender_id, s.e164 as sender_e164, s.facility_id as sender_facility_id
      from (select 1) one
      left join lateral (
        select p.id, p.e164, p.facility_id from ${phoneNumber} p
        where p.organization_id = ${org} and p.status = 'active' ${senderFilter}
        order by ${facilityFirst}p.created_at asc limit 1
      ) s on true
    ), ins as (
      insert into ${smsMessage} (organization_id, direction, "from", "to", body, status, status_history, idempotency_key, phone_number_id, facility_id, conversation_id)
      select ${org}::text, 'out', look.sender_e164, ${to}::text, ${input.storedBody?.trim() || body}::text, ${status},
        jsonb_build_array(jsonb_build_object('status', ${status}, 'at', ${new Date().toISOString()}::text)),
        ${input.idempotencyKey ?? null}::text, look.sender_id, coalesce(${input.facilityId ?? null}::uuid, look.sender_facility_id), ${input.conversationId ?? null}::uuid
      from look
      where look.dup is null and not look.opted_out
        and (look.sender_id is not null or not (${configured}::boolean or ${Boolean(input.from)}::boolean))
      on conflict (organization_id, idempotency_key) do nothing
      returning id
    )
    select look.dup, look.opted_out, look.sender_id, (select id from ins) as inserted_id from look`);
  return rows[0]!;
}

async function existing(tx: Transaction, organizationId: string, idempotencyKey: string) {
  const [row] = await tx
    .select({ id: smsMessage.id, status: smsMessage.status, twilioSid: smsMessage.twilioSid })
    .from(smsMessage)
    .where(and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.idempotencyKey, idempotencyKey)));
  return row ?? null;
}

/**
 * Thrown when Twilio's answer to a send was lost (network error, timeout, 5xx): the message may have
 * gone out. The row stays "pending"; calling sendSms again with the same idempotency key reconciles
 * it with Twilio before sending anything (workflow steps simply retry).
 */
export class SmsOutcomeUnknownError extends Error {
  constructor(
    readonly smsId: string,
    cause: string,
  ) {
    super(
      `Twilio's answer to text ${smsId} was lost (${cause}); a retry with the same idempotency key finds out whether it went out.`,
    );
  }
}

/** Twilio's clock and ours may differ by this much when matching a lost send to Twilio's list. */
const CLOCK_SKEW_MS = 2 * 60_000;

const duplicateOf = (row: { id: string; status: SmsStatus; twilioSid: string | null }): SendSmsResult => ({
  ok: true,
  id: row.id,
  status: row.status,
  twilioSid: row.twilioSid,
  duplicate: true,
});
/** Claimed for Twilio but without its answer: the only state in which a retry may call Twilio. */
const unconfirmed = (row: { status: SmsStatus; twilioSid: string | null }) =>
  row.status === "pending" && !row.twilioSid;

export async function sendSms(input: SendSmsInput): Promise<SendSmsResult> {
  // 1. Claim: the row (keyed by the idempotency key) is committed before Twilio is called, as
  // "pending" when it is going to Twilio, so a crash after this point leaves a trace to reconcile.
  const claimed = await claimSms(input, (work) => withOrg(input.organizationId, work));
  if (claimed.ok !== "send" && claimed.ok !== "resume") return finishSms(input.organizationId, claimed);
  return deliver(
    input.organizationId,
    claimed.id,
    claimed.ok === "resume",
    input.storedBody ? input.body.trim() : null,
  );
}

/** What a claim leaves to do after it commits: nothing (an answer), or deliver the claimed row. */
type SmsClaim = SendSmsResult | { ok: "send"; id: string } | { ok: "resume"; id: string };

/**
 * Without Twilio the outbox row IS the delivery, so it can be written in a transaction the caller
 * already holds: an agent turn records its text with the turn (rolled back with it, and no second
 * connection taken while the turn holds one). With Twilio configured use sendSms, which commits
 * the claim before calling Twilio and tells the caller whether the text went out.
 */
export async function outboxSmsIn(tx: Transaction, input: SendSmsInput): Promise<SendSmsResult> {
  const claimed = await claimSms(input, (work) => work(tx));
  if (claimed.ok === "send" || claimed.ok === "resume")
    throw new Error("Twilio is configured: texts go through sendSms");
  return finishSms(input.organizationId, claimed);
}

function finishSms(organizationId: string, claimed: SendSmsResult): SendSmsResult {
  if (claimed.ok && claimed.status === "outbox" && !claimed.duplicate)
    log.info({ organizationId, smsId: claimed.id }, "Twilio not configured: text kept in outbox");
  return claimed;
}

async function claimSms(
  input: SendSmsInput,
  inTx: (work: (tx: Transaction) => Promise<SmsClaim>) => Promise<SmsClaim>,
): Promise<SmsClaim> {
  const to = toE164(input.to);
  if (!to) return { ok: false, reason: "invalid_number", message: `"${input.to}" is not a valid phone number.` };
  const body = input.body.trim();
  if (!body || body.length > MAX_SMS_BODY)
    return { ok: false, reason: "invalid_body", message: `A text needs 1 to ${MAX_SMS_BODY} characters.` };
  const configured = twilioConfigured();
  return inTx(async (tx): Promise<SmsClaim> => {
    const {
      dup,
      opted_out: optedOut,
      sender_id: senderId,
      inserted_id: id,
    } = await claimRow(tx, input, to, body, configured);
    // The same branches in the same order as the statement's conditions for writing the row.
    if (dup) return configured && unconfirmed(dup) ? { ok: "resume", id: dup.id } : duplicateOf(dup);
    if (optedOut) {
      return {
        ok: false,
        reason: "opted_out",
        message: `${to} has opted out of texts from this organization (replied STOP). They must text START before we can message them.`,
      };
    }
    if (input.from && !senderId)
      return {
        ok: false,
        reason: "no_sender_number",
        message: `${input.from} is not an active number of this organization.`,
      };
    if (configured && !senderId)
      return {
        ok: false,
        reason: "no_sender_number",
        message: "This organization has no phone number to send texts from. Buy or attach one first.",
      };
    if (!id) {
      // A concurrent send with the same key won the insert: deliver() below serialises with it.
      const won = await existing(tx, input.organizationId, input.idempotencyKey!);
      return unconfirmed(won!) ? { ok: "resume", id: won!.id } : duplicateOf(won!);
    }
    if (!configured) return { ok: true, id, status: "outbox", twilioSid: null, duplicate: false };
    return { ok: "send", id };
  });
}

/**
 * 2. Deliver a claimed row, holding its row lock for the exchange with Twilio, so two attempts at
 * one key never both call Twilio (the second waits, then finds the first one's answer). A resumed
 * attempt (an earlier one died or lost Twilio's answer after claiming) first asks Twilio for the
 * messages our number sent to this phone since the claim: one with the same body whose sid no row
 * of ours holds is that send, and is recorded instead of sending again.
 */
async function deliver(
  organizationId: string,
  id: string,
  resumed: boolean,
  /** The body to send when the row keeps a redacted one (SendSmsInput.storedBody); null: the row's. */
  secretBody: string | null = null,
): Promise<SendSmsResult> {
  return withOrg(organizationId, async (tx) => {
    const [row] = await tx
      .select({
        id: smsMessage.id,
        status: smsMessage.status,
        twilioSid: smsMessage.twilioSid,
        from: smsMessage.from,
        to: smsMessage.to,
        body: smsMessage.body,
        createdAt: smsMessage.createdAt,
        accountSid: phoneNumber.twilioAccountSid,
      })
      .from(smsMessage)
      .leftJoin(phoneNumber, eq(phoneNumber.id, smsMessage.phoneNumberId))
      .where(and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.id, id)))
      .for("update", { of: smsMessage });
    if (!row) throw new Error(`text ${id} vanished before it was sent`);
    if (!unconfirmed(row)) return duplicateOf(row);
    const target = { accountSid: row.accountSid, from: row.from!, to: row.to };

    if (resumed) {
      const since = new Date(row.createdAt.getTime() - CLOCK_SKEW_MS);
      const candidates = (await listSentMessages({ ...target, since })).filter(
        (m) => m.body === (secretBody ?? row.body),
      );
      const claimedSids = candidates.length
        ? new Set(
            (
              await tx
                .select({ sid: smsMessage.twilioSid })
                .from(smsMessage)
                .where(
                  and(
                    eq(smsMessage.organizationId, organizationId),
                    inArray(
                      smsMessage.twilioSid,
                      candidates.map((m) => m.sid),
                    ),
                  ),
                )
            ).map((r) => r.sid),
          )
        : new Set<string | null>();
      const ours = candidates.find((m) => !claimedSids.has(m.sid));
      if (ours) {
        await appendStatus(tx, { organizationId, id, status: ours.status, twilioSid: ours.sid });
        log.info({ organizationId, smsId: id }, "text found at Twilio after a lost answer: recorded, not sent again");
        return { ok: true, id, status: ours.status as SmsStatus, twilioSid: ours.sid, duplicate: false };
      }
      // It never reached Twilio. The phone may have opted out since the claim.
      if (await isOptedOut(tx, organizationId, row.to)) {
        await appendStatus(tx, {
          organizationId,
          id,
          status: "canceled",
          errorMessage: "opted out before the text was sent",
        });
        return {
          ok: false,
          reason: "opted_out",
          message: `${row.to} has opted out of texts from this organization (replied STOP).`,
          id,
        };
      }
    }

    let sent: { sid: string; status: string };
    try {
      sent = await sendSmsViaTwilio({ ...target, body: secretBody ?? row.body, smsId: id });
    } catch (err) {
      const message = twilioErrorMessage(err);
      if (!twilioRefused(err)) {
        log.error(
          { organizationId, smsId: id, err: message },
          "Twilio's answer to a text was lost; kept pending for reconciliation",
        );
        throw new SmsOutcomeUnknownError(id, message);
      }
      log.error({ organizationId, smsId: id, err: message }, "sending a text through Twilio failed");
      const code = (err as { code?: number }).code;
      await appendStatus(tx, {
        organizationId,
        id,
        status: "failed",
        errorCode: code ? String(code) : null,
        errorMessage: message,
      });
      return { ok: false, reason: "failed", message, id };
    }
    await appendStatus(tx, { organizationId, id, status: sent.status, twilioSid: sent.sid });
    return { ok: true, id, status: sent.status as SmsStatus, twilioSid: sent.sid, duplicate: false };
  });
}
