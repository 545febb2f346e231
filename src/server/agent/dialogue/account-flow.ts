/**
 * Existing customers: balance, gate code, payment link, cancelling a reservation. Verification
 * always comes first; the tools check it again from the state, so no wording can skip it.
 *
 * Name and phone only identify the account; a balance, cancelling and a gate code said out loud
 * need a possession factor (agent/caller-verification.ts): the confirmation code, the channel, or a
 * one-time code texted to the phone on file, which the caller then reads back.
 */
import { gateCodePolicyOf } from "@/server/agent/caller-verification";
import { runTool } from "@/server/agent/tools";
import { digitRuns } from "@/server/agent/nlu/entities/digits";
import { tokenize } from "@/server/agent/voice/normalize";
import { phonePaySetup } from "@/server/payments/phone/setup";
import { say } from "./phrases";
import type { AccountRequest, DialogueState } from "./state";

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
  if (request === "gate_code" && (await gateCodePolicyOf(t.ctx.tx, t.ctx.organizationId)) === "never") {
    s.pendingAccount = null;
    s.offer = "transfer";
    return say(s, "account.gate_codes_only_by_office");
  }
  if (await canFulfil(t, request)) return fulfil(t);
  if (s.verification.identifiedCustomerId) return askForOneTimeCode(t);
  s.flow = "verify";
  s.expecting = "verification";
  s.verification.step = "name";
  const pre =
    request !== "payment"
      ? ""
      : (await canPayByPhone(t))
        ? say(s, "account.i_can_take_your_payment_keypad")
        : say(s, "account.i_cant_take_card_numbers");
  return pre + say(s, "account.for_your_security_whats_the");
}

/** One answer during verification: the name, then a phone or confirmation code. */
export async function continueVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const v = s.verification;
  if (v.step === "one_time_code") return checkOneTimeCode(t);
  if (v.step === "name") {
    const name = first(t.utterance, "name")?.name ?? plainName(t.utterance.text);
    if (!name) return say(s, "account.sorry_whats_the_full_name");
    v.name = name;
    const code = confirmationCode(t.utterance.text) ?? v.code;
    if (s.callerId || code) {
      const r = await runTool(t.ctx, "verify_caller", {
        name,
        confirmationCode: code,
        sendOneTimeCode: !(await canFulfilIdentified(t, s.pendingAccount)),
      });
      const next = await afterVerifyCaller(t, r);
      if (next !== null) return next;
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
    sendOneTimeCode: !(await canFulfilIdentified(t, s.pendingAccount)),
  });
  const next = await afterVerifyCaller(t, r);
  if (next !== null) return next;
  if (r.ok && "attemptsLeft" in r && (r.attemptsLeft ?? 0) > 0) return say(s, "account.i_couldnt_verify_that_could");
  return giveUpVerification(t);
}

type VerifyResult = Awaited<ReturnType<typeof runTool<"verify_caller">>>;

/**
 * Whether what was asked can be done at the verification reached: a payment link (the operator's
 * page) and a gate code texted to the phone on file need the account identified; the rest needs
 * possession.
 */
async function canFulfil(t: PolicyTurn, request: AccountRequest | null): Promise<boolean> {
  const v = t.ctx.state.verification;
  if (v.verified) return true;
  if (!v.identifiedCustomerId) return false;
  return canFulfilIdentified(t, request);
}

/** Whether an identified (not proved) caller may have this: what goes only to the phone on file. */
async function canFulfilIdentified(t: PolicyTurn, request: AccountRequest | null): Promise<boolean> {
  if (request === "payment") return true;
  return request === "gate_code" && (await gateCodePolicyOf(t.ctx.tx, t.ctx.organizationId)) === "text_on_file";
}

/** After verify_caller: fulfil, ask for the one-time code just texted, or null (not matched). */
async function afterVerifyCaller(t: PolicyTurn, r: VerifyResult): Promise<string | null> {
  if (!r.ok) return null;
  if (r.verified || ("identified" in r && r.identified && (await canFulfil(t, t.ctx.state.pendingAccount))))
    return fulfil(t);
  if (!("identified" in r) || !r.identified) return null;
  if ("oneTimeCodeSent" in r && r.oneTimeCodeSent) return askForOneTimeCode(t, true);
  // The code could not be texted (no number to send from, opted out): a person takes over.
  return giveUpVerification(t);
}

async function askForOneTimeCode(t: PolicyTurn, sent = false): Promise<string> {
  const s = t.ctx.state;
  if (!sent) {
    const r = await runTool(t.ctx, "verify_caller", {});
    if (!r.ok || !("oneTimeCodeSent" in r) || !r.oneTimeCodeSent) return giveUpVerification(t);
  }
  s.flow = "verify";
  s.expecting = "verification";
  s.verification.step = "one_time_code";
  return say(s, "account.ive_texted_a_6_digit");
}

/** The six digits the caller read back ("four eight two nine one five", "482915"), or null. */
export function oneTimeCodeIn(text: string): string | null {
  for (const run of digitRuns(tokenize(text))) if (run.digits.length === 6) return run.digits;
  const typed = /\b(\d{3})[\s-]?(\d{3})\b/.exec(text);
  return typed ? typed[1]! + typed[2]! : null;
}

async function checkOneTimeCode(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const code = oneTimeCodeIn(t.utterance.text);
  if (!code) {
    s.verification.misses = (s.verification.misses ?? 0) + 1;
    if (s.verification.misses >= 3) return giveUpVerification(t);
    return say(s, "account.please_tell_me_the_6");
  }
  const r = await runTool(t.ctx, "verify_caller", { oneTimeCode: code });
  if (r.ok && r.verified) return fulfil(t);
  if (r.ok && "attemptsLeft" in r && (r.attemptsLeft ?? 0) > 0) return say(s, "account.that_code_doesnt_match");
  return giveUpVerification(t);
}

/** The sentence that gives gate codes to a caller who may hear them (the "read_after_code" policy). */
export function gateCodeSentence(s: DialogueState, codes: { unitNumber: string | null; gateCode: string }[]): string {
  // "code is 123456" is the form the speech rewriter reads digit by digit.
  const said = codes.map((c) =>
    say(s, "account.your_gate_code_is", {
      forUnit: c.unitNumber ? `for unit ${c.unitNumber}, ` : "",
      gateCode: c.gateCode,
      forUnitEs: c.unitNumber ? `para la unidad ${c.unitNumber}, ` : "",
    }),
  );
  return said.join("; ").replace(/^./, (c) => c.toUpperCase()) + ".";
}

/** Verification failed for good: nothing from the account is shared; a person (or a message) takes over. */
function giveUpVerification(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.flow = null;
  s.pendingAccount = null;
  s.expecting = null;
  s.verification.step = undefined;
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
  // Back from an aside (continueFlow) before verification finished: carry on verifying.
  if (!(await canFulfil(t, request)))
    return s.verification.identifiedCustomerId
      ? askForOneTimeCode(t, !!s.verification.oneTimeCode)
      : startAccount(t, request ?? "balance");
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
      s.expecting = null;
      if (await canPayByPhone(t)) {
        s.offer = "pay_phone";
        return thanks + say(s, "account.your_balance_is_pay_by_keypad", { balanceCents: money(r.balanceCents) });
      }
      s.offer = "pay_link";
      return thanks + say(s, "account.your_balance_is_would_you", { balanceCents: money(r.balanceCents) });
    }
    case "gate_code": {
      s.pendingAccount = null;
      const r = await runTool(t.ctx, "get_account", { include: ["gate_code"] });
      if (!r.ok) {
        s.offer = "transfer";
        s.expecting = null;
        return say(s, "account.i_cant_give_you_the");
      }
      const result = r as { gateCodes?: unknown[]; gateCodesTexted?: boolean };
      if (!result.gateCodes?.length) return thanks + say(s, "account.i_dont_see_an_active_2") + more;
      if (result.gateCodesTexted) return say(s, "account.ive_texted_your_gate_code") + more;
      // Read out (the "read_after_code" policy): the codes come from the tool's hand-off, not its result.
      const codes = t.ctx.gateCodesToSay ?? [];
      t.ctx.gateCodesToSay = [];
      return thanks + gateCodeSentence(s, codes) + more;
    }
    case "payment":
      s.pendingAccount = null;
      // On a call the caller pays by keypad, unless they asked for the link.
      if (!WANTS_LINK.test(t.utterance.text) && (await canPayByPhone(t))) return thanks + (await startPhonePayment(t));
      return thanks + (await sendPayLink(t)) + more;
    case "cancel":
      return confirmCancel(t, thanks);
    default:
      return thanks + say(s, "account.how_can_i_help");
  }
}

/** "text me a link": the caller wants the link, not the keypad. */
const WANTS_LINK = /\b(text|link|sms|message|e-?mail|mensaje|enlace|correo)\b/i;

/** A call, and this business takes payments by phone (Settings > Payments). */
async function canPayByPhone(t: PolicyTurn): Promise<boolean> {
  if (t.ctx.state.channel !== "voice") return false;
  return (await phonePaySetup(t.ctx.tx, t.ctx.organizationId)) !== null;
}

/**
 * Hands the verified caller to <Pay> for their balance: the turn ends with reason "payment" and the
 * voice channel answers with <Pay>; the result comes back as the next thing the agent says. When the
 * hand-off is refused (nothing due, too many tries), the caller hears why and a next step.
 */
export async function startPhonePayment(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = (await runTool(t.ctx, "take_payment_by_phone", {})) as
    | { ok: true; paymentId: string; amountCents: number; currency: string; connector: string }
    | { ok: false; reason: string };
  if (r.ok) {
    s.expecting = null;
    s.offer = null;
    t.end = {
      reason: "payment",
      payment: { id: r.paymentId, amountCents: r.amountCents, currency: r.currency, connector: r.connector },
    };
    return say(s, "account.handing_you_to_secure_payment", { balanceCents: money(r.amountCents) });
  }
  s.expecting = "anything_else";
  if (r.reason === "nothing_due") return say(s, "account.no_balance_due_anything_else");
  return `${await sendPayLink(t)} ${say(s, "route.anything_else")}`;
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
