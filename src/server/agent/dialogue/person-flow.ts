/** A person on request (transfer while open, otherwise a message), messages, and emergencies. */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";
import { NO_WORDS } from "@/server/agent/tools/take-message";

import { absorbContact, askContact, hasContact } from "./lead-capture";
import { messageWords, unitReferenceIn, withUnit } from "./message-words";
import { say } from "./phrases";
import { isMaintenanceText } from "./problems";
import { phone } from "./say";
import type { PolicyTurn } from "./turn";
import { first, yesNo } from "./understand";

export async function askForPerson(turn: PolicyTurn, reason: string): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "transfer_to_person", { reason });
  if (r.ok) {
    if (r.mode === "call_us") {
      state.expecting = "anything_else";
      return say(state, "person.you_can_reach_our_office", { phone: phone(r.transferTo) });
    }
    turn.end = { reason: "transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    state.ended = true;
    state.expecting = null;
    return say(state, "person.sure_connecting_you_with_someone");
  }
  // Only "closed" when it is: with no number set, or messages-only, the office may well be open.
  const lead =
    r.reason === "office_closed"
      ? say(state, "person.our_office_is_closed_right")
      : say(state, "person.i_can_take_a_message");
  return startMessage(turn, lead, null);
}

/**
 * The message flow: name, then a phone (the caller ID, confirmed), then the message itself. A note
 * given up front (e.g. "wants to reserve") is kept and the caller's words are added to it. Whatever
 * the opening already holds (a name given with "this is …", a number, the reason for the call) is
 * kept and not asked again.
 */
export async function startMessage(turn: PolicyTurn, prefix: string, note: string | null): Promise<string> {
  const state = turn.ctx.state;
  state.flow = "message";
  state.offer = null;
  if (note) state.slots.message = note;
  const n = first(turn.utterance, "name");
  if (n) state.slots.name = n.name;
  keepContact(turn);
  const words = messageWords(turn.utterance, { opening: true });
  if (words) addWords(turn, words);
  return continueMessage(turn, prefix);
}

/** Account matters said while a message is taken ("it's about my bill") are what the message is about, never a verification. */
const ACCOUNT_TOPICS = new Set<Intent>([
  "balance_inquiry",
  "payment_inquiry",
  "gate_code_request",
  "cancel_reservation",
]);
const SAYS_BYE = /\b(bye|goodbye|bye-bye|adi[oó]s|hang up|gotta go|got to go)\b/i;

function keepContact(turn: PolicyTurn): boolean {
  const state = turn.ctx.state;
  const p = first(turn.utterance, "phone");
  const e = first(turn.utterance, "email");
  if (p) {
    state.slots.phone = p.e164;
    state.slots.phoneFromCallerId = false;
  }
  if (e) {
    state.slots.email = e.email;
    if (!p) state.slots.phoneFromCallerId = false;
  }
  return !!(p || e);
}

function addWords(turn: PolicyTurn, words: string) {
  const state = turn.ctx.state;
  const kept = state.slots.message;
  noteProblem(turn, words);
  if (kept && kept.includes(words)) return;
  state.slots.message = kept && kept !== NO_WORDS ? `${kept} ${words}` : words;
  state.messageAside = undefined;
}

/**
 * A message about something out of order ("tell her the lock on 204 is broken") is marked urgent for
 * the staff: its task has urgent priority. Emergencies never get here (policy.ts sends them to a
 * person first).
 */
export function noteProblem(turn: PolicyTurn, words: string) {
  if (isMaintenanceText(words)) turn.ctx.state.slots.urgent = true;
}

/**
 * Something out of order, outside a message (problems.ts): not an emergency. On a call a person is
 * offered (a yes puts the caller through while the office is open, and takes a message otherwise),
 * by text or chat a message; either way the problem is what the message says, marked urgent.
 */
export async function maintenanceProblem(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const words = turn.utterance.text.trim().slice(0, 500);
  const kept = state.slots.message;
  if (!kept || kept === NO_WORDS) state.slots.message = words;
  else if (!kept.includes(words)) state.slots.message = `${kept} ${words}`;
  state.slots.urgent = true;
  // A name, number or e-mail said with the problem is kept for the message (and for the wrap-up).
  absorbContact(turn, { anyName: true });
  state.expecting = null;
  state.messageAside = undefined;
  if (state.channel === "voice") {
    state.offer = "transfer";
    state.offeredPerson = true;
    return say(state, "person.sorry_about_that_i_can_connect");
  }
  state.flow = "message";
  state.offer = "message";
  return say(state, "person.sorry_about_that_i_can_pass");
}

/**
 * A reply while a message is taken (the agent asked for the name, the call-back number or the
 * message): whatever it holds fills its place, in any order and all at once: a name, a number or
 * e-mail, a yes or no to the caller ID, and the caller's own words, which are the message even
 * when they answer another question ("have the manager call me back about my bill" to "Should we
 * call you back at …?" is a yes and the message). Null when the reply holds none of these, so the
 * caller's new request is routed instead.
 */
export async function fillMessage(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const expecting = state.expecting;
  const yn = yesNo(utterance);
  const n = first(utterance, "name");
  const contact = keepContact(turn);
  if (n) state.slots.name = n.name;
  const bye = utterance.intent === "goodbye" || SAYS_BYE.test(utterance.text);
  const words =
    expecting === "message"
      ? bye || (yn !== null && !messageWords(utterance))
        ? null
        : utterance.text.trim() || null
      : (messageWords(utterance) ??
        (ACCOUNT_TOPICS.has(utterance.intent) && !n && !contact ? utterance.text.trim() : null));
  if (words) addWords(turn, words);
  // "its mike from unit 12": who is calling, not what about; the unit goes with the message.
  const unit = words ? null : unitReferenceIn(utterance.text);
  if (unit) state.slots.unit = unit;
  let progressed = !!(n || contact || words);
  if (expecting === "name" && !n && !state.slots.name) {
    if (yn === true && !words && !contact) {
      state.expecting = "name";
      return say(state, "steps.sure_whats_your_name");
    }
    if (yn === false && !words) {
      state.slots.nameDeclined = true;
      progressed = true;
    }
  }
  // "No wait, my name is Sam Ortiz": the no is about the name, not the call-back number.
  if (expecting === "phone" && !n && !contact && state.slots.phoneFromCallerId && state.callerId) {
    // The call-back number offered is the caller ID: a yes, or the message instead of an answer, takes it.
    if (yn === true || (yn === null && words)) {
      state.slots.phone = state.callerId;
      progressed = true;
    } else if (yn === false) {
      state.slots.phoneFromCallerId = false;
      state.expecting = "phone";
      return `${words ? say(state, "person.got_it") + " " : ""}${say(state, "person.whats_the_best_number_to")}`;
    }
  }
  if (expecting === "message" && !words && !state.slots.message) {
    if (yn === true && !bye) {
      state.expecting = "message";
      return say(state, "person.go_ahead_whats_the_message");
    }
    if (yn === false || bye) {
      state.slots.message = NO_WORDS;
      progressed = true;
    }
  }
  if (bye && hasContactOrCallerId(state)) return saveMessage(turn);
  if (!progressed) return null;
  state.expecting = null;
  return continueMessage(turn, words && expecting !== "message" ? say(state, "person.got_it") : "");
}

const hasContactOrCallerId = (state: PolicyTurn["ctx"]["state"]) => hasContact(state) || !!state.callerId;

/**
 * The caller says goodbye in the middle of leaving a message: what they said so far is saved (a
 * call back to the caller ID when nothing else was given). Null when there is no way to reach them.
 */
export async function saveOnGoodbye(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  if (state.flow !== "message" || state.offer === "message" || !hasContactOrCallerId(state)) return null;
  return saveMessage(turn);
}

export async function continueMessage(turn: PolicyTurn, prefix: string): Promise<string> {
  const state = turn.ctx.state;
  const pre = prefix ? `${prefix} ` : "";
  if (!state.slots.name && !state.slots.nameDeclined) {
    state.expecting = "name";
    return pre + say(state, "person.may_i_have_your_name");
  }
  if (!hasContact(state)) {
    state.expecting = "phone";
    if (state.callerId && state.slots.phoneFromCallerId !== false) {
      state.slots.phoneFromCallerId = true;
      return pre + say(state, "person.should_we_call_you_back", { phone: phone(state.callerId) });
    }
    return pre + askContact(state, "call_back");
  }
  if (!state.slots.message) {
    state.expecting = "message";
    return pre + say(state, "person.what_message_would_you_like");
  }
  return saveMessage(turn, pre);
}

export async function saveMessage(turn: PolicyTurn, pre = ""): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "take_message", {
    name: state.slots.name,
    phone: state.slots.phone,
    email: state.slots.email,
    message: withUnit(state.slots.message ?? NO_WORDS, state.slots.unit),
    urgent: !!state.slots.urgent,
  });
  if (!r.ok) {
    state.slots.phone = undefined;
    state.slots.email = undefined;
    state.slots.phoneFromCallerId = false;
    state.expecting = "phone";
    return pre + askContact(state, "call_back");
  }
  state.flow = null;
  state.expecting = null;
  state.ended = true;
  turn.end = { reason: "message_taken" };
  return pre + say(state, "person.thank_you_ive_passed_your");
}

/** Break-in, fire, injury, legal threat: a person at once, or an urgent message when nobody is in. */
export async function emergency(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "transfer_to_person", {
    reason: `emergency: ${turn.utterance.text.slice(0, 200)}`,
    urgent: true,
  });
  const danger = say(state, "person.if_anyone_is_in_danger");
  if (r.ok && r.mode === "transfer") {
    turn.end = { reason: "emergency_transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    state.ended = true;
    state.expecting = null;
    return `${danger} ${say(state, "person.im_connecting_you_to_our")}`;
  }
  state.slots.urgent = true;
  state.slots.message = `EMERGENCY: ${turn.utterance.text.slice(0, 500)}`;
  state.flow = "message";
  const pre = r.ok
    ? `${danger} ${say(state, "person.please_call_our_office_now", { phone: phone(r.transferTo) })}`
    : danger;
  if (r.ok) {
    state.expecting = "anything_else";
    await runTool(turn.ctx, "take_message", { name: state.slots.name, message: state.slots.message, urgent: true });
    return pre;
  }
  if (state.callerId || state.slots.phone) {
    const saved = await runTool(turn.ctx, "take_message", {
      name: state.slots.name,
      phone: state.slots.phone ?? state.callerId ?? undefined,
      message: state.slots.message,
      urgent: true,
    });
    if (saved.ok) {
      state.ended = true;
      state.flow = null;
      state.expecting = null;
      turn.end = { reason: "message_taken" };
      return `${danger} ${say(state, "person.ive_sent_an_urgent_message", { phone: phone(state.slots.phone ?? state.callerId!) })}`;
    }
  }
  state.slots.message = `EMERGENCY: ${turn.utterance.text.slice(0, 500)}`;
  state.expecting = "phone";
  state.slots.phoneFromCallerId = false;
  return `${danger} ${say(state, "person.ill_send_the_manager_an")}`;
}
