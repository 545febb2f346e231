import { say } from "../phrases";
import { captureLeadIfReady, continueReserve } from "../sales-flow";
import { absorbContact } from "../lead-capture";
import { continueFlow } from "../steps";
import type { PolicyTurn } from "../turn";
import { first, yesNo } from "../understand";

/** "Can you e-mail me instead?": the caller would rather be reached by e-mail than by phone. */
const PREFERS_EMAIL = /\b(e-?mail|correo)\b/i;

/** A number to reach the caller: said, an e-mail instead, or a yes to the one they are calling from. */
export async function fillPhone(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const p = first(utterance, "phone");
  const e = first(utterance, "email");
  if (p) {
    state.slots.phone = p.e164;
    state.slots.phoneFromCallerId = false;
  } else if (e) {
    // An e-mail is a way to reach the caller too: a web chat has no caller ID, and a caller may prefer it.
    state.slots.email = e.email;
    state.slots.phoneFromCallerId = false;
  } else if (PREFERS_EMAIL.test(utterance.text)) {
    state.expecting = "email";
    state.slots.phoneFromCallerId = false;
    return say(state, "expected_phone.sure_whats_your_e_mail");
  } else if (state.slots.phoneFromCallerId && state.callerId) {
    const yn = yesNo(utterance);
    if (yn === null && first(utterance, "name") && state.flow === "reserve")
      return continueReserve(turn, say(state, "steps.thanks"));
    if (yn === null) return null;
    if (yn) state.slots.phone = state.callerId;
    else {
      state.slots.phoneFromCallerId = false;
      return say(state, "person.whats_the_best_number_to");
    }
  } else if (first(utterance, "name") && state.flow === "reserve") {
    // "Jenna Morales" to "is this the best number?": the name was kept (keepNameSaidInPassing); ask again.
    return continueReserve(turn, say(state, "steps.thanks"));
  } else return null;
  state.expecting = null;
  absorbContact(turn);
  if (state.flow !== "message") await captureLeadIfReady(turn);
  return continueFlow(turn);
}
