/**
 * What proves a caller holds an account (issue 20, item 1). A name and a phone number are not
 * secrets, and a voice caller ID is trivially spoofed, so they only identify an account. Data that
 * matters (a balance, cancelling, a gate code said out loud) needs a possession factor:
 *
 * - the reservation's confirmation code (it was sent to the customer);
 * - a one-time code texted to the phone number on file (never to a number given in the conversation);
 * - a channel whose answers only reach that phone: a text from it (our reply goes to it, spoofed or
 *   not), or a voice caller ID the carrier attested in full (STIR/SHAKEN "A").
 *
 * Gate codes follow the organization's policy (GATE_CODE_POLICIES): never through the agent; texted
 * only to the phone on file (identification is then enough: only that phone receives it); or read
 * out after a possession factor.
 */
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

import { eq } from "drizzle-orm";

import { recordAudit, type AuditEntry } from "@/server/audit";
import { authSecret } from "@/server/auth/secret";
import { withOrg, type Transaction } from "@/server/db/client";
import { callerVerificationSettings, type GateCodePolicy } from "@/server/db/schema";
import { outboxSmsIn, sendSms, type SendSmsResult } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";
import { say } from "@/server/agent/dialogue/phrases";

import type { DialogueState } from "./dialogue/state";
import type { ToolContext } from "./tools/types";

export const DEFAULT_GATE_CODE_POLICY: GateCodePolicy = "text_on_file";
export const ONE_TIME_CODE_TTL_MS = 10 * 60_000;
/** Wrong codes before the code is void (a new one may be sent, up to MAX_ONE_TIME_CODE_SENDS). */
export const MAX_ONE_TIME_CODE_ATTEMPTS = 3;
export const MAX_ONE_TIME_CODE_SENDS = 2;

export async function gateCodePolicyOf(tx: Transaction, organizationId: string): Promise<GateCodePolicy> {
  const [row] = await tx
    .select({ policy: callerVerificationSettings.gateCodePolicy })
    .from(callerVerificationSettings)
    .where(eq(callerVerificationSettings.organizationId, organizationId));
  return row?.policy ?? DEFAULT_GATE_CODE_POLICY;
}

export async function getGateCodePolicy(organizationId: string): Promise<GateCodePolicy> {
  return withOrg(organizationId, (tx) => gateCodePolicyOf(tx, organizationId));
}

export async function setGateCodePolicy(
  organizationId: string,
  actor: AuditEntry["actor"],
  policy: GateCodePolicy,
): Promise<GateCodePolicy> {
  return withOrg(organizationId, async (tx) => {
    const before = await gateCodePolicyOf(tx, organizationId);
    await tx
      .insert(callerVerificationSettings)
      .values({ organizationId, gateCodePolicy: policy })
      .onConflictDoUpdate({
        target: callerVerificationSettings.organizationId,
        set: { gateCodePolicy: policy, updatedAt: new Date() },
      });
    if (before !== policy)
      await recordAudit(tx, {
        organizationId,
        actor,
        action: "agent.gate_code_policy_changed",
        targetType: "organization",
        targetId: organizationId,
        data: { from: before, to: policy },
      });
    return policy;
  });
}

/**
 * Whether this channel's caller ID is itself a possession factor for `phoneOnFile`: a text's
 * sender gets our reply (so a forged sender learns nothing), and an attested voice caller ID was
 * vouched for by the carrier. A web chat has no caller ID.
 */
export function callerIdProvesPossession(state: DialogueState, phoneOnFile: string): boolean {
  if (!state.callerId || state.callerId !== phoneOnFile) return false;
  return state.channel === "sms" || (state.channel === "voice" && state.callerAttested === true);
}

/** What the sms_message row of a texted one-time code keeps in place of the code. */
export const ONE_TIME_CODE_PLACEHOLDER = "[code]";

/** Bound to the conversation and keyed by the server's secret: a stored hash of a 6-digit code cannot be reversed offline. */
function hashCode(conversationId: string, code: string): string {
  return createHmac("sha256", authSecret()).update(`one-time-code:${conversationId}:${code}`).digest("base64url");
}

export function checkOneTimeCode(
  conversationId: string,
  stored: { hash: string; expiresAt: string },
  said: string,
  now: Date,
): "ok" | "wrong" | "expired" {
  if (now.getTime() > Date.parse(stored.expiresAt)) return "expired";
  const a = Buffer.from(hashCode(conversationId, said.replace(/\D/g, "")));
  const b = Buffer.from(stored.hash);
  return a.length === b.length && timingSafeEqual(a, b) ? "ok" : "wrong";
}

/**
 * Texts a new one-time code to the phone on file and keeps its hash in the dialogue state. The code
 * never enters a tool result, a prompt or the transcript.
 */
export async function sendOneTimeCode(
  ctx: ToolContext,
  phoneOnFile: string,
): Promise<{ ok: true } | { ok: false; reason: string; message: string }> {
  const v = ctx.state.verification;
  const sends = v.oneTimeCode?.sends ?? 0;
  if (sends >= MAX_ONE_TIME_CODE_SENDS)
    return { ok: false, reason: "too_many_codes", message: "Codes were sent too many times; offer a person instead." };
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const facilityName = ctx.state.facilityId ? (await ctx.facts.facility(ctx.state.facilityId))?.name : null;
  const codeText = (shown: string) =>
    say(ctx.state, "sms.verification_code", { facility: facilityName ? `${facilityName}: ` : "", code: shown });
  const text = {
    organizationId: ctx.organizationId,
    to: phoneOnFile,
    body: codeText(code),
    // The sms_message row keeps the code masked: the hash below is all verification needs, and a copy
    // of the database (or the dashboard's text log) must not hold a live code. Without Twilio the
    // outbox row is the delivery itself (development), so outboxSmsIn keeps what a phone would show.
    storedBody: twilioConfigured() ? codeText(ONE_TIME_CODE_PLACEHOLDER) : undefined,
    facilityId: ctx.state.facilityId,
    conversationId: ctx.conversationId,
    idempotencyKey: `otp:${ctx.conversationId}:${sends + 1}`,
  };
  // As send_link_sms: with Twilio the text is committed and sent on its own, else the outbox row is
  // written with the turn.
  const res: SendSmsResult = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(ctx.tx, text);
  if (!res.ok) return { ok: false, reason: res.reason, message: res.message };
  v.oneTimeCode = {
    hash: hashCode(ctx.conversationId, code),
    expiresAt: new Date(ctx.now.getTime() + ONE_TIME_CODE_TTL_MS).toISOString(),
    attempts: 0,
    sends: sends + 1,
  };
  return { ok: true };
}
