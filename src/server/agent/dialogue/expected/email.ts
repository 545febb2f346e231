import { say } from "../phrases";
import { continueFlow } from "../steps";
import type { PolicyTurn } from "../turn";
import { first, yesNo } from "../understand";

/** An e-mail address for the confirmation, or none. */
export async function fillEmail(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const e = first(utterance, "email");
  if (e) state.slots.email = e.email;
  else if (
    yesNo(utterance) === false ||
    /\b(skip|no thanks|no email|none|don't have|sin correo)\b/i.test(utterance.text)
  )
    state.slots.emailDeclined = true;
  else if (yesNo(utterance) === true) return say(state, "expected_email.great_whats_your_e_mail");
  else return null;
  state.expecting = null;
  return continueFlow(turn);
}
