import { say } from "../phrases";
import { goodbye } from "../steps";
import type { PolicyTurn } from "../turn";
import { yesNo } from "../understand";

/** "Anything else?": a no ends the call, a bare yes asks what, anything more is a new request. */
export async function fillAnythingElse(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const yn = yesNo(utterance);
  if (yn === false && utterance.intent !== "reserve_unit" && utterance.entities.length <= 1) return goodbye(turn);
  if (yn === true && (utterance.intent === "affirm" || utterance.text.trim().split(/\s+/).length <= 2)) {
    state.expecting = null;
    return say(state, "expected_anything_else.sure_what_can_i_help");
  }
  state.expecting = null;
  return null;
}
