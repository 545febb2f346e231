import { doCancel } from "../account-flow";
import { absorbSales, bookIt, continueReserve } from "../sales-flow";
import { L } from "../say";
import { absorbContact, changesSlots } from "../steps";
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
      return L(state, "Okay, I won't cancel it. Anything else?", "Está bien, no la cancelo. ¿Algo más?");
    }
    return null;
  }
  if (yn === true && !changesSlots(turn)) return bookIt(turn);
  if (changesSlots(turn)) {
    absorbSales(turn, { dates: true });
    absorbContact(turn);
    return continueReserve(turn, L(state, "Got it.", "Entendido."));
  }
  if (yn === false)
    return L(
      state,
      "What would you like to change: the size, the move-in date, or your contact details?",
      "¿Qué quiere cambiar: el tamaño, la fecha o sus datos?",
    );
  return null;
}
