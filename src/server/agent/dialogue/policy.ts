/**
 * The default brain's dialogue policy: deterministic, no network. A turn first answers what the
 * agent was waiting for (state.expecting), then routes by intent. Questions asked mid-flow are
 * answered and the pending question is asked again, so a caller can wander and come back. A slot
 * question is never asked more than twice in a row without progress (guardRepeat).
 */
import { extractEntities, type Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";

import { continueVerification, doCancel, fulfil, sendPayLink, startAccount } from "./account-flow";
import {
  answerAddress,
  answerFromKnowledge,
  answerHours,
  answerMoveIn,
  answerPolicy,
  answerPromotions,
  answerProtection,
} from "./info-answers";
import { askForPerson, continueMessage, emergency, fillMessage, saveOnGoodbye, startMessage } from "./person-flow";
import {
  absorbSales,
  answerMoveInFees,
  answerPrice,
  answerSizeAdvice,
  asksMoveInFees,
  asksRelativeSize,
  bookIt,
  captureLeadIfReady,
  continueReserve,
  startReserve,
} from "./sales-flow";
import { askContact, hasContact } from "./lead-capture";
import { L, lastQuestion, money } from "./say";
import type { DialogueState } from "./state";
import type { PolicyTurn } from "./turn";
import { first, isEmergencyText, isQuestionShaped, yesNo } from "./understand";

/** "Can you e-mail me instead?": the caller would rather be reached by e-mail than by phone. */
const PREFERS_EMAIL = /\b(e-?mail|correo)\b/i;

/** Requests that abandon a half-done verification: a caller who asks for a price is shopping, not an account holder. */
const LEAVES_VERIFICATION = new Set<Intent>(["price_inquiry", "availability_inquiry", "reserve_unit", "size_advice"]);

/** Questions that can be answered in passing without leaving the current flow. */
const ASIDES = new Set<Intent>([
  "hours_inquiry",
  "access_hours_inquiry",
  "address_directions",
  "promotions_inquiry",
  "protection_plan_inquiry",
  "move_in_requirements",
  "policy_question",
]);
const ASIDE_CONFIDENCE = 0.6;

/** A request confident and concrete enough (it names a size) to leave the message the caller was about to dictate. */
const SALES_REQUESTS = new Set<Intent>(["price_inquiry", "availability_inquiry", "reserve_unit"]);
const SALES_SWITCH_CONFIDENCE = 0.8;

/** Replies to a pending offer that can carry one of its details ("next friday" to "would you like to reserve one?"). */
const OFFER_DETAIL_INTENTS = new Set<Intent>(["provide_info", "affirm", "unclear"]);

/** Slot questions the loop guard watches; an open "anything else?" is answered by any new request. */
const OPEN_QUESTIONS = new Set<string | null>([null, "anything_else"]);

export async function silence(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.silenceCount++;
  if (s.silenceCount === 1)
    return L(s, "Are you still there? How can I help you?", "¿Sigue ahí? ¿En qué le puedo ayudar?");
  if (s.silenceCount === 2) {
    s.offer = "transfer";
    s.offeredPerson = true;
    return L(
      s,
      "I can't hear you. Would you like me to connect you with a person?",
      "No le escucho. ¿Quiere que le comunique con una persona?",
    );
  }
  s.ended = true;
  t.end = { reason: "goodbye" };
  return L(
    s,
    "I'm going to hang up now. Please call back any time. Goodbye!",
    "Voy a colgar. Llámenos cuando guste. ¡Adiós!",
  );
}

export async function decide(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const before = { expecting: s.expecting, slots: JSON.stringify(s.slots) };
  const reply = await decideTurn(t);
  return guardRepeat(t, before, reply);
}

/**
 * The loop guard: when a turn ends asking the same slot question as the last two turns, with the
 * same thing expected and no slot filled in between, the caller is offered a person instead of a
 * third identical question (a closed office turns a yes into a message).
 */
function guardRepeat(
  t: PolicyTurn,
  before: { expecting: DialogueState["expecting"]; slots: string },
  reply: string,
): string {
  const s = t.ctx.state;
  if (s.ended || OPEN_QUESTIONS.has(s.expecting)) {
    s.lastAsk = undefined;
    return reply;
  }
  const question = lastQuestion(reply);
  const key = `${s.flow}|${s.expecting}|${question}`;
  const stalled =
    before.expecting === s.expecting && before.slots === JSON.stringify(s.slots) && s.lastAsk?.key === key;
  const count = stalled ? s.lastAsk!.count + 1 : 1;
  if (count <= 2) {
    s.lastAsk = { key, count };
    return reply;
  }
  s.lastAsk = undefined;
  s.expecting = null;
  s.offer = "transfer";
  s.offeredPerson = true;
  const said = question ? reply.slice(0, reply.lastIndexOf(question)).trim() : reply;
  const escape = L(
    s,
    "I'm sorry, we seem to be going in circles. Would you like me to connect you with a person?",
    "Perdón, parece que no avanzamos. ¿Quiere que le comunique con una persona?",
  );
  return said ? `${said} ${escape}` : escape;
}

async function decideTurn(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.silenceCount = 0;
  const u = t.u;

  if (first(u, "card_number") || u.text.includes("[card number]")) {
    return startAccount(t, "payment").then(
      (r) =>
        L(
          s,
          "Please don't read card numbers to me; for your safety I never take them. ",
          "Por favor no me dé números de tarjeta; por su seguridad nunca los tomo. ",
        ) + r.replace(/^I can't take card numbers here, but |^No puedo tomar números de tarjeta, pero /, ""),
    );
  }
  if (u.intent === "emergency" || isEmergencyText(u.text)) return emergency(t);
  if (u.intent === "goodbye" && s.expecting !== "name" && s.expecting !== "message") return goodbye(t);

  if (s.expecting) {
    const answered = await fillExpected(t);
    if (answered !== null) return answered;
  }
  return route(t, u.intent);
}

async function goodbye(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  // Leaving in the middle of a message: what was said is saved, never dropped (unless "never mind").
  if (GIVES_UP.test(t.u.text) && s.flow === "message") s.flow = null;
  const saved = await saveOnGoodbye(t);
  if (saved !== null) return saved;
  // A price heard and no name yet: one chance to note it under their name before they go.
  const ask = askNameForQuote(t, true);
  if (ask) return ask;
  await captureLeadIfReady(t);
  s.ended = true;
  s.expecting = null;
  t.end = { reason: "goodbye" };
  const fid = s.facilityId;
  const f = fid ? await t.ctx.facts.facility(fid) : null;
  return L(
    s,
    `Thanks for calling${f ? ` ${f.name}` : ""}. Goodbye!`,
    `Gracias por llamar${f ? ` a ${f.name}` : ""}. ¡Adiós!`,
  );
}

const ASKS_PRICE = /\b(how much|price|prices|cost|costs|charge|rate|rates|cu[aá]nto)\b/i;

/** "Is there a late fee?" asks about the rules, not the caller's own balance: the knowledge base answers it. */
const isLateFeePolicyQuestion = (text: string) =>
  /\blate (fee|fees|charge|charges)\b/i.test(text) &&
  /\b(what happens|is there|do you (charge|have)|how much is (the|a)|what is the|what's the)\b/i.test(text);

const ASKS_FREE_HOLD =
  /\b(hold|reserve|save)\b.{0,40}\b(without (paying|payment|a card|a deposit)|for free|free of charge|no (charge|payment|deposit))\b|\b(have to|need to|must i|do i) pay (anything )?(to|for) (reserve|hold|book)|\b(is|does) (it|reserving|a reservation|the reservation) (cost|free)\b|\bcuesta reservar\b|\breservar (es )?gratis\b/i;
const ASKS_CONFIRMATION_CODE =
  /\bconfirmation\b|\bc[oó]digo de confirmaci[oó]n\b|\b(repeat|again|what was|say)\b.*\bcode\b|\bcode\b.*\b(again|one more time)\b/i;
const SALES_INTENTS = new Set<Intent>(["price_inquiry", "availability_inquiry", "size_advice", "reserve_unit"]);
/** Requests that "bigger" or "cheaper" never turn into a quote. */
const NOT_RELATIVE_SIZE = new Set<Intent>([
  "emergency",
  "speak_to_person",
  "leave_message",
  "gate_code_request",
  "cancel_reservation",
  "goodbye",
]);
/** A caller's own account (what they owe, paying, the gate) is never a question about move-in charges. */
const NOT_MOVE_IN_FEES = new Set<Intent>([
  "balance_inquiry",
  "payment_inquiry",
  "gate_code_request",
  "cancel_reservation",
  "emergency",
  "speak_to_person",
  "leave_message",
]);

/** Routes a fresh request by intent. */
async function route(t: PolicyTurn, routed: Intent): Promise<string> {
  const s = t.ctx.state;
  const intent: Intent =
    (routed === "balance_inquiry" || routed === "payment_inquiry") && isLateFeePolicyQuestion(t.u.text)
      ? "policy_question"
      : // "sorry, I meant a ten by ten": a size, however the classifier heard the rest, is about a unit.
        (routed === "unclear" || routed === "out_of_scope") && first(t.u, "unit_size")
        ? "provide_info"
        : // "how much to store a travel trailer": a price asked for something to store is a price question.
          routed === "policy_question" && first(t.u, "size_hint") && ASKS_PRICE.test(t.u.text)
          ? "price_inquiry"
          : routed;
  // "Can you hold one without me paying?": reserving takes no payment here; the hold lasts the facility's hold period.
  if (!NOT_RELATIVE_SIZE.has(intent) && ASKS_FREE_HOLD.test(t.u.text)) return answerFreeHold(t);
  // "What's my confirmation code again?" right after booking: this call made it, so it is said again
  // (never a gate code: a reservation has none until move-in, and "gate" never matches here).
  if (s.reservation && ASKS_CONFIRMATION_CODE.test(t.u.text) && !/\b(gate|port[oó]n|acceso|access)\b/i.test(t.u.text)) {
    s.offer = null;
    return withFollowUp(
      t,
      L(
        s,
        `Your confirmation code is ${s.reservation.confirmationCode}.`,
        `Su código de confirmación es ${s.reservation.confirmationCode}.`,
      ),
    );
  }
  // "something cheaper?" after a quote asks for another size, whatever the classifier heard.
  if (s.slots.width && !NOT_RELATIVE_SIZE.has(intent) && !SALES_INTENTS.has(intent) && asksRelativeSize(t.u.text))
    return answerPrice(t, "price");
  // "is there an admin fee", "do I need a deposit" (without a size) ask for the move-in charges.
  if (
    !NOT_MOVE_IN_FEES.has(intent) &&
    asksMoveInFees(t.u.text) &&
    !first(t.u, "unit_size") &&
    !first(t.u, "size_hint")
  ) {
    if (!s.expecting) s.offer = null; // a fresh question: an earlier offer is not what a yes would answer now
    return withFollowUp(t, await answerMoveInFees(t));
  }
  // "next friday" to "would you like to reserve one?" is a yes that carries the move-in date.
  if (
    s.offer === "reserve" &&
    OFFER_DETAIL_INTENTS.has(intent) &&
    first(t.u, "date") &&
    !first(t.u, "unit_size") &&
    yesNo(t.u) !== false
  ) {
    s.unclearCount = 0;
    return answerOffer(t, true);
  }
  // provide_info with nothing usable is noise too; it resets the count only once it fills a slot (below).
  if (intent !== "unclear" && intent !== "out_of_scope" && intent !== "provide_info") s.unclearCount = 0;
  const inSales = [
    "price_inquiry",
    "availability_inquiry",
    "size_advice",
    "reserve_unit",
    "promotions_inquiry",
    "provide_info",
  ].includes(intent);
  if (inSales) absorbSales(t, { dates: s.flow === "reserve" || intent === "reserve_unit" });
  const introduced = introduce(t);
  switch (intent) {
    case "greeting":
      return greet(t, introduced);
    case "price_inquiry":
      return answerPrice(t, "price");
    case "availability_inquiry":
      return answerPrice(t, "availability");
    case "size_advice":
      return answerSizeAdvice(t);
    case "reserve_unit":
      return startReserve(t);
    case "hours_inquiry":
      return withFollowUp(t, await answerHours(t, "hours"));
    case "access_hours_inquiry":
      return withFollowUp(t, await answerHours(t, "access"));
    case "address_directions":
      return answerAddress(t);
    case "promotions_inquiry":
      return answerPromotions(t);
    case "protection_plan_inquiry":
      return withFollowUp(t, await answerProtection(t));
    case "move_in_requirements":
      return withFollowUp(t, await answerMoveIn(t));
    case "policy_question":
      return answerPolicy(t);
    case "payment_inquiry":
      return startAccount(t, "payment");
    case "balance_inquiry":
      return startAccount(t, "balance");
    case "gate_code_request":
      return startAccount(t, "gate_code");
    case "cancel_reservation":
      return startAccount(t, "cancel");
    case "speak_to_person":
      return askForPerson(t, "caller asked for a person");
    case "leave_message":
      return startMessage(t, "", null);
    case "affirm":
    case "deny":
      return answerOffer(t, intent === "affirm");
    case "thanks":
      s.expecting = "anything_else";
      return L(s, "You're welcome! Is there anything else I can help with?", "¡De nada! ¿Le ayudo con algo más?");
    case "goodbye":
      return goodbye(t);
    case "emergency":
      return emergency(t);
    case "provide_info":
      if (s.slots.width || s.slots.sizeHint) {
        s.unclearCount = 0;
        return answerPrice(t, "price");
      }
      if (introduced || first(t.u, "email") || first(t.u, "phone")) {
        s.unclearCount = 0;
        return contactNoted(t, introduced);
      }
      return unclear(t);
    case "out_of_scope":
    case "unclear":
      return unclear(t);
  }
}

/**
 * "Hi, my name is Jane Doe" before any request: the name is kept for a lead or a reservation (so it
 * is not asked again). Not during verification, where a name is the account holder's, checked by
 * its own step. Returns the name when this turn introduced it.
 */
function introduce(t: PolicyTurn): string | null {
  const s = t.ctx.state;
  const n = first(t.u, "name");
  if (!n || s.flow === "verify" || (s.slots.name && s.slots.name === n.name)) return null;
  s.slots.name = n.name;
  return n.name;
}

function greet(t: PolicyTurn, name: string | null): string {
  const s = t.ctx.state;
  if (!name) return L(s, "Hi there! How can I help you today?", "¡Hola! ¿En qué le puedo ayudar hoy?");
  const given = name.split(" ")[0];
  return L(
    s,
    `Hi ${given}, nice to meet you! How can I help you today?`,
    `¡Hola, ${given}, mucho gusto! ¿En qué le puedo ayudar hoy?`,
  );
}

/** Contact details given unprompted: keep them (a name and a phone or e-mail make a lead) and ask what they need. */
async function contactNoted(t: PolicyTurn, introduced: string | null): Promise<string> {
  const s = t.ctx.state;
  absorbContact(t);
  await captureLeadIfReady(t);
  // Mid-flow (a message, a reservation), carry on with whatever is still missing.
  if (s.flow === "message") return continueMessage(t, L(s, "Thanks.", "Gracias."));
  if (s.flow === "reserve") return continueReserve(t, L(s, "Thanks.", "Gracias."));
  if (introduced && !first(t.u, "email") && !first(t.u, "phone")) return greet(t, introduced);
  s.expecting = null;
  const given = s.slots.name ? `, ${s.slots.name.split(" ")[0]}` : "";
  return L(
    s,
    `Thanks${given}, I've noted that. How can I help you today?`,
    `Gracias${given}, lo anoté. ¿En qué le puedo ayudar hoy?`,
  );
}

function withFollowUp(t: PolicyTurn, text: string): string {
  const s = t.ctx.state;
  if (s.offer || s.expecting) return text;
  s.expecting = "anything_else";
  return `${text} ${L(s, "Anything else I can help with?", "¿Algo más?")}`;
}

async function unclear(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.unclearCount++;
  if (s.unclearCount === 1) {
    return t.u.intent === "out_of_scope"
      ? L(
          s,
          "I can help with storage units: prices, availability, hours, and reservations. What can I do for you?",
          "Le puedo ayudar con unidades de almacenamiento: precios, disponibilidad, horarios y reservaciones. ¿Qué necesita?",
        )
      : L(
          s,
          "Sorry, I didn't catch that. You can ask me about prices, sizes, hours, or reserving a unit.",
          "Perdón, no le entendí. Puede preguntarme por precios, tamaños, horarios o reservar una unidad.",
        );
  }
  s.offer = "transfer";
  s.offeredPerson = true;
  return L(
    s,
    "I'm having trouble understanding. Would you like me to connect you with a person?",
    "Me está costando entenderle. ¿Quiere que le comunique con una persona?",
  );
}

/** Yes or no to what the agent last offered. */
async function answerOffer(t: PolicyTurn, yes: boolean): Promise<string> {
  const s = t.ctx.state;
  const offer = s.offer;
  s.offer = null;
  if (!offer) {
    if (s.flow === "reserve") return continueReserve(t, "");
    s.expecting = null;
    return L(s, "Okay. What can I help you with?", "Está bien. ¿En qué le puedo ayudar?");
  }
  if (!yes) {
    if (offer === "message" && s.flow === "message") s.flow = null;
    // "No thanks" to reserving what was just quoted: ask the name once, to note the price for them.
    if (offer === "reserve" && !s.messagePaused) {
      const ask = askNameForQuote(t, false);
      if (ask) return ask;
    }
    // A message set aside for a price or a reservation is offered again once that is declined.
    if (s.messagePaused && offer !== "message") {
      s.messagePaused = false;
      s.flow = "message";
      s.offer = "message";
      s.expecting = null;
      return L(
        s,
        "No problem. Would you still like to leave your message for the office?",
        "No hay problema. ¿Todavía quiere dejar su mensaje para la oficina?",
      );
    }
    s.expecting = "anything_else";
    return L(s, "No problem. Is there anything else I can help with?", "No hay problema. ¿Le ayudo con algo más?");
  }
  switch (offer) {
    case "reserve":
      absorbSales(t, { dates: true });
      return startReserve(t);
    case "transfer":
      return askForPerson(t, "caller accepted a transfer");
    case "message":
      // A message flow already under way (paused, or interrupted by a question) resumes where it was.
      if (s.flow === "message") return continueMessage(t, "");
      return startMessage(
        t,
        "",
        s.slots.width ? `Wants a ${s.slots.width}x${s.slots.length} when one is available.` : null,
      );
    case "pay_link":
      s.expecting = "anything_else";
      return `${await sendPayLink(t)} ${L(s, "Anything else?", "¿Algo más?")}`;
    case "directions": {
      const r = await runTool(t.ctx, "send_link_sms", { kind: "directions" });
      s.expecting = "anything_else";
      return r.ok
        ? L(s, "Done, I've texted you a map link. Anything else?", "Listo, le envié el enlace del mapa. ¿Algo más?")
        : L(s, "Sorry, I couldn't send the text. Anything else?", "Perdón, no pude enviar el mensaje. ¿Algo más?");
    }
  }
}

/**
 * Fills the slot the agent asked for. Returns null when the utterance is not an answer, so the
 * caller's new request is routed instead.
 */
/** "never mind", "I'll think about it": the caller drops what they were doing, whatever was asked. */
const GIVES_UP =
  /\b(never ?mind|forget (it|about it)|i'?ll think about it|let me think about it|changed my mind|no importa|olv[ií]d(elo|alo)|lo voy a pensar)\b/i;

async function fillExpected(t: PolicyTurn): Promise<string | null> {
  const s = t.ctx.state;
  const u = t.u;
  const expecting = s.expecting;
  const takingMessage =
    s.flow === "message" && (expecting === "name" || expecting === "phone" || expecting === "message");
  // Mid-booking, giving up is not an answer to the question ("no e-mail") that walks on to the read-back.
  if (s.flow === "reserve" && expecting !== "confirm" && GIVES_UP.test(u.text) && !hasSlotAnswer(t)) {
    await captureLeadIfReady(t);
    s.flow = null;
    s.offer = null;
    if (/\b(bye|goodbye|adi[oó]s)\b/i.test(u.text)) return goodbye(t);
    s.expecting = "anything_else";
    return L(
      s,
      "No problem, nothing is booked. Is there anything else I can help with?",
      "No hay problema, no reservé nada. ¿Le ayudo con algo más?",
    );
  }
  if (takingMessage && GIVES_UP.test(u.text) && !hasSlotAnswer(t)) {
    // "Never mind": the caller no longer wants to leave a message, so none is saved.
    s.flow = null;
    s.offer = null;
    s.messagePaused = false;
    s.slots.message = undefined;
    if (/\b(bye|goodbye|adi[oó]s)\b/i.test(u.text)) return goodbye(t);
    s.expecting = "anything_else";
    return L(
      s,
      "No problem, I won't leave a message. Is there anything else I can help with?",
      "No hay problema, no dejo ningún mensaje. ¿Le ayudo con algo más?",
    );
  }
  if (
    takingMessage &&
    SALES_REQUESTS.has(u.intent) &&
    u.confidence >= SALES_SWITCH_CONFIDENCE &&
    (first(u, "unit_size") || first(u, "size_hint"))
  ) {
    // "How much is a 5x10?" instead of a message: a new request, answered; the message is offered again if they don't book.
    s.messagePaused = true;
    s.flow = null;
    s.expecting = null;
    return null;
  }
  // A side question mid-flow: answer it, then ask again.
  const confidentAside = ASIDES.has(u.intent) && u.confidence >= ASIDE_CONFIDENCE;
  // Waiting for free text, a date or a size in a question ("do you close early today?") is part of the question.
  if (expecting === "message" && (confidentAside || isQuestionShaped(u.text)))
    return questionForMessage(t, confidentAside);
  const aside = confidentAside && !hasSlotAnswer(t);
  if (aside && expecting !== "anything_else") {
    const answer = await route(t, u.intent);
    s.expecting = expecting;
    s.offer = null;
    return `${answer} ${await reask(t)}`;
  }
  // Name, number, yes/no and the message itself, in any order and all at once.
  if (takingMessage) {
    const filled = await fillMessage(t);
    if (filled !== null) return filled;
  }
  switch (expecting) {
    case "size": {
      absorbSales(t, { dates: s.flow === "reserve" });
      if (s.slots.width || s.slots.sizeHint || first(u, "unit_size") || first(u, "size_hint")) {
        s.expecting = null;
        return s.flow === "reserve" ? continueReserve(t, "") : answerPrice(t, "price");
      }
      if (s.offer === null && yesNo(u) === true && s.slots.unitTypeId)
        return s.flow === "reserve" ? continueReserve(t, "") : startReserve(t);
      return null;
    }
    case "facility": {
      const f = first(u, "facility");
      if (!f) return null;
      s.facilityId = f.facilityId;
      s.expecting = null;
      absorbSales(t, { dates: s.flow === "reserve" });
      if (s.flow === "reserve") return continueReserve(t, "");
      if (s.flow === "quote") return answerPrice(t, "price");
      const pending = s.pendingIntent as Intent | undefined;
      s.pendingIntent = undefined;
      // A bare answer ("northgate") resumes the question that needed a location.
      if (u.intent === "provide_info" || u.intent === "unclear" || u.intent === "greeting")
        return route(t, pending ?? "greeting");
      return route(t, u.intent);
    }
    case "move_in_date": {
      absorbSales(t, { dates: true });
      // "tomorrow, my name is pat and my number is …": the details given ahead of their question are kept.
      const gaveContact = absorbContact(t);
      const date = first(u, "date");
      const proposed = s.slots.proposedMoveIn;
      s.slots.proposedMoveIn = undefined;
      // "Yes" to the next open day offered for a closed one.
      if (!date && proposed && yesNo(u) === true) s.slots.moveInDate = proposed;
      else if (!date) {
        if (/\b(asap|as soon as possible|right away|now|ya|lo antes posible)\b/i.test(u.text)) {
          const f = await t.ctx.facts.facility(s.facilityId ?? "");
          if (f) s.slots.moveInDate = new Intl.DateTimeFormat("en-CA", { timeZone: f.timeZone }).format(t.ctx.now);
        } else if (gaveContact && s.flow === "reserve") return continueReserve(t, L(s, "Thanks.", "Gracias."));
        else return null;
      }
      s.expecting = null;
      return continueReserve(t, "");
    }
    case "name": {
      const name = first(u, "name")?.name ?? nameBeforeContact(t);
      if (!name) return s.askedNameForQuote && !s.flow ? noNameForQuote(t) : null;
      s.slots.name = name;
      s.expecting = null;
      absorbContact(t);
      if (s.askedNameForQuote && !s.flow) return quoteNoted(t);
      return continueFlow(t);
    }
    case "phone": {
      const p = first(u, "phone");
      const e = first(u, "email");
      if (p) {
        s.slots.phone = p.e164;
        s.slots.phoneFromCallerId = false;
      } else if (e) {
        // An e-mail is a way to reach the caller too: a web chat has no caller ID, and a caller may prefer it.
        s.slots.email = e.email;
        s.slots.phoneFromCallerId = false;
      } else if (PREFERS_EMAIL.test(u.text)) {
        s.expecting = "email";
        s.slots.phoneFromCallerId = false;
        return L(s, "Sure, what's your e-mail address?", "Claro, ¿cuál es su correo?");
      } else if (s.slots.phoneFromCallerId && s.callerId) {
        const yn = yesNo(u);
        if (yn === null) return null;
        if (yn) s.slots.phone = s.callerId;
        else {
          s.slots.phoneFromCallerId = false;
          return L(s, "What's the best number to reach you?", "¿Cuál es el mejor número?");
        }
      } else return null;
      s.expecting = null;
      absorbContact(t);
      if (s.flow !== "message") await captureLeadIfReady(t);
      return continueFlow(t);
    }
    case "email": {
      const e = first(u, "email");
      if (e) s.slots.email = e.email;
      else if (yesNo(u) === false || /\b(skip|no thanks|no email|none|don't have|sin correo)\b/i.test(u.text))
        s.slots.emailDeclined = true;
      else if (yesNo(u) === true) return L(s, "Great, what's your e-mail address?", "Muy bien, ¿cuál es su correo?");
      else return null;
      s.expecting = null;
      return continueFlow(t);
    }
    case "confirm": {
      const yn = yesNo(u);
      if (s.flow === "cancel") {
        if (yn === true) return doCancel(t);
        if (yn === false) {
          s.flow = null;
          s.pendingAccount = null;
          s.expecting = "anything_else";
          return L(s, "Okay, I won't cancel it. Anything else?", "Está bien, no la cancelo. ¿Algo más?");
        }
        return null;
      }
      if (yn === true && !changesSlots(t)) return bookIt(t);
      if (changesSlots(t)) {
        absorbSales(t, { dates: true });
        absorbContact(t);
        return continueReserve(t, L(s, "Got it.", "Entendido."));
      }
      if (yn === false)
        return L(
          s,
          "What would you like to change: the size, the move-in date, or your contact details?",
          "¿Qué quiere cambiar: el tamaño, la fecha o sus datos?",
        );
      return null;
    }
    case "verification":
      if (ASIDES.has(u.intent) && u.confidence >= 0.8) return null;
      if (LEAVES_VERIFICATION.has(u.intent) && u.confidence >= 0.8 && !first(u, "name") && !first(u, "phone")) {
        s.flow = null;
        s.pendingAccount = null;
        s.expecting = null;
        s.verification.step = undefined;
        return null;
      }
      return continueVerification(t);
    case "message":
      return takeMessageText(t);
    case "anything_else": {
      const yn = yesNo(u);
      if (yn === false && u.intent !== "reserve_unit" && u.entities.length <= 1) return goodbye(t);
      if (yn === true && (u.intent === "affirm" || u.text.trim().split(/\s+/).length <= 2)) {
        s.expecting = null;
        return L(s, "Sure, what can I help you with?", "Claro, ¿en qué le ayudo?");
      }
      s.expecting = null;
      return null;
    }
    default:
      return null;
  }
}

function takeMessageText(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const text = t.u.text.trim();
  s.slots.message = s.slots.message ? `${s.slots.message} ${text}` : text;
  s.expecting = null;
  s.messageAside = undefined;
  return continueMessage(t, "");
}

/**
 * A question where the message's text was expected ("wondering if you store boats"). Answered once,
 * then the caller is asked whether they still want to leave a message, rather than asked for it
 * again. A question nobody here can answer, or the same question again, is the message itself.
 */
async function questionForMessage(t: PolicyTurn, confidentAside: boolean): Promise<string> {
  const s = t.ctx.state;
  const intent = t.u.intent;
  let answer: string | null = null;
  if (confidentAside && intent !== "policy_question") {
    const routed = await route(t, intent);
    // The answer without its own follow-up ("What size are you looking for?"): the open question is the message.
    const own = lastQuestion(routed);
    answer = own && routed.endsWith(own) ? routed.slice(0, -own.length).trim() : routed;
  } else if (intent === "policy_question" || intent === "out_of_scope" || intent === "unclear") {
    // A question outside every flow is the knowledge base's; one that looks like a request of another kind is left to the office.
    answer = await answerFromKnowledge(t, t.u.text, { hours: true });
  }
  if (!answer || answer === s.messageAside || s.flow !== "message") {
    s.flow = "message";
    return takeMessageText(t);
  }
  s.messageAside = answer;
  s.expecting = null;
  s.offer = "message";
  return `${answer} ${L(s, "Would you still like to leave a message?", "¿Todavía quiere dejar un mensaje?")}`;
}

function hasSlotAnswer(t: PolicyTurn): boolean {
  return t.u.entities.some((e) => ["unit_size", "date", "name", "phone", "email", "facility"].includes(e.type));
}

function changesSlots(t: PolicyTurn): boolean {
  const s = t.ctx.state;
  return t.u.entities.some(
    (e) =>
      (e.type === "unit_size" && (e.width !== s.slots.width || e.length !== s.slots.length)) ||
      (e.type === "date" && e.date !== s.slots.moveInDate) ||
      (e.type === "phone" && e.e164 !== s.slots.phone) ||
      (e.type === "email" && e.email !== s.slots.email),
  );
}

/**
 * Reserving takes no card and no payment: a reservation here is a hold (create-reservation.ts takes
 * no payment details), and rent and fees are paid at move-in. True by construction, so not asked of
 * the knowledge base, whose nearest entry is usually what to bring at move-in.
 */
async function answerFreeHold(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const f = s.facilityId ? await t.ctx.facts.facility(s.facilityId) : null;
  const days = f ? Math.max(1, f.holdPeriodDays) : null;
  const held = days
    ? L(
        s,
        ` and we hold the unit for ${days} day${days === 1 ? "" : "s"} after you reserve`,
        ` y le guardamos la unidad ${days} día${days === 1 ? "" : "s"} después de reservar`,
      )
    : "";
  const head = L(
    s,
    `Reserving is free: nothing is paid until move-in${held}.`,
    `Reservar es gratis: no se paga nada hasta mudarse${held}.`,
  );
  if (s.slots.unitTypeId) {
    s.offer = "reserve";
    s.expecting = null;
    return `${head} ${L(s, "Would you like me to reserve it?", "¿Quiere que se la reserve?")}`;
  }
  s.offer = null;
  return withFollowUp(t, head);
}

/** Keeps the contact details the caller said, whatever was asked; true when there were any. */
function absorbContact(t: PolicyTurn): boolean {
  const s = t.ctx.state;
  let gave = false;
  const p = first(t.u, "phone");
  if (p) {
    s.slots.phone = p.e164;
    s.slots.phoneFromCallerId = false;
    gave = true;
  }
  const e = first(t.u, "email");
  if (e) {
    s.slots.email = e.email;
    gave = true;
  }
  if (s.expecting === "name" || s.flow === "reserve" || s.flow === "message") {
    const n = first(t.u, "name");
    if (n && !s.slots.name) {
      s.slots.name = n.name;
      gave = true;
    }
  }
  return gave;
}

async function continueFlow(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  if (s.flow === "message") return continueMessage(t, "");
  if (s.flow === "reserve") return continueReserve(t, "");
  if (s.flow === "verify") return fulfil(t);
  s.expecting = "anything_else";
  return L(s, "Thanks! Anything else I can help with?", "¡Gracias! ¿Algo más?");
}

/** The question the caller was answering before a side question. */
async function reask(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  switch (s.flow) {
    case "reserve":
      return continueReserve(t, "");
    case "message":
      return continueMessage(t, "");
    case "verify":
      return s.verification.step === "name"
        ? L(s, "Now, what's the full name on the account?", "Ahora, ¿cuál es el nombre completo en la cuenta?")
        : L(
            s,
            "Now, what's the phone number on the account or your confirmation code?",
            "Ahora, ¿cuál es el teléfono de la cuenta o su código?",
          );
    default:
      s.expecting = null;
      return "";
  }
}

/**
 * After a quote, before the caller goes ("no thanks", "bye"): "Can I get your name, so I can note this
 * price for you?", once per conversation, when a price was quoted, no name is known, nothing was
 * booked, and the caller can be reached (caller ID; on a web chat the contact is asked with the name).
 * Null when there is nothing to ask.
 */
function askNameForQuote(t: PolicyTurn, leaving: boolean): string | null {
  const s = t.ctx.state;
  if (!s.quoted || s.slots.name || s.reservation || s.askedNameForQuote || s.flow === "message") return null;
  if (s.verification.verified || s.existingTenant) return null;
  s.askedNameForQuote = true;
  s.goodbyeAfterName = leaving;
  s.flow = null;
  s.offer = null;
  s.expecting = "name";
  const reachable = !!(s.callerId || s.slots.phone || s.slots.email);
  const ask = reachable
    ? L(s, "can I get your name, so I can note this price for you?", "¿me da su nombre para anotarle este precio?")
    : L(
        s,
        "can I get your name and a phone number or e-mail, so I can note this price for you?",
        "¿me da su nombre y un teléfono o correo para anotarle este precio?",
      );
  if (leaving) return `${L(s, "Before you go,", "Antes de irse,")} ${ask}`;
  return `${L(s, "No problem.", "No hay problema.")} ${ask.charAt(0).toUpperCase()}${ask.slice(1)}`;
}

/** The name given for a quote: the lead is noted with it, then the caller's goodbye or "anything else?". */
async function quoteNoted(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.askedNameForQuote = true;
  if (!s.callerId && !hasContact(s)) {
    s.expecting = "phone";
    return `${L(s, "Thanks.", "Gracias.")} ${askContact(s)}`;
  }
  await captureLeadIfReady(t);
  const given = s.slots.name!.split(" ")[0];
  const q = s.quoted;
  const noted = q
    ? L(
        s,
        `Thanks, ${given}! I've noted the ${money(q.monthlyRateCents)}/mo price for you.`,
        `¡Gracias, ${given}! Le anoté el precio de ${money(q.monthlyRateCents)}/mo.`,
      )
    : L(s, `Thanks, ${given}!`, `¡Gracias, ${given}!`);
  if (s.goodbyeAfterName) {
    s.goodbyeAfterName = false;
    return `${noted} ${await goodbye(t)}`;
  }
  s.expecting = "anything_else";
  return `${noted} ${L(s, "Anything else I can help with?", "¿Algo más?")}`;
}

/** No name for the quote ("no thanks", "I'd rather not"): their goodbye, or on with the call. */
async function noNameForQuote(t: PolicyTurn): Promise<string | null> {
  const s = t.ctx.state;
  const yn = yesNo(t.u);
  const bye = t.u.intent === "goodbye" || /\b(bye|goodbye|adi[oó]s)\b/i.test(t.u.text);
  if (bye || (s.goodbyeAfterName && (yn === false || t.u.intent === "thanks"))) {
    s.goodbyeAfterName = false;
    return goodbye(t);
  }
  if (yn === false) {
    s.expecting = "anything_else";
    return L(s, "No problem. Anything else I can help with?", "No hay problema. ¿Algo más?");
  }
  if (yn === true && t.u.entities.length <= 1 && t.u.intent === "affirm")
    return L(s, "Sure, what's your name?", "Claro, ¿cuál es su nombre?");
  s.goodbyeAfterName = false;
  s.expecting = null;
  return null;
}

/**
 * "Sam Ortiz, five one two …" or "Sam Ortiz sam@example.com" to "your name?": the name is the words
 * before the number or e-mail (a bare name is only recognised when it is the whole answer).
 */
function nameBeforeContact(t: PolicyTurn): string | undefined {
  const contact = t.u.entities.filter((e) => e.type === "phone" || e.type === "email");
  if (!contact.length) return undefined;
  const before = t.u.text
    .slice(0, Math.min(...contact.map((e) => e.start)))
    .replace(/[\s,;.-]+(and|at|my number is|number is|phone is|e-?mail is|is)?[\s,;.-]*$/i, "")
    .trim();
  if (!before) return undefined;
  const [n] = extractEntities(before, { now: t.ctx.now, timeZone: "UTC", expecting: "name" }).filter(
    (e) => e.type === "name",
  );
  return n?.type === "name" ? n.name : undefined;
}
