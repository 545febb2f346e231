import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { customer } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { DomainError } from "@/server/domain/errors";
import { getReservation } from "@/server/domain/reservations/list-reservations";

import {
  callerIdProvesPossession,
  checkOneTimeCode,
  MAX_ONE_TIME_CODE_ATTEMPTS,
  sendOneTimeCode,
} from "@/server/agent/caller-verification";

import { defineTool, refuse, type ToolContext } from "./types";

const MAX_ATTEMPTS = 3;

const nameTokens = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));

/** A generational suffix ("Jr.", "Junior", "the third") and the generation it names. */
const SUFFIXES: Record<string, string> = {
  jr: "jr",
  junior: "jr",
  sr: "sr",
  senior: "sr",
  ii: "2",
  second: "2",
  "2nd": "2",
  iii: "3",
  third: "3",
  "3rd": "3",
  iv: "4",
  fourth: "4",
  "4th": "4",
};

/**
 * The name's words without a generational suffix at its end ("John Smith Jr." is john smith, jr),
 * when at least a first name and a surname are left (Senior may be the surname itself).
 */
function withoutSuffix(words: string[]): { words: string[]; suffix: string | null } {
  let rest = words;
  if (rest.length >= 3 && rest.at(-2) === "the" && SUFFIXES[rest.at(-1)!]) rest = [...rest.slice(0, -2), rest.at(-1)!];
  const suffix = rest.length >= 3 ? SUFFIXES[rest.at(-1)!] : undefined;
  return suffix ? { words: rest.slice(0, -1), suffix } : { words: rest, suffix: null };
}

/**
 * The full name, or at least the surname plus the first name's initial, must match. A name said
 * surname first ("Jones, Mary", "Jones Mary", "de la Cruz, Maria") matches only in full: every word
 * of the name on file, the surname moved to the front and nothing left out. A suffix said or on file
 * ("Jr.", "Junior", "III") may be left out on either side ("John Smith Junior" is John Smith Jr. and
 * John Smith), but two different ones never match (John Smith Sr. is not John Smith Jr.).
 */
export function namesMatch(onFile: string, said: string): boolean {
  const x = withoutSuffix(nameTokens(onFile));
  const y = withoutSuffix(nameTokens(said));
  if (x.suffix && y.suffix && x.suffix !== y.suffix) return false;
  const a = x.words;
  const b = y.words;
  if (a.length === 0 || b.length === 0) return false;
  if (a.join(" ") === b.join(" ")) return true;
  if (a.length < 2 || b.length < 2) return false;
  if (a.at(-1) === b.at(-1) && a[0]![0] === b[0]![0]) return true;
  const full = a.join(" ");
  return b.length === a.length && b.some((_, k) => k > 0 && [...b.slice(k), ...b.slice(0, k)].join(" ") === full);
}

export const verifyCaller = defineTool({
  name: "verify_caller",
  // Sends a one-time code (an outbox row without Twilio) when name and phone only identify the caller.
  mutates: true,
  description:
    "Check who the caller is before any account data (balance, gate code, reservations, cancelling). Give the name on the account plus the phone on the account (defaults to the caller ID) or a reservation confirmation code. When name and phone match but do not prove the caller holds that phone, a one-time code is texted to the phone on file (oneTimeCodeSent): ask the caller for it and call verify_caller again with oneTimeCode. Returns only whether it matched, never a code.",
  args: z.object({
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional(),
    confirmationCode: z.string().trim().max(12).optional(),
    oneTimeCode: z.string().trim().max(20).optional(),
    /** Default true. False when only something texted to the phone on file was asked for (a payment link). */
    sendOneTimeCode: z.boolean().optional(),
  }),
  async run(ctx, args) {
    const v = ctx.state.verification;
    if (v.verified) return { ok: true as const, verified: true };
    if (args.oneTimeCode) return checkCode(ctx, args.oneTimeCode);
    if (!args.name)
      return v.identifiedCustomerId
        ? resend(ctx, v.identifiedCustomerId)
        : refuse("name_needed", "Ask for the full name on the account.");
    if (v.attempts >= MAX_ATTEMPTS)
      return refuse("too_many_attempts", "Verification failed too many times; offer a person instead.");
    v.attempts++;
    const phone = (args.phone && toE164(args.phone)) || ctx.state.callerId || null;
    let byCode: Awaited<ReturnType<typeof getReservation>> | null = null;
    if (args.confirmationCode) {
      try {
        byCode = await getReservation(ctx.tx, ctx.organizationId, { confirmationCode: args.confirmationCode });
      } catch (err) {
        if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
      }
    }
    const [byPhone] = phone
      ? await ctx.tx
          .select()
          .from(customer)
          .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.phone, phone)))
      : [];
    const candidate = byCode
      ? { id: byCode.customer.id, name: byCode.customer.name, phone: byCode.customer.phone }
      : byPhone
        ? { id: byPhone.id, name: byPhone.name, phone: byPhone.phone }
        : null;
    const nameOk = candidate ? namesMatch(candidate.name, args.name) : false;
    const phoneOk = candidate ? !!phone && candidate.phone === phone : false;
    const firstName = candidate?.name.split(/\s+/)[0] ?? "";
    // A confirmation code is a possession factor (it was sent to the customer).
    if (candidate && byCode !== null && (nameOk || phoneOk)) {
      ctx.state.verification = {
        ...v,
        verified: true,
        customerId: candidate.id,
        identifiedCustomerId: candidate.id,
        reservationId: byCode.reservation.id,
        step: undefined,
      };
      return { ok: true as const, verified: true, firstName };
    }
    if (!candidate || !phoneOk || !nameOk || !candidate.phone)
      return { ok: true as const, verified: false, attemptsLeft: MAX_ATTEMPTS - v.attempts };
    // Name and phone match: the account is identified. Possession is proved by the channel, or by a
    // one-time code texted to the phone on file (never to a number the caller states).
    if (callerIdProvesPossession(ctx.state, candidate.phone)) {
      ctx.state.verification = {
        ...v,
        verified: true,
        customerId: candidate.id,
        identifiedCustomerId: candidate.id,
        step: undefined,
      };
      return { ok: true as const, verified: true, firstName };
    }
    v.identifiedCustomerId = candidate.id;
    if (args.sendOneTimeCode === false) return { ok: true as const, verified: false, identified: true, firstName };
    const sent = await sendOneTimeCode(ctx, candidate.phone);
    return {
      ok: true as const,
      verified: false,
      identified: true,
      firstName,
      oneTimeCodeSent: sent.ok,
      ...(sent.ok ? {} : { oneTimeCodeProblem: sent.message }),
    };
  },
});

/** The account is identified already (an earlier request): a (new) one-time code to its phone on file. */
async function resend(ctx: ToolContext, customerId: string) {
  const [row] = await ctx.tx
    .select({ phone: customer.phone })
    .from(customer)
    .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.id, customerId)));
  if (!row?.phone) return refuse("no_phone_on_file", "No phone is on file to text a code to; offer a person.");
  const sent = await sendOneTimeCode(ctx, row.phone);
  return {
    ok: true as const,
    verified: false,
    identified: true,
    oneTimeCodeSent: sent.ok,
    ...(sent.ok ? {} : { oneTimeCodeProblem: sent.message }),
  };
}

/** The one-time code the caller read back, against the hash kept in the state. */
function checkCode(ctx: ToolContext, said: string) {
  const v = ctx.state.verification;
  const stored = v.oneTimeCode;
  if (!stored || !v.identifiedCustomerId)
    return refuse("no_code_sent", "No one-time code was sent; verify the name and phone first.");
  if (stored.attempts >= MAX_ONE_TIME_CODE_ATTEMPTS)
    return refuse("too_many_attempts", "The code was entered wrong too many times; offer a person instead.");
  stored.attempts++;
  const result = checkOneTimeCode(ctx.conversationId, stored, said, ctx.now);
  if (result === "expired") return refuse("code_expired", "The one-time code expired; offer to send a new one.");
  if (result === "wrong")
    return {
      ok: true as const,
      verified: false,
      attemptsLeft: MAX_ONE_TIME_CODE_ATTEMPTS - stored.attempts,
    };
  ctx.state.verification = {
    ...v,
    verified: true,
    customerId: v.identifiedCustomerId,
    oneTimeCode: undefined,
    step: undefined,
  };
  return { ok: true as const, verified: true };
}
