/**
 * Steps the policy's rules and slot handlers share: leaving (goodbye, the name asked for a quote),
 * the follow-up question, keeping contact details said in passing, and going back to the flow.
 */
import { extractEntities, type Intent } from "@/server/agent/nlu";

import { fulfil } from "./account-flow";
import { askContact, hasContact } from "./lead-capture";
import { continueMessage, saveOnGoodbye } from "./person-flow";
import { say } from "./phrases";
import { captureLeadIfReady, continueReserve } from "./sales-flow";
import { capital, money } from "./say";
import type { PolicyTurn } from "./turn";
import { first, yesNo } from "./understand";

/** Questions that can be answered in passing without leaving the current flow. */
export const ASIDES = new Set<Intent>([
  "hours_inquiry",
  "access_hours_inquiry",
  "address_directions",
  "promotions_inquiry",
  "protection_plan_inquiry",
  "move_in_requirements",
  "policy_question",
]);

/** "never mind", "I'll think about it": the caller drops what they were doing, whatever was asked. */
export const GIVES_UP =
  /\b(never ?mind|forget (it|about it)|i'?ll think about it|let me think about it|changed my mind|no importa|olv[ií]d(elo|alo)|lo voy a pensar)\b/i;

/**
 * "Cancel that", "scratch that", "stop the booking", a bare "cancel": said while a booking is being
 * made or offered, they drop it. The classifier hears a reservation to cancel, which asked for the
 * name on an account; there is none to cancel.
 */
const DROPS_IT =
  /\b(cancel|scratch|stop|drop)\s+(that|this|it|(the|this)\s+(booking|reservation))\b|\b(cancel[ae]|cancela|cancele)\s+(eso|esto|la reserva(ci[oó]n)?)\b|\bcanc[eé]l(alo|elo|ala|ela)\b|\b(ya no (la |lo )?quiero|mejor no)\W*$/i;
/** The whole answer is "cancel" or "stop" (a name was asked for: the word is not one). */
export const BARE_DROP = /^\W*(no\W+)?(cancel|stop|cancelar|cancela)\W*$/i;
export const dropsIt = (text: string) => BARE_DROP.test(text) || DROPS_IT.test(text);

export async function goodbye(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  // Leaving in the middle of a message: what was said is saved, never dropped (unless "never mind").
  if (GIVES_UP.test(turn.utterance.text) && state.flow === "message") state.flow = null;
  const saved = await saveOnGoodbye(turn);
  if (saved !== null) return saved;
  // A name said on the way out ("this is Jordan Pike by the way, I'll call you back") is kept, and a
  // price heard is noted under it, rather than asked for again.
  const n = state.flow !== "verify" && !state.slots.name ? first(turn.utterance, "name") : undefined;
  if (n) {
    state.slots.name = n.name;
    if (state.quoted && !state.reservation && !state.askedNameForQuote) {
      state.goodbyeAfterName = true;
      return quoteNoted(turn);
    }
  }
  // A price heard and no name yet: one chance to note it under their name before they go.
  const ask = askNameForQuote(turn, true);
  if (ask) return ask;
  await captureLeadIfReady(turn);
  state.ended = true;
  state.expecting = null;
  turn.end = { reason: "goodbye" };
  const fid = state.facilityId;
  const f = fid ? await turn.ctx.facts.facility(fid) : null;
  return say(state, "steps.thanks_for_calling_goodbye", {
    atFacility: f ? ` ${f.name}` : "",
    atFacilityEs: f ? ` a ${f.name}` : "",
  });
}

export async function continueFlow(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  if (state.flow === "message") return continueMessage(turn, "");
  if (state.flow === "reserve") return continueReserve(turn, "");
  if (state.flow === "verify") return fulfil(turn);
  state.expecting = "anything_else";
  return say(state, "steps.thanks_anything_else_i_can");
}

export const BYE = /\b(bye|goodbye|adi[oó]s)\b/i;

/** An acknowledgment said alone: "ok", "okay sure", "alright then". */
const BARE_OK = /^\s*(ok(ay)?|alright|all right|sure|sounds good)( (ok(ay)?|sure|then|please|yes))*[\s.!]*$/i;

/**
 * A bare "ok", "alright" or "sure" to an open offer ("Would you like me to reserve it?"): a yes, though
 * the classifier hears a goodbye in it. Said with anything else ("alright, this is Jordan, I'll call
 * you back", "ok bye") it stays what the classifier heard.
 */
export const okToAnOffer = (turn: PolicyTurn) => !!turn.ctx.state.offer && BARE_OK.test(turn.utterance.text);

/** The question the caller was answering before a side question. */
export async function reask(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  switch (state.flow) {
    case "reserve":
      return continueReserve(turn, "");
    case "message":
      return continueMessage(turn, "");
    case "verify":
      return state.verification.step === "name"
        ? say(state, "steps.now_whats_the_full_name")
        : say(state, "steps.now_whats_the_phone_number");
    default:
      state.expecting = null;
      return "";
  }
}

/**
 * After a quote, before the caller goes ("no thanks", "bye"): "Can I get your name, so I can note this
 * price for you?", once per conversation, when a price was quoted, no name is known, nothing was
 * booked, and the caller can be reached (caller ID; on a web chat the contact is asked with the name).
 * Null when there is nothing to ask.
 */
export function askNameForQuote(turn: PolicyTurn, leaving: boolean): string | null {
  const state = turn.ctx.state;
  if (!state.quoted || state.slots.name || state.reservation || state.askedNameForQuote || state.flow === "message")
    return null;
  if (state.verification.verified || state.existingTenant) return null;
  state.askedNameForQuote = true;
  state.goodbyeAfterName = leaving;
  state.flow = null;
  state.offer = null;
  state.expecting = "name";
  const reachable = !!(state.callerId || state.slots.phone || state.slots.email);
  const ask = reachable ? say(state, "steps.can_i_get_your_name") : say(state, "steps.can_i_get_your_name_2");
  if (leaving) return `${say(state, "steps.before_you_go")} ${ask}`;
  return `${say(state, "steps.no_problem")} ${capital(ask)}`;
}

/** The name given for a quote: the lead is noted with it, then the caller's goodbye or "anything else?". */
export async function quoteNoted(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  state.askedNameForQuote = true;
  if (!state.callerId && !hasContact(state)) {
    state.expecting = "phone";
    return `${say(state, "steps.thanks")} ${askContact(state)}`;
  }
  await captureLeadIfReady(turn);
  const given = state.slots.name!.split(" ")[0];
  const q = state.quoted;
  const noted = q
    ? say(state, "steps.thanks_ive_noted_the_mo", { given, monthlyRateCents: money(q.monthlyRateCents) })
    : say(state, "steps.thanks_2", { given });
  if (state.goodbyeAfterName) {
    state.goodbyeAfterName = false;
    return `${noted} ${await goodbye(turn)}`;
  }
  state.expecting = "anything_else";
  return `${noted} ${say(state, "steps.anything_else_i_can_help")}`;
}

/** No name for the quote ("no thanks", "I'd rather not"): their goodbye, or on with the call. */
export async function noNameForQuote(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const yn = yesNo(turn.utterance);
  const bye = turn.utterance.intent === "goodbye" || /\b(bye|goodbye|adi[oó]s)\b/i.test(turn.utterance.text);
  if (bye || (state.goodbyeAfterName && (yn === false || turn.utterance.intent === "thanks"))) {
    state.goodbyeAfterName = false;
    return goodbye(turn);
  }
  if (yn === false) {
    state.expecting = "anything_else";
    return say(state, "steps.no_problem_anything_else_i");
  }
  if (yn === true && turn.utterance.entities.length <= 1 && turn.utterance.intent === "affirm")
    return say(state, "steps.sure_whats_your_name");
  state.goodbyeAfterName = false;
  state.expecting = null;
  return null;
}

/**
 * "Sam Ortiz, five one two …" or "Sam Ortiz sam@example.com" to "your name?": the name is the words
 * before the number or e-mail (a bare name is only recognised when it is the whole answer).
 */
export function nameBeforeContact(turn: PolicyTurn): string | undefined {
  const contact = turn.utterance.entities.filter((e) => e.type === "phone" || e.type === "email");
  if (!contact.length) return undefined;
  const before = turn.utterance.text
    .slice(0, Math.min(...contact.map((e) => e.start)))
    .replace(/[\s,;.-]+(and|at|my number is|number is|phone is|e-?mail is|is)?[\s,;.-]*$/i, "")
    .trim();
  if (!before) return undefined;
  const [n] = extractEntities(before, { now: turn.ctx.now, timeZone: "UTC", expecting: "name" }).filter(
    (e) => e.type === "name",
  );
  return n?.type === "name" ? n.name : undefined;
}

export function hasSlotAnswer(turn: PolicyTurn): boolean {
  return turn.utterance.entities.some((e) =>
    ["unit_size", "date", "name", "phone", "email", "facility"].includes(e.type),
  );
}

export function changesSlots(turn: PolicyTurn): boolean {
  const state = turn.ctx.state;
  return turn.utterance.entities.some(
    (e) =>
      (e.type === "unit_size" && (e.width !== state.slots.width || e.length !== state.slots.length)) ||
      (e.type === "date" && e.date !== state.slots.moveInDate) ||
      (e.type === "phone" && e.e164 !== state.slots.phone) ||
      (e.type === "email" && e.email !== state.slots.email),
  );
}
