import { absorbSales, answerPrice, continueReserve, startReserve } from "../sales-flow";
import type { PolicyTurn } from "../turn";
import { first, yesNo } from "../understand";

/** A size where a size was asked ("a ten by ten", "something for a one-bedroom"), or a yes to the quoted one. */
export async function fillSize(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  absorbSales(turn, { dates: state.flow === "reserve" });
  if (state.slots.width || state.slots.sizeHint || first(utterance, "unit_size") || first(utterance, "size_hint")) {
    state.expecting = null;
    return state.flow === "reserve" ? continueReserve(turn, "") : answerPrice(turn, "price");
  }
  if (state.offer === null && yesNo(utterance) === true && state.slots.unitTypeId)
    return state.flow === "reserve" ? continueReserve(turn, "") : startReserve(turn);
  return null;
}
