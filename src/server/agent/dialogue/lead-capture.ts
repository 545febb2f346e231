import { runTool, type ToolContext } from "@/server/agent/tools";

import { say } from "./phrases";
import type { Expecting } from "./state";
import type { PolicyTurn } from "./turn";
import { first } from "./understand";

/** A way to reach the caller back: a phone, or an e-mail (web chat, or a caller who prefers it). */
export const hasContact = (state: ToolContext["state"]) => !!(state.slots.phone || state.slots.email);

/**
 * Whatever the brain, a caller who has given a name and a phone or an e-mail is a lead even without
 * booking (speed to lead): captured once per conversation, merged with their existing lead.
 */
export async function captureLeadIfReadyCtx(ctx: ToolContext) {
  const state = ctx.state;
  if (!state.slots.name || !hasContact(state) || state.leadId || state.reservation) return;
  // A tenant's message is the office's task; they are a lead again only when they ask about renting.
  if (state.existingTenant && !state.slots.width && !state.slots.sizeHint && !state.quoted) return;
  await runTool(ctx, "capture_lead", {
    name: state.slots.name,
    phone: state.slots.phone,
    email: state.slots.email,
    widthFt: state.slots.width,
    lengthFt: state.slots.length,
    unitTypeId: state.slots.unitTypeId,
    moveInDate: state.slots.moveInDate,
  });
}

/**
 * Asks how to reach the caller. Voice and SMS callers are asked for a number (their caller ID is
 * offered first when there is one); a web chat has no caller ID, so an e-mail is just as good.
 */
export function askContact(state: ToolContext["state"], what: "reach" | "call_back" = "reach"): string {
  if (state.channel === "chat") return say(state, "lead.whats_the_best_phone_number");
  return what === "call_back"
    ? say(state, "lead.whats_the_best_number_to")
    : say(state, "lead.whats_the_best_phone_number_2");
}

/**
 * What the agent may be waiting for when a caller introduces themselves in passing ("This is Maria
 * Lopez, a ten by ten please" to "What size?"): the name is theirs, kept like the name slot's. Not
 * while a name is asked (its own handler), a message is taken (it reads names itself), or an
 * account is verified (a name there is the account holder's, checked by its own step).
 */
const NAME_IN_PASSING = new Set<Expecting>(["size", "facility", "move_in_date", "phone", "email", "confirm"]);

/** Keeps a name the caller introduced themselves with (the NLU's cues: "this is", "my name is", "I'm"). */
export function keepNameSaidInPassing(turn: PolicyTurn) {
  const state = turn.ctx.state;
  if (state.flow === "verify" || state.flow === "message") return;
  if (!NAME_IN_PASSING.has(state.expecting)) return;
  const n = first(turn.utterance, "name");
  if (!n) return;
  // A first name kept alone ("Jenna") is completed by the full name said later ("Jenna Morales").
  const known = state.slots.name;
  if (!known || (!known.includes(" ") && n.name.startsWith(`${known} `))) state.slots.name = n.name;
}

/**
 * Keeps the contact details the caller said, whatever was asked; true when there were any. A name
 * is taken where one is asked or a reservation or message is under way, or anywhere with
 * `anyName` (a problem reported, which becomes a message).
 */
export function absorbContact(turn: PolicyTurn, { anyName = false } = {}): boolean {
  const state = turn.ctx.state;
  let gave = false;
  const p = first(turn.utterance, "phone");
  if (p) {
    state.slots.phone = p.e164;
    state.slots.phoneFromCallerId = false;
    gave = true;
  }
  const e = first(turn.utterance, "email");
  if (e) {
    state.slots.email = e.email;
    gave = true;
  }
  if (anyName || state.expecting === "name" || state.flow === "reserve" || state.flow === "message") {
    const n = first(turn.utterance, "name");
    if (n && !state.slots.name) {
      state.slots.name = n.name;
      gave = true;
    }
  }
  return gave;
}
