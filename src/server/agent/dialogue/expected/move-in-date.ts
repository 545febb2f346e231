import { say } from "../phrases";
import { absorbSales, continueReserve, saidMoveInDate } from "../sales-flow";
import { absorbContact } from "../lead-capture";
import type { PolicyTurn } from "../turn";
import { first, yesNo } from "../understand";

/** The move-in date; "as soon as possible" is today at the facility, and a yes takes the next open day offered for a closed one. */
export async function fillMoveInDate(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  absorbSales(turn, { dates: true });
  // "tomorrow, my name is pat and my number is …": the details given ahead of their question are kept.
  // A name alone ("Dana Whitfield") was kept before this step (keepNameSaidInPassing): it is details too.
  const gaveContact = absorbContact(turn) || !!first(utterance, "name");
  const date = saidMoveInDate(turn);
  const proposed = state.slots.proposedMoveIn;
  state.slots.proposedMoveIn = undefined;
  // "Yes" to the next open day offered for a closed one.
  if (!date && proposed && yesNo(utterance) === true) state.slots.moveInDate = proposed;
  else if (!date) {
    if (/\b(asap|as soon as possible|right away|now|ya|lo antes posible)\b/i.test(utterance.text)) {
      const f = await turn.ctx.facts.facility(state.facilityId ?? "");
      if (f) state.slots.moveInDate = new Intl.DateTimeFormat("en-CA", { timeZone: f.timeZone }).format(turn.ctx.now);
    } else if (gaveContact && state.flow === "reserve") return continueReserve(turn, say(state, "steps.thanks"));
    else return null;
  }
  state.expecting = null;
  return continueReserve(turn, "");
}
