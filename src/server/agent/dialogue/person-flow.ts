/** A person on request (transfer while open, otherwise a message), messages, and emergencies. */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";
import { NO_WORDS } from "@/server/agent/tools/take-message";

import { askContact, hasContact } from "./lead-capture";
import { messageWords } from "./message-words";
import { say } from "./phrases";
import { phone } from "./say";
import type { PolicyTurn } from "./turn";
import { first, yesNo } from "./understand";

export async function askForPerson(t: PolicyTurn, reason: string): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "transfer_to_person", { reason });
  if (r.ok) {
    if (r.mode === "call_us") {
      s.expecting = "anything_else";
      return say(s, "person.you_can_reach_our_office", { phone: phone(r.transferTo) });
    }
    t.end = { reason: "transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    s.ended = true;
    s.expecting = null;
    return say(s, "person.sure_connecting_you_with_someone");
  }
  // Only "closed" when it is: with no number set, or messages-only, the office may well be open.
  const lead =
    r.reason === "office_closed" ? say(s, "person.our_office_is_closed_right") : say(s, "person.i_can_take_a_message");
  return startMessage(t, lead, null);
}

/**
 * The message flow: name, then a phone (the caller ID, confirmed), then the message itself. A note
 * given up front (e.g. "wants to reserve") is kept and the caller's words are added to it. Whatever
 * the opening already holds (a name given with "this is …", a number, the reason for the call) is
 * kept and not asked again.
 */
export async function startMessage(t: PolicyTurn, prefix: string, note: string | null): Promise<string> {
  const s = t.ctx.state;
  s.flow = "message";
  s.offer = null;
  if (note) s.slots.message = note;
  const n = first(t.utterance, "name");
  if (n) s.slots.name = n.name;
  keepContact(t);
  const words = messageWords(t.utterance, { opening: true });
  if (words) addWords(t, words);
  return continueMessage(t, prefix);
}

/** Account matters said while a message is taken ("it's about my bill") are what the message is about, never a verification. */
const ACCOUNT_TOPICS = new Set<Intent>([
  "balance_inquiry",
  "payment_inquiry",
  "gate_code_request",
  "cancel_reservation",
]);
const SAYS_BYE = /\b(bye|goodbye|bye-bye|adi[oó]s|hang up|gotta go|got to go)\b/i;

function keepContact(t: PolicyTurn): boolean {
  const s = t.ctx.state;
  const p = first(t.utterance, "phone");
  const e = first(t.utterance, "email");
  if (p) {
    s.slots.phone = p.e164;
    s.slots.phoneFromCallerId = false;
  }
  if (e) {
    s.slots.email = e.email;
    if (!p) s.slots.phoneFromCallerId = false;
  }
  return !!(p || e);
}

function addWords(t: PolicyTurn, words: string) {
  const s = t.ctx.state;
  const kept = s.slots.message;
  if (kept && kept.includes(words)) return;
  s.slots.message = kept && kept !== NO_WORDS ? `${kept} ${words}` : words;
  s.messageAside = undefined;
}

/**
 * A reply while a message is taken (the agent asked for the name, the call-back number or the
 * message): whatever it holds fills its place, in any order and all at once: a name, a number or
 * e-mail, a yes or no to the caller ID, and the caller's own words, which are the message even
 * when they answer another question ("have the manager call me back about my bill" to "Should we
 * call you back at …?" is a yes and the message). Null when the reply holds none of these, so the
 * caller's new request is routed instead.
 */
export async function fillMessage(t: PolicyTurn): Promise<string | null> {
  const s = t.ctx.state;
  const u = t.utterance;
  const expecting = s.expecting;
  const yn = yesNo(u);
  const n = first(u, "name");
  const contact = keepContact(t);
  if (n) s.slots.name = n.name;
  const bye = u.intent === "goodbye" || SAYS_BYE.test(u.text);
  const words =
    expecting === "message"
      ? bye || (yn !== null && !messageWords(u))
        ? null
        : u.text.trim() || null
      : (messageWords(u) ?? (ACCOUNT_TOPICS.has(u.intent) && !n && !contact ? u.text.trim() : null));
  if (words) addWords(t, words);
  let progressed = !!(n || contact || words);
  if (expecting === "name" && !n && !s.slots.name) {
    if (yn === true && !words && !contact) {
      s.expecting = "name";
      return say(s, "steps.sure_whats_your_name");
    }
    if (yn === false && !words) {
      s.slots.nameDeclined = true;
      progressed = true;
    }
  }
  // "No wait, my name is Sam Ortiz": the no is about the name, not the call-back number.
  if (expecting === "phone" && !n && !contact && s.slots.phoneFromCallerId && s.callerId) {
    // The call-back number offered is the caller ID: a yes, or the message instead of an answer, takes it.
    if (yn === true || (yn === null && words)) {
      s.slots.phone = s.callerId;
      progressed = true;
    } else if (yn === false) {
      s.slots.phoneFromCallerId = false;
      s.expecting = "phone";
      return `${words ? say(s, "person.got_it") + " " : ""}${say(s, "person.whats_the_best_number_to")}`;
    }
  }
  if (expecting === "message" && !words && !s.slots.message) {
    if (yn === true && !bye) {
      s.expecting = "message";
      return say(s, "person.go_ahead_whats_the_message");
    }
    if (yn === false || bye) {
      s.slots.message = NO_WORDS;
      progressed = true;
    }
  }
  if (bye && hasContactOrCallerId(s)) return saveMessage(t);
  if (!progressed) return null;
  s.expecting = null;
  return continueMessage(t, words && expecting !== "message" ? say(s, "person.got_it") : "");
}

const hasContactOrCallerId = (s: PolicyTurn["ctx"]["state"]) => hasContact(s) || !!s.callerId;

/**
 * The caller says goodbye in the middle of leaving a message: what they said so far is saved (a
 * call back to the caller ID when nothing else was given). Null when there is no way to reach them.
 */
export async function saveOnGoodbye(t: PolicyTurn): Promise<string | null> {
  const s = t.ctx.state;
  if (s.flow !== "message" || s.offer === "message" || !hasContactOrCallerId(s)) return null;
  return saveMessage(t);
}

export async function continueMessage(t: PolicyTurn, prefix: string): Promise<string> {
  const s = t.ctx.state;
  const pre = prefix ? `${prefix} ` : "";
  if (!s.slots.name && !s.slots.nameDeclined) {
    s.expecting = "name";
    return pre + say(s, "person.may_i_have_your_name");
  }
  if (!hasContact(s)) {
    s.expecting = "phone";
    if (s.callerId && s.slots.phoneFromCallerId !== false) {
      s.slots.phoneFromCallerId = true;
      return pre + say(s, "person.should_we_call_you_back", { phone: phone(s.callerId) });
    }
    return pre + askContact(s, "call_back");
  }
  if (!s.slots.message) {
    s.expecting = "message";
    return pre + say(s, "person.what_message_would_you_like");
  }
  return saveMessage(t, pre);
}

export async function saveMessage(t: PolicyTurn, pre = ""): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "take_message", {
    name: s.slots.name,
    phone: s.slots.phone,
    email: s.slots.email,
    message: s.slots.message ?? NO_WORDS,
    urgent: !!s.slots.urgent,
  });
  if (!r.ok) {
    s.slots.phone = undefined;
    s.slots.email = undefined;
    s.slots.phoneFromCallerId = false;
    s.expecting = "phone";
    return pre + askContact(s, "call_back");
  }
  s.flow = null;
  s.expecting = null;
  s.ended = true;
  t.end = { reason: "message_taken" };
  return pre + say(s, "person.thank_you_ive_passed_your");
}

/** Break-in, fire, injury, legal threat: a person at once, or an urgent message when nobody is in. */
export async function emergency(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "transfer_to_person", {
    reason: `emergency: ${t.utterance.text.slice(0, 200)}`,
    urgent: true,
  });
  const danger = say(s, "person.if_anyone_is_in_danger");
  if (r.ok && r.mode === "transfer") {
    t.end = { reason: "emergency_transfer", transferTo: r.transferTo, alsoRing: r.alsoRing };
    s.ended = true;
    s.expecting = null;
    return `${danger} ${say(s, "person.im_connecting_you_to_our")}`;
  }
  s.slots.urgent = true;
  s.slots.message = `EMERGENCY: ${t.utterance.text.slice(0, 500)}`;
  s.flow = "message";
  const pre = r.ok
    ? `${danger} ${say(s, "person.please_call_our_office_now", { phone: phone(r.transferTo) })}`
    : danger;
  if (r.ok) {
    s.expecting = "anything_else";
    await runTool(t.ctx, "take_message", { name: s.slots.name, message: s.slots.message, urgent: true });
    return pre;
  }
  if (s.callerId || s.slots.phone) {
    const saved = await runTool(t.ctx, "take_message", {
      name: s.slots.name,
      phone: s.slots.phone ?? s.callerId ?? undefined,
      message: s.slots.message,
      urgent: true,
    });
    if (saved.ok) {
      s.ended = true;
      s.flow = null;
      s.expecting = null;
      t.end = { reason: "message_taken" };
      return `${danger} ${say(s, "person.ive_sent_an_urgent_message", { phone: phone(s.slots.phone ?? s.callerId!) })}`;
    }
  }
  s.slots.message = `EMERGENCY: ${t.utterance.text.slice(0, 500)}`;
  s.expecting = "phone";
  s.slots.phoneFromCallerId = false;
  return `${danger} ${say(s, "person.ill_send_the_manager_an")}`;
}
