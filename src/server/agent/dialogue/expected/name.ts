import { absorbContact } from "../lead-capture";
import { continueFlow, nameBeforeContact, noNameForQuote, quoteNoted } from "../steps";
import type { PolicyTurn } from "../turn";
import { first } from "../understand";

/** The caller's name (for a booking, a message, or a quote noted under it). */
export async function fillName(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const name = first(utterance, "name")?.name ?? nameBeforeContact(turn);
  if (!name) return state.askedNameForQuote && !state.flow ? noNameForQuote(turn) : null;
  state.slots.name = name;
  state.expecting = null;
  absorbContact(turn);
  if (state.askedNameForQuote && !state.flow) return quoteNoted(turn);
  return continueFlow(turn);
}
