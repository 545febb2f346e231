/**
 * A fresh request, routed by intent. Before the intent switch, the rules of ROUTE_RULES run in
 * order: a few correct what the classifier heard (INTENT_CORRECTIONS), the others answer requests
 * whose words say more than their intent ("can you hold one without me paying?"). The first rule
 * that applies answers the turn.
 */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";

import { cancelBookedHere, sendPayLink, startAccount, startPhonePayment } from "./account-flow";
import { answerAudienceDiscount, asksAudienceDiscount } from "./discounts";
import { answerAmenity, answerWhatClimateIs, asksAboutAmenity, asksWhatClimateIs } from "./amenities";
import {
  answerAddress,
  answerFromKnowledge,
  answerHours,
  answerMoveIn,
  answerPolicy,
  operatorPolicy,
  answerPromotions,
  answerProtection,
  answerStaffOnSite,
  asksStaffOnSite,
} from "./info-answers";
import { describedLoad } from "./load";
import { askForPerson, continueMessage, emergency, maintenanceProblem, startMessage } from "./person-flow";
import { answerSmallTalk, smallTalkOf } from "./small-talk";
import {
  asksBillingRule,
  asksWhetherCoverageRequired,
  billingSearchText,
  HOW_TO_PAY,
  POLICY_QUESTION_RULES,
} from "./policy-questions";
import {
  absorbSales,
  answerMoveInFees,
  answerPrice,
  answerQuotedPrice,
  answerSizeAdvice,
  asksQuotedPrice,
  asksMoveInFees,
  asksRelativeSize,
  captureLeadIfReady,
  choosesKind,
  continueReserve,
  startReserve,
} from "./sales-flow";
import { say } from "./phrases";
import { day, list, money, withFollowUp } from "./say";
import type { BookedReservation, DialogueState } from "./state";
import { absorbContact } from "./lead-capture";
import { askNameForQuote, dropsIt, GIVES_UP, goodbye, okToAnOffer, reask } from "./steps";
import type { PolicyTurn } from "./turn";
import { problemIn } from "./problems";
import { confirmationCode, first, yesNo } from "./understand";

const ASKS_PRICE =
  /\b(how much|price|prices|pricing|cost|costs|charge|rate|rates|cu[aá]nto)\b|\b(go|goes|going) for\b|\brun me\b/i;
const VEHICLE_HINTS = new Set(["rv", "boat", "jet_ski", "car", "truck", "motorcycle"]);
const KEEP_VEHICLE_MISREAD = new Set<Intent>([
  "policy_question",
  "gate_code_request",
  "unclear",
  "out_of_scope",
  // Spanish callers' "¿tienen estacionamiento para casas rodantes?", "quiero estacionar mi bote",
  // "necesito guardar mi lancha" were heard as these.
  "protection_plan_inquiry",
  "move_in_requirements",
  "payment_inquiry",
  // "is boat storage something you offer", "is it ok to keep a boat at your place", "do you guys
  // take boats" were heard as a coverage question, the address and out of scope.
  "address_directions",
  "promotions_inquiry",
]);
const KEEPS_IT =
  /\b(store|stores|storing|keep|keeping|park|parking|put|place|spot|spots|space|spaces|room|somewhere|allow|allowed|accept|take|takes|offer|offered|guardar|guardan|guarda|guardo|almacenar|almacenan|aceptan|permiten|estacionar|estacionamiento|lugar|espacio)\b/i;
/** "Where do I park my car when I come in?" asks for the visit's parking, not somewhere to keep the car. */
/** A tenant moving to another unit: "switch to a smaller unit", "can I downsize", "cambiarme a una bodega más grande". */
const SWITCH_UNITS =
  /\b(?:switch|switching|transfer|transferring|move|moving|change|changing|swap|upgrade|downgrade)\b(?: (?:me|my stuff|my things|everything))?(?: over)? (?:to|into|for) (?:a |an |the )?(?:smaller|bigger|larger|different|another|cheaper|new) (?:unit|one|size|space|locker)\b|\b(?:downsize|downsizing|upsize|upsizing)\b|\bcambiar(?:me)? (?:a|de) (?:una |otra )?(?:bodega|unidad)(?: m[aá]s (?:chica|peque[ñn]a|grande))?\b/i;
const NOT_SWITCHING = new Set<Intent>(["emergency", "speak_to_person", "leave_message", "goodbye"]);

/** "¿Cómo llego a su bodega?", "how do I get there?": the way there, whatever else "bodega" suggests. */
const ASKS_THE_WAY =
  /\bc[oó]mo (?:llego|llegar|llegamos|se llega|le hago para llegar)\b|\bhow (?:do|can|would) (?:i|we) get (?:there|to (?:you|your (?:place|facility|location)|the (?:facility|place|location)))\b/i;
const THE_WAY_MISREAD = new Set<Intent>(["policy_question", "unclear", "out_of_scope", "size_advice"]);

const VISIT_PARKING = /\bwhere\b|\b(visit|visiting|come (in|by|over)|stop by)\b|\bd[oó]nde\b/i;
/** What a question about paying, the account or coverage says, whatever vehicle it names. */
const NOT_ABOUT_KEEPING_IT =
  /\b(pay|paying|payment|bill|balance|account|insurance|insured|coverage|protection|pag(o|ar)|cuenta|saldo|seguro|protecci[oó]n|cobertura)\b/i;
/** What the classifier may make of a list of things to store. */
const LOAD_MISREAD = new Set<Intent>([
  "unclear",
  "out_of_scope",
  "greeting",
  "provide_info",
  "policy_question",
  "move_in_requirements",
]);
const CALL_BACK_MISREAD = new Set<Intent>(["payment_inquiry", "balance_inquiry", "policy_question", "unclear"]);
const ASKS_CALL_BACK =
  /\b(call me|call me back|give me a call|have (someone|somebody|the manager|a manager|them|you) (call|ring)|(someone|somebody) (to )?call me)\b/i;

/** How many of a size there are, or whether any are left. */
const ASKS_HOW_MANY =
  /\bhow many\b|\b(any|some)\b.{0,30}\b(left|available|open|free|in stock)\b|\bcu[aá]nt[ao]s\b|\bquedan?\b|\b(le|les) queda\b/i;
const HOW_MANY_MISREAD = new Set<Intent>(["size_advice", "policy_question", "unclear", "out_of_scope", "provide_info"]);

/** "do you do boats?", "what about RVs": keeping a vehicle, said shortly or in so many words ("can I wash my car there" is not). */
const asksAboutAVehicle = (turn: PolicyTurn) =>
  VEHICLE_HINTS.has(first(turn.utterance, "size_hint")?.hint ?? "") &&
  !NOT_ABOUT_KEEPING_IT.test(turn.utterance.text) &&
  (KEEPS_IT.test(turn.utterance.text) || turn.utterance.text.trim().split(/\s+/).length <= 5);

const ASKS_FREE_HOLD =
  /\b(hold|reserve|save)\b.{0,40}\b(without (paying|payment|a card|a deposit)|for free|free of charge|no (charge|payment|deposit))\b|\b(have to|need to|must i|do i) pay (anything )?(to|for) (reserve|hold|book)|\b(is|does) (it|reserving|a reservation|the reservation) (cost|free)\b|\bcuesta reservar\b|\breservar (es )?gratis\b/i;

/** "How long can you hold a unit for me?": the hold period, which the free-hold answer says. */
const ASKS_HOLD_PERIOD = new RegExp(
  [
    String.raw`\bhow long\b.{0,25}\b(you|y'?all|u|they)\b.{0,15}\b(hold|save|keep|reserve)\b`,
    String.raw`\bhow long (is|are|does|will|would) (a |the |my )?(units?|spots?|reservations?|holds?)\b.{0,20}\b(held|good|valid|last|kept|saved|reserved)\b`,
    String.raw`\bhow long (do|would|will) (i|we) have to move in\b`,
    String.raw`\bcu[aá]nto tiempo\b.{0,40}\b(guardan|guarda|apartan|aparta|reservan|dura la reserva(ci[oó]n)?)\b`,
  ].join("|"),
  "i",
);

/** "What's the total again?", "how much do I owe at move-in?": about the booking just made. */
const ASKS_BOOKED_TOTAL =
  /\b(the )?total\b|\bhow much (was|is|will be) (it|that|the (reservation|unit|rent|first month))\b.{0,10}(again|\?|$)|\bhow much (do|will|did) (i|we) (owe|pay|need to (pay|bring)|bring)\b|\bwhat do (i|we) (owe|pay|bring)\b|\bdue (at|on) move[- ]?in\b|\bwhat (was|is|'s) (the|my) (price|cost|rent|monthly)\b.{0,10}again|\bcu[aá]nto (era|fue|debo|pago|tengo que pagar)\b|\bel total\b/i;

const ASKS_CONFIRMATION_CODE =
  /\bconfirmation\b|\bc[oó]digo de confirmaci[oó]n\b|\b(repeat|again|what was|say)\b.*\bcode\b|\bcode\b.*\b(again|one more time)\b/i;

/** Every reservation this conversation made, oldest first, each with what it is for. */
function bookedHere(state: DialogueState): { r: BookedReservation; what: string }[] {
  const all = [...(state.earlierReservations ?? []), ...(state.reservation ? [state.reservation] : [])];
  // The same unit again is "another 5x10 unit" ("otra unidad de 5x10"), so each code says which it is.
  const seen = new Set<string>();
  return all.map((r) => {
    const what = r.what ?? "";
    const again = seen.has(what);
    seen.add(what);
    if (!again) return { r, what };
    const another =
      state.language === "es"
        ? what.replace(/^una /, "otra ").replace(/^un /, "otro ")
        : what.replace(/^an? /, "another ");
    return { r, what: another };
  });
}

/** "What's my confirmation code?": the code of each reservation made in this conversation. */
function bookedCodes(state: DialogueState): string {
  const booked = bookedHere(state);
  if (booked.length < 2)
    return say(state, "route.your_confirmation_code_is", { confirmationCode: state.reservation!.confirmationCode });
  const codes = booked.map(({ r, what }) =>
    what ? say(state, "route.code_for_unit", { confirmationCode: r.confirmationCode, what }) : r.confirmationCode,
  );
  return say(state, "route.your_confirmation_codes_are", { codes: list(codes, state) });
}

/** "What's the total again?": what each reservation made in this conversation costs, and together. */
function bookedTotal(state: DialogueState): string {
  const booked = bookedHere(state).filter(
    ({ r }) => r.monthlyRateCents !== undefined && r.dueAtMoveInCents !== undefined,
  );
  const at = ({ r, what }: (typeof booked)[number]) => ({
    what,
    monthlyRateCents: money(r.monthlyRateCents!),
    dueAtMoveInCents: money(r.dueAtMoveInCents!),
    day: r.moveInDate ? day(r.moveInDate, state) : "",
  });
  if (booked.length < 2) return say(state, "route.your_booking_costs", at(booked.at(-1)!));
  // Each booking has commas of its own: they are set apart with semicolons.
  const each = booked.map((b) => say(state, "route.booking_at_price", at(b)));
  return say(state, "route.you_booked_units", {
    bookings: `${each.slice(0, -1).join("; ")}; ${state.language === "es" ? "y" : "and"} ${each.at(-1)}`,
    monthlyRateCents: money(booked.reduce((sum, { r }) => sum + r.monthlyRateCents!, 0)),
    dueAtMoveInCents: money(booked.reduce((sum, { r }) => sum + r.dueAtMoveInCents!, 0)),
  });
}

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

/** Requests that contact details said with them never turn into a yes to the offered message. */
const NOT_AN_ANSWER_TO_THE_OFFER = new Set<Intent>(["emergency", "speak_to_person", "goodbye", "deny"]);

/** Requests that a question about how long a unit is held never replaces. */
const NOT_HOLD_PERIOD = new Set<Intent>(["emergency", "speak_to_person", "leave_message", "goodbye"]);

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

/** Replies to a pending offer that can carry one of its details ("next friday" to "would you like to reserve one?"). */
const OFFER_DETAIL_INTENTS = new Set<Intent>(["provide_info", "affirm", "unclear"]);

/** What the classifier may make of a kind chosen by its place or price ("la segunda", "the 159 one"). */
const KIND_MISREAD = new Set<Intent>(["unclear", "out_of_scope", "affirm", "deny"]);

/** A rule before the intent switch: when it applies, it answers the turn. */
interface RouteRule {
  name: string;
  applies(turn: PolicyTurn, intent: Intent): boolean;
  answer(turn: PolicyTurn, intent: Intent): Promise<string>;
}

/** "what about july 3rd?", "and on christmas?", "¿y en navidad?": another day, right after an hours answer. */
const HOLIDAY_WORDS =
  /\b(christmas|xmas|thanksgiving|labor day|memorial day|new year'?s?|independence day|(fourth|4th) of july|july (4th|fourth)|easter|halloween|black friday|presidents'? day|good friday|navidad|pascua|nochebuena|a[nñ]o nuevo|d[ií]a de acci[oó]n de gracias)\b/i;
const asksHoursOfAnotherDay = (turn: PolicyTurn, kind: "hours" | "access") => {
  const state = turn.ctx.state;
  const said = first(turn.utterance, "date");
  return (
    state.hoursAnswered?.kind === kind &&
    state.turns - state.hoursAnswered.turn === 1 &&
    state.flow === null &&
    !first(turn.utterance, "unit_size") &&
    ((!!said && !said.monthOnly) || HOLIDAY_WORDS.test(turn.utterance.text)) &&
    turn.utterance.text.trim().split(/\s+/).length <= 6
  );
};
/** "Are you open on Thanksgiving?", "¿abren el día de acción de gracias?": a holiday's hours, however heard ("gracias" is thanks). */
const ASKS_OPEN =
  /\b(open|opened|close|closed|closing|hours|abren|abre|abierto|abiertos|cierran|cierra|cerrado|cerrados|horario)\b/i;
const asksHolidayHours = (turn: PolicyTurn) =>
  !turn.ctx.state.flow &&
  HOLIDAY_WORDS.test(turn.utterance.text) &&
  ASKS_OPEN.test(turn.utterance.text) &&
  !first(turn.utterance, "unit_size");
/** "And easter?" heard as a cancellation: only when no word of cancelling was said. */
const CANCEL_WORDS = /\b(cancel|cancell?ing|cancell?ed|cancela|cancelar|cancelo)\b/i;

/** What a caller says about hours, corrected to a fresh question about them when it only names the day. */
const NOT_ANOTHER_DAY = new Set<Intent>([
  "reserve_unit",
  "speak_to_person",
  "leave_message",
  "emergency",
  "goodbye",
  "cancel_reservation",
  "hours_inquiry",
  "access_hours_inquiry",
]);

const mayBeAnotherDay = (turn: PolicyTurn, routed: Intent) =>
  !NOT_ANOTHER_DAY.has(routed) || (routed === "cancel_reservation" && !CANCEL_WORDS.test(turn.utterance.text));

/** What the classifier heard, corrected by the words, in order; the first that applies wins. */
const INTENT_CORRECTIONS: { name: string; applies(turn: PolicyTurn, routed: Intent): boolean; intent: Intent }[] = [
  {
    // "¿cómo llego a su bodega?" was heard as a rule nobody wrote down ("No estoy seguro").
    name: "the way there",
    applies: (turn, routed) => THE_WAY_MISREAD.has(routed) && ASKS_THE_WAY.test(turn.utterance.text),
    intent: "address_directions",
  },
  {
    // "Are you open Saturday?" … "what about july 3rd?": that day's office hours, not size advice.
    name: "another day after the office hours",
    applies: (turn, routed) => mayBeAnotherDay(turn, routed) && asksHoursOfAnotherDay(turn, "hours"),
    intent: "hours_inquiry",
  },
  {
    name: "another day after the gate hours",
    applies: (turn, routed) => mayBeAnotherDay(turn, routed) && asksHoursOfAnotherDay(turn, "access"),
    intent: "access_hours_inquiry",
  },
  {
    // "¿Abren el día de acción de gracias?" was heard as thanks: a holiday and "open" are hours.
    name: "a holiday's hours",
    applies: (turn, routed) => mayBeAnotherDay(turn, routed) && asksHolidayHours(turn),
    intent: "hours_inquiry",
  },
  {
    // "Is there a late fee?", "when is rent due?", "do I pay for the whole month?": the rules, not the
    // caller's own balance, the office hours or the promotions (policy-questions.ts).
    name: "a billing rule is a policy question",
    applies: (turn, routed) => routed !== "policy_question" && asksBillingRule(turn, routed),
    intent: "policy_question",
  },
  {
    // "how many 10x20s do you have", "do you have any 10x20s left": whether that size is free is an
    // availability question, not size advice (the answer says available or not, never a count).
    name: "how many of a size",
    applies: (turn, routed) =>
      HOW_MANY_MISREAD.has(routed) && !!first(turn.utterance, "unit_size") && ASKS_HOW_MANY.test(turn.utterance.text),
    intent: "availability_inquiry",
  },
  {
    // "what do your 10x10s go for?": a price asked for a size, not what fits in it.
    name: "a price for a size",
    applies: (turn, routed) =>
      routed === "size_advice" &&
      !!first(turn.utterance, "unit_size") &&
      !first(turn.utterance, "size_hint") &&
      ASKS_PRICE.test(turn.utterance.text),
    intent: "price_inquiry",
  },
  {
    // "i need two 5x10s", "can i get a couple of 5x5s": units wanted, not what fits in one.
    name: "several units wanted",
    applies: (turn, routed) => routed === "size_advice" && !!first(turn.utterance, "quantity"),
    intent: "reserve_unit",
  },
  {
    // "la segunda", "the other one" to "For a 10x10, we have …": a kind chosen, however it was heard.
    name: "a kind chosen among those named",
    applies: (turn, routed) => KIND_MISREAD.has(routed) && choosesKind(turn),
    intent: "provide_info",
  },
  {
    // "sorry, I meant a ten by ten": a size, however the classifier heard the rest, is about a unit.
    name: "a size is about a unit",
    applies: (turn, routed) =>
      (routed === "unclear" || routed === "out_of_scope") && !!first(turn.utterance, "unit_size"),
    intent: "provide_info",
  },
  {
    // "how much to store a travel trailer": a price asked for something to store is a price question.
    name: "a price for something to store",
    applies: (turn, routed) =>
      routed === "policy_question" && !!first(turn.utterance, "size_hint") && ASKS_PRICE.test(turn.utterance.text),
    intent: "price_inquiry",
  },
  {
    // "i need a place to put my pontoon boat", "can i store a couple jet skis": somewhere to keep a
    // vehicle is size advice (a parking space first), not a rule nobody wrote down, nor a gate code.
    name: "somewhere to keep a vehicle",
    applies: (turn, routed) =>
      KEEP_VEHICLE_MISREAD.has(routed) &&
      VEHICLE_HINTS.has(first(turn.utterance, "size_hint")?.hint ?? "") &&
      KEEPS_IT.test(turn.utterance.text) &&
      !NOT_ABOUT_KEEPING_IT.test(turn.utterance.text) &&
      !(routed === "address_directions" && VISIT_PARKING.test(turn.utterance.text)),
    intent: "size_advice",
  },
  {
    // "got a couch, a bed and some boxes", "need somewhere to put a couch and like 10 boxes": what is
    // stored, named as things, asks for a size (load.ts), whatever the classifier made of a list.
    name: "things to store",
    applies: (turn, routed) =>
      LOAD_MISREAD.has(routed) &&
      !turn.ctx.state.flow &&
      !first(turn.utterance, "unit_size") &&
      !NOT_ABOUT_KEEPING_IT.test(turn.utterance.text) &&
      !!describedLoad(turn.utterance.text),
    intent: "size_advice",
  },
  {
    // "i rent a unit and need someone to call me about my autopay": a call back asked for is a
    // message for the office, not the account flow (which would text a payment link instead).
    name: "a call back asked for",
    applies: (turn, routed) =>
      CALL_BACK_MISREAD.has(routed) &&
      !turn.ctx.state.flow &&
      ASKS_CALL_BACK.test(turn.utterance.text) &&
      !first(turn.utterance, "unit_size"),
    intent: "leave_message",
  },
  {
    // "is insurance mandatory to rent?": whether coverage is required, not a reservation.
    name: "whether coverage is required",
    applies: asksWhetherCoverageRequired,
    intent: "protection_plan_inquiry",
  },
];

const ROUTE_RULES: RouteRule[] = [
  {
    // "Would you like to leave your name and number …?" answered with them ("Jenna", an e-mail, a
    // number): a yes, with what was given kept, not "Sorry, I didn't catch that".
    name: "contact for the offered message",
    applies: (turn, intent) =>
      turn.ctx.state.offer === "message" &&
      !NOT_AN_ANSWER_TO_THE_OFFER.has(intent) &&
      !!(first(turn.utterance, "name") || first(turn.utterance, "phone") || first(turn.utterance, "email")),
    answer: (turn) => {
      const state = turn.ctx.state;
      const n = first(turn.utterance, "name");
      if (n && !state.slots.name) state.slots.name = n.name;
      absorbContact(turn);
      return answerOffer(turn, true);
    },
  },
  {
    // "how are you today?" was an hours question ("today"); "are you a robot?" a transfer.
    name: "small talk",
    applies: (turn, intent) => intent !== "emergency" && smallTalkOf(turn.utterance.text) !== null,
    answer: (turn) => answerSmallTalk(turn, smallTalkOf(turn.utterance.text)!),
  },
  {
    // "cancel that" to "Would you like to reserve one?" turns the booking down; there is no reservation to cancel.
    name: "drops the offered booking",
    applies: (turn) => turn.ctx.state.offer === "reserve" && dropsIt(turn.utterance.text),
    answer: (turn) => answerOffer(turn, false),
  },
  {
    // "Actually cancel that", "can you cancel that reservation" after booking: the reservation this
    // conversation made, read back for a yes; it was a new size question, or the account's name asked.
    name: "cancels the booking just made",
    applies: (turn, intent) => {
      const { reservation, flow } = turn.ctx.state;
      const text = turn.utterance.text;
      const code = confirmationCode(text);
      return (
        !!reservation &&
        !flow &&
        (!code || code === reservation.confirmationCode) &&
        (dropsIt(text) || (intent === "cancel_reservation" && CANCEL_WORDS.test(text)))
      );
    },
    answer: (turn) => cancelBookedHere(turn),
  },
  {
    // "Can you hold one without me paying?": reserving takes no payment here; the hold lasts the facility's hold period.
    name: "free hold",
    // "How long is the reservation good for?" may be heard as a cancellation; it asks the hold period.
    applies: (turn, intent) =>
      (!NOT_RELATIVE_SIZE.has(intent) && ASKS_FREE_HOLD.test(turn.utterance.text)) ||
      (!NOT_HOLD_PERIOD.has(intent) && ASKS_HOLD_PERIOD.test(turn.utterance.text)),
    answer: (turn) => answerFreeHold(turn),
  },
  {
    // "What's the total again?" after booking: what this call booked costs, not the price list.
    name: "the booking's total again",
    applies: (turn) =>
      turn.ctx.state.reservation?.dueAtMoveInCents !== undefined &&
      !turn.ctx.state.flow &&
      ASKS_BOOKED_TOTAL.test(turn.utterance.text) &&
      !first(turn.utterance, "unit_size") &&
      !first(turn.utterance, "size_hint"),
    answer: async (turn) => {
      const state = turn.ctx.state;
      state.offer = null;
      return withFollowUp(turn, bookedTotal(state));
    },
  },
  {
    // "What's my confirmation code again?" right after booking: this call made it, so it is said again
    // (never a gate code: a reservation has none until move-in, and "gate" never matches here).
    name: "confirmation code again",
    applies: (turn) =>
      !!turn.ctx.state.reservation &&
      ASKS_CONFIRMATION_CODE.test(turn.utterance.text) &&
      !/\b(gate|port[oó]n|acceso|access)\b/i.test(turn.utterance.text),
    answer: async (turn) => {
      const state = turn.ctx.state;
      state.offer = null;
      // Asked in the middle of booking another unit: the booking's question follows.
      if (state.flow === "reserve") return `${bookedCodes(state)} ${await reask(turn)}`;
      return withFollowUp(turn, bookedCodes(state));
    },
  },
  {
    // "is that per month or what", "whats that run per month" right after a quote: that quote's price.
    name: "the price just quoted",
    applies: (turn, intent) => !NOT_RELATIVE_SIZE.has(intent) && asksQuotedPrice(turn),
    answer: (turn) => answerQuotedPrice(turn),
  },
  {
    // "something cheaper?" after a quote asks for another size, whatever the classifier heard.
    name: "relative size after a quote",
    applies: (turn, intent) =>
      !!turn.ctx.state.slots.width &&
      !NOT_RELATIVE_SIZE.has(intent) &&
      !SALES_INTENTS.has(intent) &&
      asksRelativeSize(turn.utterance.text),
    answer: (turn) => answerPrice(turn, "price"),
  },
  {
    // "is there an admin fee", "do I need a deposit" (without a size) ask for the move-in charges.
    name: "move-in charges",
    applies: (turn, intent) =>
      !NOT_MOVE_IN_FEES.has(intent) &&
      asksMoveInFees(turn.utterance.text) &&
      !first(turn.utterance, "unit_size") &&
      !first(turn.utterance, "size_hint"),
    answer: async (turn) => {
      const state = turn.ctx.state;
      if (!state.expecting) state.offer = null; // a fresh question: an earlier offer is not what a yes would answer now
      return withFollowUp(turn, await answerMoveInFees(turn));
    },
  },
  {
    // "what's the difference between climate controlled and regular?": what it is, and the sizes that have it here.
    name: "what climate control is",
    applies: (turn) => asksWhatClimateIs(turn),
    answer: (turn) => answerWhatClimateIs(turn),
  },
  {
    // "Is there a manager on site?": when staff are there (office hours) and whether someone is now,
    // with a person offered; not a transfer at once, nor (for "is someone there?") an emergency.
    name: "staff on site",
    applies: (turn) => asksStaffOnSite(turn.utterance.text),
    answer: (turn) => answerStaffOnSite(turn),
  },
  {
    // "do you do student discounts?", then "what about military?": a discount for them, not the general special.
    name: "a discount for who the caller is",
    applies: (turn, intent) => asksAudienceDiscount(turn, intent),
    answer: (turn, intent) => answerAudienceDiscount(turn, intent),
  },
  {
    // "do you have cameras?", "is it gated?", "do you sell boxes?": the facility's amenities and unit types answer.
    name: "an amenity",
    applies: (turn) => asksAboutAmenity(turn),
    answer: (turn) => answerAmenity(turn),
  },
  ...POLICY_QUESTION_RULES,
  {
    // "I want to switch to a smaller unit": a tenant's transfer is the office's (it changes the
    // rental); it had begun the payment-link flow ("I can't take card numbers here…").
    name: "switching units",
    applies: (turn, intent) =>
      // After a quote, "can I switch to a bigger one" changes the size being quoted, not a rental.
      !NOT_SWITCHING.has(intent) &&
      !turn.ctx.state.flow &&
      !turn.ctx.state.offer &&
      !turn.ctx.state.quoted &&
      SWITCH_UNITS.test(turn.utterance.text),
    answer: async (turn) => {
      const state = turn.ctx.state;
      state.expecting = null;
      state.offer = "transfer";
      state.offeredPerson = true;
      return say(state, "route.switching_units");
    },
  },
  {
    // "next friday" to "would you like to reserve one?" is a yes that carries the move-in date.
    name: "a date for the offered reservation",
    applies: (turn, intent) =>
      turn.ctx.state.offer === "reserve" &&
      OFFER_DETAIL_INTENTS.has(intent) &&
      !!first(turn.utterance, "date") &&
      !first(turn.utterance, "unit_size") &&
      yesNo(turn.utterance) !== false,
    answer: (turn) => {
      turn.ctx.state.unclearCount = 0;
      return answerOffer(turn, true);
    },
  },
];

const SALES_TALK = new Set<Intent>([
  "price_inquiry",
  "availability_inquiry",
  "size_advice",
  "reserve_unit",
  "promotions_inquiry",
  "provide_info",
]);

/** Routes a fresh request by intent. */
export async function route(turn: PolicyTurn, routed: Intent): Promise<string> {
  const state = turn.ctx.state;
  const intent = INTENT_CORRECTIONS.find((c) => c.applies(turn, routed))?.intent ?? routed;
  const rule = ROUTE_RULES.find((r) => r.applies(turn, intent));
  if (rule) return rule.answer(turn, intent);
  // provide_info with nothing usable is noise too; it resets the count only once it fills a slot (below).
  if (intent !== "unclear" && intent !== "out_of_scope" && intent !== "provide_info") state.unclearCount = 0;
  // "do u have any 10x10s avail? need one 6/20": the day a unit is asked to be free is the move-in day.
  if (SALES_TALK.has(intent))
    absorbSales(turn, {
      dates: state.flow === "reserve" || intent === "reserve_unit" || intent === "availability_inquiry",
    });
  const introduced = introduce(turn);
  switch (intent) {
    case "greeting":
      return greet(turn, introduced);
    case "price_inquiry":
      return answerPrice(turn, "price");
    case "availability_inquiry":
      return answerPrice(turn, "availability");
    case "size_advice":
      return answerSizeAdvice(turn);
    case "reserve_unit":
      return startReserve(turn);
    case "hours_inquiry":
      return withFollowUp(turn, await answerHours(turn, "hours"));
    case "access_hours_inquiry":
      return withFollowUp(turn, await answerHours(turn, "access"));
    case "address_directions":
      return answerAddress(turn);
    case "promotions_inquiry":
      return answerPromotions(turn);
    case "protection_plan_inquiry":
      return withFollowUp(turn, await answerProtection(turn));
    case "move_in_requirements":
      return withFollowUp(turn, await answerMoveIn(turn));
    case "policy_question":
      // "do you allow boats?" with nothing in the knowledge base on it: the vehicle answer (a parking
      // space, a drive-up unit, or where parking is), never "I'm not sure about that one".
      if (asksAboutAVehicle(turn)) {
        const rule = await answerFromKnowledge(turn, turn.utterance.text, { hours: true });
        if (rule) return rule;
        absorbSales(turn, { dates: false });
        return answerSizeAdvice(turn);
      }
      return answerPolicy(turn, billingSearchText(turn.utterance.text));
    case "payment_inquiry": {
      const rule = HOW_TO_PAY.test(turn.utterance.text)
        ? await operatorPolicy(turn, "payments", turn.utterance.text)
        : null;
      const next = await startAccount(turn, "payment");
      return rule ? `${rule} ${next}` : next;
    }
    case "balance_inquiry":
      return startAccount(turn, "balance");
    case "gate_code_request":
      return startAccount(turn, "gate_code");
    case "cancel_reservation":
      return startAccount(turn, "cancel");
    case "speak_to_person":
      return askForPerson(turn, "caller asked for a person");
    case "leave_message":
      return startMessage(turn, "", null);
    case "affirm":
    case "deny":
      // "ok let me think about it" to "would you like to reserve one?" sounds like a yes, and is a no.
      return answerOffer(turn, intent === "affirm" && !GIVES_UP.test(turn.utterance.text));
    case "thanks":
      state.expecting = "anything_else";
      return say(state, "route.youre_welcome_is_there_anything");
    case "goodbye":
      // "ok" to an offer reads as a goodbye to the classifier; with an offer open it is a yes.
      if (okToAnOffer(turn)) return answerOffer(turn, true);
      return goodbye(turn);
    case "emergency":
      // The classifier hears leaks and broken locks as emergencies; the words decide (problems.ts).
      return problemIn(turn.utterance) === "maintenance" ? maintenanceProblem(turn) : emergency(turn);
    case "provide_info":
      if (state.slots.width || state.slots.sizeHint) {
        state.unclearCount = 0;
        return answerPrice(turn, "price");
      }
      if (introduced || first(turn.utterance, "email") || first(turn.utterance, "phone")) {
        state.unclearCount = 0;
        return contactNoted(turn, introduced);
      }
      return unclear(turn);
    case "out_of_scope":
    case "unclear":
      return unclear(turn);
  }
}

/**
 * "Hi, my name is Jane Doe" before any request: the name is kept for a lead or a reservation (so it
 * is not asked again). Not during verification, where a name is the account holder's, checked by
 * its own step. Returns the name when this turn introduced it.
 */
function introduce(turn: PolicyTurn): string | null {
  const state = turn.ctx.state;
  const n = first(turn.utterance, "name");
  if (!n || state.flow === "verify" || (state.slots.name && state.slots.name === n.name)) return null;
  state.slots.name = n.name;
  return n.name;
}

function greet(turn: PolicyTurn, name: string | null): string {
  const state = turn.ctx.state;
  if (!name) return say(state, "route.hi_there_how_can_i");
  const given = name.split(" ")[0];
  return say(state, "route.hi_nice_to_meet_you", { given });
}

/** Contact details given unprompted: keep them (a name and a phone or e-mail make a lead) and ask what they need. */
async function contactNoted(turn: PolicyTurn, introduced: string | null): Promise<string> {
  const state = turn.ctx.state;
  absorbContact(turn);
  await captureLeadIfReady(turn);
  // Mid-flow (a message, a reservation), carry on with whatever is still missing.
  if (state.flow === "message") return continueMessage(turn, say(state, "steps.thanks"));
  if (state.flow === "reserve") return continueReserve(turn, say(state, "steps.thanks"));
  if (introduced && !first(turn.utterance, "email") && !first(turn.utterance, "phone")) return greet(turn, introduced);
  state.expecting = null;
  const given = state.slots.name ? `, ${state.slots.name.split(" ")[0]}` : "";
  return say(state, "route.thanks_ive_noted_that_how", { given });
}

async function unclear(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  state.unclearCount++;
  if (state.unclearCount === 1) {
    return turn.utterance.intent === "out_of_scope"
      ? say(state, "route.i_can_help_with_storage")
      : say(state, "route.sorry_i_didnt_catch_that");
  }
  state.offer = "transfer";
  state.offeredPerson = true;
  return say(state, "route.im_having_trouble_understanding_would");
}

/** Yes or no to what the agent last offered. */
export async function answerOffer(turn: PolicyTurn, yes: boolean): Promise<string> {
  const state = turn.ctx.state;
  const offer = state.offer;
  state.offer = null;
  if (!offer) {
    if (state.flow === "reserve") return continueReserve(turn, "");
    state.expecting = null;
    return say(state, "route.okay_what_can_i_help");
  }
  if (!yes) {
    if (offer === "pay_phone") {
      // Not by keypad: the link by text is the other way to pay.
      state.offer = "pay_link";
      state.expecting = null;
      return say(state, "route.no_problem_payment_link_instead");
    }
    if (offer === "message" && state.flow === "message") state.flow = null;
    // "No" to passing on a problem reported ("my lock is broken"): it is not saved at the end either.
    if ((offer === "transfer" || offer === "message") && state.slots.urgent && !state.messagesTaken) {
      state.slots.urgent = undefined;
      state.slots.message = undefined;
    }
    // "No" to the next of several units ("two 5x10s"): the rest are not wanted; nothing more is booked.
    if (offer === "reserve" && state.slots.quantityBooked) {
      const { name, phone, email, emailDeclined } = state.slots;
      state.slots = { name, phone, email, emailDeclined };
    }
    // "No thanks" to reserving what was just quoted: ask the name once, to note the price for them.
    if (offer === "reserve" && !state.messagePaused) {
      const ask = askNameForQuote(turn, false);
      if (ask) return ask;
    }
    // A message set aside for a price or a reservation is offered again once that is declined.
    if (state.messagePaused && offer !== "message") {
      state.messagePaused = false;
      state.flow = "message";
      state.offer = "message";
      state.expecting = null;
      return say(state, "route.no_problem_would_you_still");
    }
    state.expecting = "anything_else";
    return say(state, "route.no_problem_is_there_anything");
  }
  switch (offer) {
    case "reserve":
      absorbSales(turn, { dates: true });
      return startReserve(turn);
    case "transfer":
      return askForPerson(turn, "caller accepted a transfer");
    case "message":
      // A message flow already under way (paused, or interrupted by a question) resumes where it was.
      if (state.flow === "message") return continueMessage(turn, "");
      return startMessage(
        turn,
        "",
        // What the offer was made for, when it was made just now ("Asked whether there is a student discount.").
        state.messageAbout && state.turns - state.messageAbout.turn === 1
          ? state.messageAbout.note
          : state.slots.width
            ? `Wants a ${state.slots.width}x${state.slots.length} when one is available.`
            : null,
      );
    case "pay_link":
      state.expecting = "anything_else";
      return `${await sendPayLink(turn)} ${say(state, "route.anything_else")}`;
    case "pay_phone":
      return startPhonePayment(turn);
    case "directions": {
      const r = await runTool(turn.ctx, "send_link_sms", { kind: "directions" });
      state.expecting = "anything_else";
      return r.ok ? say(state, "route.done_ive_texted_you_a") : say(state, "route.sorry_i_couldnt_send_the");
    }
  }
}

/**
 * Reserving takes no card and no payment: a reservation here is a hold (create-reservation.ts takes
 * no payment details), and rent and fees are paid at move-in. True by construction, so not asked of
 * the knowledge base, whose nearest entry is usually what to bring at move-in.
 */
async function answerFreeHold(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const f = state.facilityId ? await turn.ctx.facts.facility(state.facilityId) : null;
  const days = f ? Math.max(1, f.holdPeriodDays) : null;
  const held = days ? say(state, "route.and_we_hold_the_unit", { days, plural: days === 1 ? "" : "s" }) : "";
  const head = say(state, "route.reserving_is_free_nothing_is", { held });
  if (state.slots.unitTypeId) {
    state.offer = "reserve";
    state.expecting = null;
    return `${head} ${say(state, "route.would_you_like_me_to")}`;
  }
  state.offer = null;
  return withFollowUp(turn, head);
}
