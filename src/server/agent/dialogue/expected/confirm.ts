import { doCancel } from "../account-flow";
import { say } from "../phrases";
import { absorbSales, bookIt, continueReserve } from "../sales-flow";
import { absorbContact } from "../lead-capture";
import { changesSlots } from "../steps";
import type { PolicyTurn } from "../turn";
import { yesNo } from "../understand";

/** Yes or no to the booking read back (or to cancelling a reservation); new details change it. */
export async function fillConfirm(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const yn = yesNo(utterance);
  if (state.flow === "cancel") {
    if (yn === true) return doCancel(turn);
    if (yn === false) {
      state.flow = null;
      state.pendingAccount = null;
      state.expecting = "anything_else";
      return say(state, "expected_confirm.okay_i_wont_cancel_it");
    }
    return null;
  }
  if (yn === true && !changesSlots(turn)) return bookIt(turn);
  if (changesSlots(turn)) {
    absorbSales(turn, { dates: true });
    absorbContact(turn);
    return continueReserve(turn, say(state, "person.got_it"));
  }
  if (yn === false) return say(state, "expected_confirm.what_would_you_like_to");
  return null;
}
