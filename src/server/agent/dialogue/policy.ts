/**
 * The default brain's dialogue policy: deterministic, no network. A turn runs in steps:
 *
 *   1. TURN_RULES, in order: what overrides everything (a card number read out, an emergency, a
 *      goodbye);
 *   2. when the agent is waiting for something (state.expecting), SLOT_RULES, in order (giving up,
 *      a new request instead of the message, a question asked in passing, the message's details),
 *      then the handler for what is expected (./expected/, one per slot);
 *   3. otherwise, or when the words were not an answer, the request is routed by intent (./route.ts).
 *
 * Questions asked mid-flow are answered and the pending question is asked again, so a caller can
 * wander and come back. A slot question is never asked more than twice in a row without progress
 * (guardRepeat).
 */
import type { Intent } from "@/server/agent/nlu";

import { asksWhyTheName, startAccount } from "./account-flow";
import { EXPECTED } from "./expected";
import { asksStaffOnSite } from "./info-answers";
import { questionForMessage } from "./expected/message";
import { keepNameSaidInPassing } from "./lead-capture";
import { emergency, fillMessage, maintenanceProblem } from "./person-flow";
import { say } from "./phrases";
import { route } from "./route";
import { captureLeadIfReady } from "./sales-flow";
import { lastQuestion } from "./say";
import { repeatOrWait } from "./small-talk";
import type { DialogueState, Expecting } from "./state";
import { ASIDES, BARE_DROP, BYE, dropsIt, GIVES_UP, goodbye, hasSlotAnswer, okToAnOffer, reask } from "./steps";
import type { PolicyTurn } from "./turn";
import { isEmergencyText, isMaintenanceNotCode, isMaintenanceText, problemIn } from "./problems";
import { first, isQuestionShaped, yesNo } from "./understand";

const ASIDE_CONFIDENCE = 0.6;

/** A request confident and concrete enough (it names a size) to leave the message the caller was about to dictate. */
const SALES_REQUESTS = new Set<Intent>(["price_inquiry", "availability_inquiry", "reserve_unit"]);

const SALES_SWITCH_CONFIDENCE = 0.8;

/**
 * Requests that say what the caller wants even when they mention something out of order ("do I need
 * my own lock? mine is broken", "the gate is stuck, can I talk to someone"): they are answered as
 * asked, and a message taken this way still carries the problem (person-flow.ts).
 */
const OWN_REQUESTS = new Set<Intent>([
  "price_inquiry",
  "availability_inquiry",
  "size_advice",
  "reserve_unit",
  "hours_inquiry",
  "move_in_requirements",
  "promotions_inquiry",
  "protection_plan_inquiry",
  "payment_inquiry",
  "balance_inquiry",
  "cancel_reservation",
  "speak_to_person",
  "leave_message",
  "goodbye",
]);

/** Slot questions the loop guard watches; an open "anything else?" is answered by any new request. */
const OPEN_QUESTIONS = new Set<string | null>([null, "anything_else"]);

export async function silence(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  state.silenceCount++;
  if (state.silenceCount === 1) return say(state, "policy.are_you_still_there_how");
  if (state.silenceCount === 2) {
    state.offer = "transfer";
    state.offeredPerson = true;
    return say(state, "policy.i_cant_hear_you_would");
  }
  state.ended = true;
  turn.end = { reason: "goodbye" };
  return say(state, "policy.im_going_to_hang_up");
}

export async function decide(turn: PolicyTurn): Promise<string> {
  // "Sorry, what?" / "hold on a sec": the last reply again, or time given; nothing else changes.
  const again = await repeatOrWait(turn);
  if (again !== null) return again;
  const state = turn.ctx.state;
  const before = { expecting: state.expecting, slots: JSON.stringify(state.slots) };
  const reply = await decideTurn(turn);
  return guardRepeat(turn, before, reply);
}

/**
 * The loop guard: when a turn ends asking the same slot question as the last two turns, with the
 * same thing expected, no slot filled in between and nothing new said before the question, the
 * caller is offered a person instead of a third identical question (a closed office turns a yes
 * into a message). A side question answered ("how much is it?", "is there an admin fee?") is
 * progress: the caller got something, and the pending question is asked again as usual.
 */
function guardRepeat(
  turn: PolicyTurn,
  before: { expecting: DialogueState["expecting"]; slots: string },
  reply: string,
): string {
  const state = turn.ctx.state;
  if (state.ended || OPEN_QUESTIONS.has(state.expecting)) {
    state.lastAsk = undefined;
    return reply;
  }
  const question = lastQuestion(reply);
  const key = `${state.flow}|${state.expecting}|${question}`;
  const said = question ? reply.slice(0, reply.lastIndexOf(question)).trim() : reply;
  const stalled =
    before.expecting === state.expecting &&
    before.slots === JSON.stringify(state.slots) &&
    state.lastAsk?.key === key &&
    (state.lastAsk.said ?? "") === said;
  const count = stalled ? state.lastAsk!.count + 1 : 1;
  if (count <= 2) {
    state.lastAsk = { key, count, said };
    return reply;
  }
  state.lastAsk = undefined;
  state.expecting = null;
  state.offer = "transfer";
  state.offeredPerson = true;
  const escape = say(state, "policy.im_sorry_we_seem_to");
  return said ? `${said} ${escape}` : escape;
}

/** A step that takes the turn when it applies. */
interface TurnRule {
  name: string;
  applies(turn: PolicyTurn): boolean;
  answer(turn: PolicyTurn): Promise<string>;
}

/**
 * A step before the expected slot's handler: its answer is the reply, null to route the words as a
 * new request, or undefined to let the slot's handler have them.
 */
interface SlotRule {
  name: string;
  applies(turn: PolicyTurn): boolean;
  answer(turn: PolicyTurn): Promise<string | null | undefined>;
}

/** What overrides everything, in order. */
const TURN_RULES: TurnRule[] = [
  {
    name: "card number read out",
    applies: (turn) => !!first(turn.utterance, "card_number") || turn.utterance.text.includes("[card number]"),
    answer: (turn) =>
      startAccount(turn, "payment").then(
        (reply) =>
          say(turn.ctx.state, "policy.please_dont_read_card_numbers") +
          reply.replace(/^I can't take card numbers here, but |^No puedo tomar números de tarjeta, pero /, ""),
      ),
  },
  {
    // Life safety and crime only (problems.ts); "the lock on 204 is broken" is not one.
    name: "emergency",
    // "Is someone there at the facility?" sounds like one to the classifier; the safety words still win.
    applies: (turn) =>
      isEmergencyText(turn.utterance.text) ||
      (problemIn(turn.utterance) === "emergency" && !asksStaffOnSite(turn.utterance.text)),
    answer: (turn) => emergency(turn),
  },
  {
    // "My lock is stuck", "the gate won't open": a person or a message is offered. While a message
    // is taken, the problem is the message (the message's details, below); a code that does not
    // work is the gate code's flow.
    name: "maintenance problem",
    applies: (turn) =>
      !takingMessage(turn.ctx.state) &&
      !OWN_REQUESTS.has(turn.utterance.intent) &&
      isMaintenanceNotCode(turn.utterance),
    answer: (turn) => maintenanceProblem(turn),
  },
  {
    // Not while a name or a message is expected: "bye" may be part of it. Not an "ok" that answers
    // an offer ("Would you like me to reserve it?" "ok"): that is a yes, unless they also say bye.
    name: "goodbye",
    applies: (turn) =>
      turn.utterance.intent === "goodbye" &&
      turn.ctx.state.expecting !== "name" &&
      turn.ctx.state.expecting !== "message" &&
      !okToAnOffer(turn),
    answer: (turn) => goodbye(turn),
  },
];

function givesUpTheBooking(turn: PolicyTurn): boolean {
  const text = turn.utterance.text;
  if (turn.ctx.state.flow !== "reserve") return false;
  if (BARE_DROP.test(text)) return true;
  if (hasSlotAnswer(turn)) return false;
  // At the read-back, "never mind" is a no to booking it; "oh never mind, yes" is not.
  return dropsIt(text) || (GIVES_UP.test(text) && yesNo(turn.utterance) !== true);
}

const takingMessage = (state: DialogueState) =>
  state.flow === "message" &&
  (state.expecting === "name" || state.expecting === "phone" || state.expecting === "message");

/** A question in passing, confidently; never something out of order ("my unit door won't close" is not the gate hours). */
const confidentAside = (turn: PolicyTurn) =>
  ASIDES.has(turn.utterance.intent) &&
  turn.utterance.confidence >= ASIDE_CONFIDENCE &&
  !isMaintenanceText(turn.utterance.text);

/** While something is expected, before its handler, in order; the first that applies answers. */
const SLOT_RULES: SlotRule[] = [
  {
    // Mid-booking, giving up is not an answer to the question ("no e-mail") that walks on to the
    // read-back, and "cancel that", "scratch that" drop this booking, not a reservation to cancel.
    name: "gives up the booking",
    applies: givesUpTheBooking,
    answer: async (turn) => {
      const state = turn.ctx.state;
      await captureLeadIfReady(turn);
      state.flow = null;
      state.offer = null;
      if (BYE.test(turn.utterance.text)) return goodbye(turn);
      state.expecting = "anything_else";
      return say(state, "policy.no_problem_nothing_is_booked");
    },
  },
  {
    // "Never mind": the caller no longer wants to leave a message, so none is saved.
    name: "gives up the message",
    applies: (turn) => takingMessage(turn.ctx.state) && GIVES_UP.test(turn.utterance.text) && !hasSlotAnswer(turn),
    answer: async (turn) => {
      const state = turn.ctx.state;
      state.flow = null;
      state.offer = null;
      state.messagePaused = false;
      state.slots.message = undefined;
      if (BYE.test(turn.utterance.text)) return goodbye(turn);
      state.expecting = "anything_else";
      return say(state, "policy.no_problem_i_wont_leave");
    },
  },
  {
    // "How much is a 5x10?" instead of a message: a new request, answered; the message is offered again if they don't book.
    name: "a priced request instead of the message",
    applies: (turn) =>
      takingMessage(turn.ctx.state) &&
      SALES_REQUESTS.has(turn.utterance.intent) &&
      turn.utterance.confidence >= SALES_SWITCH_CONFIDENCE &&
      !!(first(turn.utterance, "unit_size") || first(turn.utterance, "size_hint")),
    answer: async (turn) => {
      const state = turn.ctx.state;
      state.messagePaused = true;
      state.flow = null;
      state.expecting = null;
      return null;
    },
  },
  {
    // Waiting for free text, a date or a size in a question ("do you close early today?") is part of the question.
    name: "a question where the message was expected",
    applies: (turn) =>
      turn.ctx.state.expecting === "message" &&
      (confidentAside(turn) || (isQuestionShaped(turn.utterance.text) && !isMaintenanceText(turn.utterance.text))),
    answer: (turn) => questionForMessage(turn, confidentAside(turn)),
  },
  {
    // "Why do you need that?" to the account's name sounds like a policy question; it asks why.
    name: "why the account's name is asked",
    applies: asksWhyTheName,
    answer: async (turn) => say(turn.ctx.state, "account.the_name_finds_your_account"),
  },
  {
    // A side question mid-flow: answer it, then ask again.
    name: "a question in passing",
    applies: (turn) => confidentAside(turn) && !hasSlotAnswer(turn) && turn.ctx.state.expecting !== "anything_else",
    answer: async (turn) => {
      const state = turn.ctx.state;
      const expecting = state.expecting;
      const answer = await route(turn, turn.utterance.intent);
      state.expecting = expecting;
      state.offer = null;
      return `${answer} ${await reask(turn)}`;
    },
  },
  {
    // Name, number, yes/no and the message itself, in any order and all at once.
    name: "the message's details",
    applies: (turn) => takingMessage(turn.ctx.state),
    answer: async (turn) => (await fillMessage(turn)) ?? undefined,
  },
];

async function decideTurn(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  state.silenceCount = 0;
  const rule = TURN_RULES.find((r) => r.applies(turn));
  if (rule) return rule.answer(turn);
  if (state.expecting) {
    keepNameSaidInPassing(turn);
    const answered = await fillExpected(turn, state.expecting);
    if (answered !== null) return answered;
  }
  return route(turn, turn.utterance.intent);
}

/**
 * Fills what the agent asked for. Returns null when the utterance is not an answer, so the caller's
 * new request is routed instead.
 */
async function fillExpected(turn: PolicyTurn, expecting: NonNullable<Expecting>): Promise<string | null> {
  const rule = SLOT_RULES.find((r) => r.applies(turn));
  const answered = rule ? await rule.answer(turn) : undefined;
  return answered !== undefined ? answered : EXPECTED[expecting](turn);
}
