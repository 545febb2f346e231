/**
 * Existing customers: balance, gate code, payment link, cancelling a reservation. Verification
 * always comes first; the tools check it again from the state, so no wording can skip it.
 */
import { runTool } from "@/server/agent/tools";
import { say } from "./phrases";
import type { AccountRequest } from "./state";

import { askForPerson } from "./person-flow";
import { contactVerb, day, money } from "./say";
import type { PolicyTurn } from "./turn";
import { confirmationCode, first } from "./understand";

export async function startAccount(t: PolicyTurn, request: AccountRequest): Promise<string> {
  const s = t.ctx.state;
  s.pendingAccount = request;
  s.offer = null;
  if (request === "cancel") {
    const code = confirmationCode(t.utterance.text);
    if (code) s.verification.code = code;
  }
  if (s.verification.verified) return fulfil(t);
  s.flow = "verify";
  s.expecting = "verification";
  s.verification.step = "name";
  const pre = request === "payment" ? say(s, "account.i_cant_take_card_numbers") : "";
  return pre + say(s, "account.for_your_security_whats_the");
}

/** One answer during verification: the name, then a phone or confirmation code. */
export async function continueVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const v = s.verification;
  if (v.step === "name") {
    const name = first(t.utterance, "name")?.name ?? plainName(t.utterance.text);
    if (!name) return say(s, "account.sorry_whats_the_full_name");
    v.name = name;
    const code = confirmationCode(t.utterance.text) ?? v.code;
    if (s.callerId || code) {
      const r = await runTool(t.ctx, "verify_caller", { name, confirmationCode: code });
      if (r.ok && r.verified) return fulfil(t);
    }
    v.step = "phone_or_code";
    return s.callerId
      ? say(s, "account.i_couldnt_match_that_to", { s: contactVerb(s) })
      : say(s, "account.thanks_whats_the_phone_number");
  }
  const phoneEnt = first(t.utterance, "phone");
  const code = confirmationCode(t.utterance.text);
  if (!phoneEnt && !code) {
    v.misses = (v.misses ?? 0) + 1;
    // A caller who cannot give either twice will not manage a third time: hand over instead of looping.
    if (v.misses >= 2) return giveUpVerification(t);
    return say(s, "account.please_tell_me_the_phone");
  }
  if (code) v.code = code;
  const r = await runTool(t.ctx, "verify_caller", {
    name: v.name ?? "",
    phone: phoneEnt?.e164,
    confirmationCode: code ?? undefined,
  });
  if (r.ok && r.verified) return fulfil(t);
  if (r.ok && (r.attemptsLeft ?? 0) > 0) return say(s, "account.i_couldnt_verify_that_could");
  return giveUpVerification(t);
}

/** Verification failed for good: nothing from the account is shared; a person (or a message) takes over. */
function giveUpVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.flow = null;
  s.pendingAccount = null;
  s.expecting = null;
  return askForPerson(t, "caller could not be verified");
}

function plainName(text: string): string | null {
  const words = text
    .replace(/[^\p{L}\s'-]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const cleaned = words.filter((w) => !/^(it's|its|my|name|is|i'm|im|this|me|llamo|soy|mi|nombre|es)$/i.test(w));
  if (cleaned.length < 1 || cleaned.length > 4) return null;
  return cleaned.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(" ");
}

/** Verified: do what was asked. */
export async function fulfil(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const request = s.pendingAccount;
  s.flow = null;
  s.expecting = "anything_else";
  const thanks = say(s, "account.thanks_youre_verified");
  const more = say(s, "account.anything_else_i_can_help");
  switch (request) {
    case "balance": {
      s.pendingAccount = null;
      const r = (await runTool(t.ctx, "get_account", { include: ["balance"] })) as {
        ok: boolean;
        hasRental?: boolean;
        balanceCents?: number;
      };
      if (!r.ok || !r.hasRental) return thanks + say(s, "account.i_dont_see_an_active") + more;
      if (!r.balanceCents || r.balanceCents <= 0) return thanks + say(s, "account.youre_all_paid_up_your") + more;
      s.offer = "pay_link";
      s.expecting = null;
      return thanks + say(s, "account.your_balance_is_would_you", { balanceCents: money(r.balanceCents) });
    }
    case "gate_code": {
      s.pendingAccount = null;
      const r = (await runTool(t.ctx, "get_account", { include: ["gate_code"] })) as {
        ok: boolean;
        gateCodes?: { unitNumber: string | null; gateCode: string }[];
      };
      const codes = r.ok ? (r.gateCodes ?? []) : [];
      if (codes.length === 0) return thanks + say(s, "account.i_dont_see_an_active_2") + more;
      // "code is 123456" is the form the speech rewriter reads digit by digit.
      const said = codes.map((c) =>
        say(s, "account.your_gate_code_is", {
          forUnit: c.unitNumber ? `for unit ${c.unitNumber}, ` : "",
          gateCode: c.gateCode,
          forUnitEs: c.unitNumber ? `para la unidad ${c.unitNumber}, ` : "",
        }),
      );
      return thanks + said.join("; ").replace(/^./, (c) => c.toUpperCase()) + "." + more;
    }
    case "payment":
      s.pendingAccount = null;
      return thanks + (await sendPayLink(t)) + more;
    case "cancel":
      return confirmCancel(t, thanks);
    default:
      return thanks + say(s, "account.how_can_i_help");
  }
}

export async function sendPayLink(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "send_link_sms", { kind: "payment" });
  if (r.ok) return say(s, "account.ive_texted_you_a_secure");
  s.offer = "transfer";
  return say(s, "account.i_cant_send_a_payment");
}

async function confirmCancel(t: PolicyTurn, pre: string): Promise<string> {
  const s = t.ctx.state;
  const r = (await runTool(t.ctx, "get_account", { include: ["reservations"] })) as {
    ok: boolean;
    reservations?: { confirmationCode: string; moveInDate: string; facilityName: string }[];
  };
  const all = r.ok ? (r.reservations ?? []) : [];
  const wanted = s.verification.code ? all.filter((x) => x.confirmationCode === s.verification.code) : all;
  if (wanted.length === 0) {
    s.pendingAccount = null;
    return pre + say(s, "account.i_dont_see_an_active_3");
  }
  if (wanted.length > 1) {
    s.expecting = "verification";
    s.verification.step = "phone_or_code";
    return pre + say(s, "account.you_have_more_than_one");
  }
  const one = wanted[0]!;
  s.verification.code = one.confirmationCode;
  s.flow = "cancel";
  s.expecting = "confirm";
  return (
    pre +
    say(s, "account.i_see_reservation_at_for", {
      confirmationCode: one.confirmationCode,
      facilityName: one.facilityName,
      day: day(one.moveInDate, s),
    })
  );
}

export async function doCancel(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "cancel_reservation", { confirmationCode: s.verification.code });
  s.flow = null;
  s.pendingAccount = null;
  s.expecting = "anything_else";
  if (!r.ok) return say(s, "account.i_couldnt_cancel_that_reservation");
  return say(s, "account.done_reservation_is_cancelled_anything", { confirmationCode: r.confirmationCode });
}
