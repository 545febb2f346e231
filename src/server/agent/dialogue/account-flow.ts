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
import { COMMON_WORDS } from "@/server/agent/nlu/entities/token-utils";
import type { Intent } from "@/server/agent/nlu";
import { tokenize } from "@/server/agent/voice/normalize";
import { phonePaySetup } from "@/server/payments/phone/setup";
import { say } from "./phrases";
import type { AccountRequest, DialogueState } from "./state";

import { contactVerb, day, money } from "./say";
import type { PolicyTurn } from "./turn";
import { confirmationCode, first, isQuestionShaped } from "./understand";

export async function startAccount(turn: PolicyTurn, request: AccountRequest): Promise<string> {
  const state = turn.ctx.state;
  state.pendingAccount = request;
  state.offer = null;
  if (request === "cancel") {
    const code = confirmationCode(turn.utterance.text);
    if (code) state.verification.code = code;
  }
  if (request === "gate_code" && (await gateCodePolicyOf(turn.ctx.tx, turn.ctx.organizationId)) === "never") {
    state.pendingAccount = null;
    state.offer = "transfer";
    return say(state, "account.gate_codes_only_by_office");
  }
  if (await canFulfil(turn, request)) return fulfil(turn);
  if (state.verification.gaveUp) {
    state.expecting = null;
    state.offer = "transfer";
    return say(state, "account.i_still_cant_verify");
  }
  if (state.verification.identifiedCustomerId) return askForOneTimeCode(turn);
  state.flow = "verify";
  state.expecting = "verification";
  state.verification.step = "name";
  // "Hi, I'm Mary Jones, what's my balance?": the name said with the request is the one asked for.
  const said = first(turn.utterance, "name")?.name;
  if (said && !hasWordNotInNames(said)) {
    const next = await continueVerification(turn);
    if (next !== null) return next;
  }
  const pre =
    request !== "payment"
      ? ""
      : (await canPayByPhone(turn))
        ? say(state, "account.i_can_take_your_payment_keypad")
        : say(state, "account.i_cant_take_card_numbers");
  return pre + say(state, "account.for_your_security_whats_the");
}

/**
 * One answer during verification: the name, then a phone or confirmation code. Null when the answer
 * to "what's the name on the account?" is not a name but a question or another request, which is
 * then routed as one (expected/verification.ts).
 */
export async function continueVerification(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const v = state.verification;
  if (v.step === "one_time_code") return checkOneTimeCode(turn);
  if (v.step === "name") {
    const said = first(turn.utterance, "name")?.name;
    const name = said && !hasWordNotInNames(said) ? said : plainName(turn);
    if (!name) return notAName(turn);
    v.name = name;
    const code = confirmationCode(turn.utterance.text) ?? v.code;
    if (state.callerId || code) {
      const r = await runTool(turn.ctx, "verify_caller", {
        name,
        confirmationCode: code,
        sendOneTimeCode: !(await canFulfilIdentified(turn, state.pendingAccount)),
      });
      const next = await afterVerifyCaller(turn, r);
      if (next !== null) return next;
    }
    v.step = "phone_or_code";
    return state.callerId
      ? say(state, "account.i_couldnt_match_that_to", { s: contactVerb(state) })
      : say(state, "account.thanks_whats_the_phone_number");
  }
  const phoneEnt = first(turn.utterance, "phone");
  const code = confirmationCode(turn.utterance.text);
  if (!phoneEnt && !code) {
    v.misses = (v.misses ?? 0) + 1;
    // A caller who cannot give either twice will not manage a third time: hand over instead of looping.
    if (v.misses >= 2) return giveUpVerification(turn);
    return say(state, "account.please_tell_me_the_phone");
  }
  if (code) v.code = code;
  const r = await runTool(turn.ctx, "verify_caller", {
    name: v.name ?? "",
    phone: phoneEnt?.e164,
    confirmationCode: code ?? undefined,
    sendOneTimeCode: !(await canFulfilIdentified(turn, state.pendingAccount)),
  });
  const next = await afterVerifyCaller(turn, r);
  if (next !== null) return next;
  if (r.ok && "attemptsLeft" in r && (r.attemptsLeft ?? 0) > 0)
    return say(state, "account.i_couldnt_verify_that_could");
  return giveUpVerification(turn);
}

type VerifyResult = Awaited<ReturnType<typeof runTool<"verify_caller">>>;

/**
 * Whether what was asked can be done at the verification reached: a payment link (the operator's
 * page) and a gate code texted to the phone on file need the account identified; the rest needs
 * possession.
 */
async function canFulfil(turn: PolicyTurn, request: AccountRequest | null): Promise<boolean> {
  const v = turn.ctx.state.verification;
  if (v.verified) return true;
  if (!v.identifiedCustomerId) return false;
  return canFulfilIdentified(turn, request);
}

/** Whether an identified (not proved) caller may have this: what goes only to the phone on file. */
async function canFulfilIdentified(turn: PolicyTurn, request: AccountRequest | null): Promise<boolean> {
  if (request === "payment") return true;
  return request === "gate_code" && (await gateCodePolicyOf(turn.ctx.tx, turn.ctx.organizationId)) === "text_on_file";
}

/** After verify_caller: fulfil, ask for the one-time code just texted, or null (not matched). */
async function afterVerifyCaller(turn: PolicyTurn, r: VerifyResult): Promise<string | null> {
  if (!r.ok) return null;
  if (r.verified || ("identified" in r && r.identified && (await canFulfil(turn, turn.ctx.state.pendingAccount))))
    return fulfil(turn);
  if (!("identified" in r) || !r.identified) return null;
  if ("oneTimeCodeSent" in r && r.oneTimeCodeSent) return askForOneTimeCode(turn, true);
  // The code could not be texted (no number to send from, opted out): a person takes over.
  return giveUpVerification(turn);
}

async function askForOneTimeCode(turn: PolicyTurn, sent = false): Promise<string> {
  const state = turn.ctx.state;
  if (!sent) {
    const r = await runTool(turn.ctx, "verify_caller", {});
    if (!r.ok || !("oneTimeCodeSent" in r) || !r.oneTimeCodeSent) return giveUpVerification(turn);
  }
  state.flow = "verify";
  state.expecting = "verification";
  state.verification.step = "one_time_code";
  return say(state, "account.ive_texted_a_6_digit");
}

/** The six digits the caller read back ("four eight two nine one five", "482915"), or null. */
export function oneTimeCodeIn(text: string): string | null {
  for (const run of digitRuns(tokenize(text))) if (run.digits.length === 6) return run.digits;
  const typed = /\b(\d{3})[\s-]?(\d{3})\b/.exec(text);
  return typed ? typed[1]! + typed[2]! : null;
}

async function checkOneTimeCode(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const code = oneTimeCodeIn(turn.utterance.text);
  if (!code) {
    state.verification.misses = (state.verification.misses ?? 0) + 1;
    if (state.verification.misses >= 3) return giveUpVerification(turn);
    return say(state, "account.please_tell_me_the_6");
  }
  const r = await runTool(turn.ctx, "verify_caller", { oneTimeCode: code });
  if (r.ok && r.verified) return fulfil(turn);
  if (r.ok && "attemptsLeft" in r && (r.attemptsLeft ?? 0) > 0) return say(state, "account.that_code_doesnt_match");
  return giveUpVerification(turn);
}

/** The sentence that gives gate codes to a caller who may hear them (the "read_after_code" policy). */
export function gateCodeSentence(
  state: DialogueState,
  codes: { unitNumber: string | null; gateCode: string }[],
): string {
  // "code is 123456" is the form the speech rewriter reads digit by digit.
  const said = codes.map((c) =>
    say(state, "account.your_gate_code_is", {
      forUnit: c.unitNumber ? `for unit ${c.unitNumber}, ` : "",
      gateCode: c.gateCode,
      forUnitEs: c.unitNumber ? `para la unidad ${c.unitNumber}, ` : "",
    }),
  );
  return said.join("; ").replace(/^./, (c) => c.toUpperCase()) + ".";
}

/**
 * Verification failed for good: nothing from the account is shared, the caller hears so and is offered
 * a person or a message (a yes transfers, or takes a message when nobody can answer), and no account
 * request in this conversation starts verification again (`verification.gaveUp`): it failed once,
 * and asking the name again only loops. The name they gave is kept for the message, and the request
 * for a call back should they hang up.
 */
async function giveUpVerification(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const v = state.verification;
  const request = state.pendingAccount;
  leaveVerification(state);
  // Still unanswered: a caller who hangs up now is called back about it (wrap-up.ts).
  state.pendingAccount = request;
  v.gaveUp = true;
  if (v.name && !state.slots.name) state.slots.name = v.name;
  state.offer = "transfer";
  state.offeredPerson = true;
  return say(state, "account.i_cant_verify_the_account");
}

/**
 * Words no name is made of: pronouns, auxiliaries, negations, question words, and what callers say
 * instead of a name ("I don't know", "no idea", "hold on", "operator").
 */
const NOT_IN_NAMES = new Set(
  (
    "i i'd i'll i've you your yours he she we they them their our it that what whats what's why how when where who " +
    "which do does did don't dont doesn't doesnt didn't didnt can can't cant could would should is isn't are was " +
    "were am be been not no nope yes yeah ok okay alright right know idea sure need needs want wants tell give have has got remember " +
    "forgot hold wait hang moment second minute operator help cancel stop bye goodbye thanks thank please " +
    "qué que por porqué para sé se sabe"
  ).split(" "),
);

const hasWordNotInNames = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .some((w) => NOT_IN_NAMES.has(w));

/**
 * The caller's words as a name when the name extractor did not take them: up to four words, none of
 * them one no name is made of, and not only everyday words that the classifier hears as a request of
 * their own. "Anna Fleming", "Dana Owner" and "Will Price" are names; "whats my balance", "I don't
 * know" and "gate code" are not.
 */
function plainName(turn: PolicyTurn): string | null {
  const text = turn.utterance.text;
  // A question mark, not a question's first word: "Will Price" and "May Jones" are names.
  if (/\?\s*$/.test(text)) return null;
  const words = text
    .replace(NAME_LEAD_IN, "")
    .replace(/[^\p{L}\s'-]/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const cleaned = words.filter((w) => !/^(it's|its|my|name|is|i'm|im|this|me|llamo|soy|mi|nombre|es)$/i.test(w));
  if (cleaned.length < 1 || cleaned.length > 4) return null;
  const lower = cleaned.map((w) => w.toLowerCase());
  if (lower.some((w) => NOT_IN_NAMES.has(w))) return null;
  if (lower.every((w) => COMMON_WORDS.has(w)) && asksSomethingElse(turn)) return null;
  return cleaned.map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join(" ");
}

/**
 * How callers lead into the account's name: "uh, it's under Mary Jones", "should be under Mary
 * Jones", "the account is in the name of Mary Jones", "it's in my name, Mary Jones".
 */
const NAME_LEAD_IN =
  /^[\s,]*(?:(?:uh|um|er|so|well|yeah|yes|ok|okay|oh)\b[\s,.]*)*(?:(?:i think|i believe)\s+)?(?:(?:it'?s|its|it is|it should be|should be|it'd be|that'?s|that would be|the account(?:'s| is)|it was|they'?re|we'?re)\s+)?(?:(?:under|in)\s+(?:(?:the\s+)?name\s+(?:of\s+)?|my\s+name[\s,]+)?)?/i;

/** "Why do you need that?", "what do you need my name for?" to the name question. */
const ASKS_WHY =
  /\bwhy (do|would|does|did|should) (you|u|i|it)\b|\bwhat (do|would) you need (it|that|this|my name) for\b|\bwhy (that|is that|the name)\b|^\s*why\s*\??\s*$|\bpara qu[eé]\b|\bpor qu[eé]\b/i;
/** The caller does not have the account's name or will not give it. */
const HAS_NO_NAME =
  /\b(i )?(do ?n'?t|dont|do not) know\b|\bno idea\b|\bnot sure\b|\b(rather|prefer) not\b|\bdon'?t (want|have) to\b|\bno (lo )?s[eé]\b|\bno tengo idea\b/i;
/** At the name question, the caller asks why it is needed: said before any aside (it sounds like one). */
export const asksWhyTheName = (turn: PolicyTurn) =>
  turn.ctx.state.expecting === "verification" &&
  turn.ctx.state.verification.step === "name" &&
  ASKS_WHY.test(turn.utterance.text);
/** Classifier intents that are a request of their own rather than an answer to the name question. */
const NOT_REQUESTS = new Set<Intent>([
  "provide_info",
  "unclear",
  "out_of_scope",
  "affirm",
  "deny",
  "greeting",
  "thanks",
]);

/**
 * Words that are not a name where the account's name was asked: why it is needed is answered and
 * the name asked again; a caller without it is offered the office; a question or another request
 * (null) is routed as one; anything else, the name is asked again.
 */
function notAName(turn: PolicyTurn): string | null {
  const state = turn.ctx.state;
  const text = turn.utterance.text;
  if (asksWhyTheName(turn)) return say(state, "account.the_name_finds_your_account");
  if (HAS_NO_NAME.test(text)) {
    leaveVerification(state);
    state.offer = "transfer";
    return say(state, "account.without_the_name_i_cant");
  }
  const question = isQuestionShaped(text) && !NOT_REQUESTS.has(turn.utterance.intent);
  if (question || asksSomethingElse(turn)) return null;
  return say(state, "account.sorry_whats_the_full_name");
}

/** The classifier hears a request of its own, confidently ("gate code", "operator"). */
const asksSomethingElse = (turn: PolicyTurn) =>
  !NOT_REQUESTS.has(turn.utterance.intent) && turn.utterance.confidence >= 0.8;

function leaveVerification(state: DialogueState) {
  state.flow = null;
  state.pendingAccount = null;
  state.expecting = null;
  state.verification.step = undefined;
}

/** Verified: do what was asked. */
export async function fulfil(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const request = state.pendingAccount;
  // Back from an aside (continueFlow) before verification finished: carry on verifying.
  if (!(await canFulfil(turn, request)))
    return state.verification.identifiedCustomerId
      ? askForOneTimeCode(turn, !!state.verification.oneTimeCode)
      : startAccount(turn, request ?? "balance");
  state.flow = null;
  state.expecting = "anything_else";
  const thanks = say(state, "account.thanks_youre_verified");
  const more = say(state, "account.anything_else_i_can_help");
  switch (request) {
    case "balance": {
      state.pendingAccount = null;
      const r = (await runTool(turn.ctx, "get_account", { include: ["balance"] })) as {
        ok: boolean;
        hasRental?: boolean;
        balanceCents?: number | null;
        balanceStale?: boolean;
        balanceAsOf?: string;
      };
      if (!r.ok || !r.hasRental) return thanks + say(state, "account.i_dont_see_an_active") + more;
      // The PMS keeps this balance and is not answering: its last copy with its date, or no figure at
      // all (never a guess, and never "paid up").
      if (r.balanceCents === null) {
        state.expecting = null;
        state.offer = "transfer";
        return thanks + say(state, "account.balance_system_unreachable");
      }
      if (r.balanceStale && r.balanceAsOf && typeof r.balanceCents === "number")
        return (
          thanks +
          say(state, "account.your_last_known_balance", {
            balanceCents: money(r.balanceCents),
            asOf: r.balanceAsOf.slice(0, 10),
          }) +
          more
        );
      if (!r.balanceCents || r.balanceCents <= 0) return thanks + say(state, "account.youre_all_paid_up_your") + more;
      state.expecting = null;
      if (await canPayByPhone(turn)) {
        state.offer = "pay_phone";
        return thanks + say(state, "account.your_balance_is_pay_by_keypad", { balanceCents: money(r.balanceCents) });
      }
      state.offer = "pay_link";
      return thanks + say(state, "account.your_balance_is_would_you", { balanceCents: money(r.balanceCents) });
    }
    case "gate_code": {
      state.pendingAccount = null;
      const r = await runTool(turn.ctx, "get_account", { include: ["gate_code"] });
      if (!r.ok) {
        state.offer = "transfer";
        state.expecting = null;
        return say(state, "account.i_cant_give_you_the");
      }
      const result = r as { gateCodes?: unknown[]; gateCodesTexted?: boolean };
      if (!result.gateCodes?.length) return thanks + say(state, "account.i_dont_see_an_active_2") + more;
      if (result.gateCodesTexted) return say(state, "account.ive_texted_your_gate_code") + more;
      // Read out (the "read_after_code" policy): the codes come from the tool's hand-off, not its result.
      const codes = turn.ctx.gateCodesToSay ?? [];
      turn.ctx.gateCodesToSay = [];
      return thanks + gateCodeSentence(state, codes) + more;
    }
    case "payment":
      state.pendingAccount = null;
      // On a call the caller pays by keypad, unless they asked for the link.
      if (!WANTS_LINK.test(turn.utterance.text) && (await canPayByPhone(turn)))
        return thanks + (await startPhonePayment(turn));
      return thanks + (await sendPayLink(turn)) + more;
    case "cancel":
      return confirmCancel(turn, thanks);
    default:
      return thanks + say(state, "account.how_can_i_help");
  }
}

/** "text me a link": the caller wants the link, not the keypad. */
const WANTS_LINK = /\b(text|link|sms|message|e-?mail|mensaje|enlace|correo)\b/i;

/** A call, and this business takes payments by phone (Settings > Payments). */
async function canPayByPhone(turn: PolicyTurn): Promise<boolean> {
  if (turn.ctx.state.channel !== "voice") return false;
  return (await phonePaySetup(turn.ctx.tx, turn.ctx.organizationId)) !== null;
}

/**
 * Hands the verified caller to <Pay> for their balance: the turn ends with reason "payment" and the
 * voice channel answers with <Pay>; the result comes back as the next thing the agent says. When the
 * hand-off is refused (nothing due, too many tries), the caller hears why and a next step.
 */
export async function startPhonePayment(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = (await runTool(turn.ctx, "take_payment_by_phone", {})) as
    | { ok: true; paymentId: string; amountCents: number; currency: string; connector: string }
    | { ok: false; reason: string };
  if (r.ok) {
    state.expecting = null;
    state.offer = null;
    turn.end = {
      reason: "payment",
      payment: { id: r.paymentId, amountCents: r.amountCents, currency: r.currency, connector: r.connector },
    };
    return say(state, "account.handing_you_to_secure_payment", { balanceCents: money(r.amountCents) });
  }
  state.expecting = "anything_else";
  if (r.reason === "nothing_due") return say(state, "account.no_balance_due_anything_else");
  return `${await sendPayLink(turn)} ${say(state, "route.anything_else")}`;
}

export async function sendPayLink(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "send_link_sms", { kind: "payment" });
  if (r.ok) return say(state, "account.ive_texted_you_a_secure");
  state.offer = "transfer";
  return say(state, "account.i_cant_send_a_payment");
}

/**
 * "Actually cancel that" after booking: the reservation this conversation made. Its confirmation
 * code, just told to this caller, proves the account (verify_caller with it and the name it was
 * booked under), so the caller is asked only to confirm it, not for the name on the account.
 */
export async function cancelBookedHere(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const code = state.reservation!.confirmationCode;
  state.offer = null;
  state.pendingAccount = "cancel";
  if (!state.verification.verified) {
    const r = (await runTool(turn.ctx, "verify_caller", {
      name: state.slots.name,
      confirmationCode: code,
    })) as VerifyResult;
    if (!r.ok || !("verified" in r) || !r.verified) return startAccount(turn, "cancel");
  }
  state.verification.code = code;
  return confirmCancel(turn, "");
}

async function confirmCancel(turn: PolicyTurn, pre: string): Promise<string> {
  const state = turn.ctx.state;
  const r = (await runTool(turn.ctx, "get_account", { include: ["reservations"] })) as {
    ok: boolean;
    reservations?: { confirmationCode: string; moveInDate: string; facilityName: string }[];
  };
  const all = r.ok ? (r.reservations ?? []) : [];
  const wanted = state.verification.code ? all.filter((x) => x.confirmationCode === state.verification.code) : all;
  if (wanted.length === 0) {
    state.pendingAccount = null;
    return pre + say(state, "account.i_dont_see_an_active_3");
  }
  if (wanted.length > 1) {
    state.expecting = "verification";
    state.verification.step = "phone_or_code";
    return pre + say(state, "account.you_have_more_than_one");
  }
  const one = wanted[0]!;
  state.verification.code = one.confirmationCode;
  state.flow = "cancel";
  state.expecting = "confirm";
  return (
    pre +
    say(state, "account.i_see_reservation_at_for", {
      confirmationCode: one.confirmationCode,
      facilityName: one.facilityName,
      day: day(one.moveInDate, state),
    })
  );
}

export async function doCancel(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "cancel_reservation", { confirmationCode: state.verification.code });
  state.flow = null;
  state.pendingAccount = null;
  state.expecting = "anything_else";
  if (!r.ok) return say(state, "account.i_couldnt_cancel_that_reservation");
  return say(state, "account.done_reservation_is_cancelled_anything", { confirmationCode: r.confirmationCode });
}
