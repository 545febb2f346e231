import type { Intent } from "@/server/agent/nlu";

import { continueVerification } from "../account-flow";
import { route } from "../route";
import { ASIDES, reask } from "../steps";
import type { PolicyTurn } from "../turn";
import { first } from "../understand";

/** Requests that abandon a half-done verification: a caller who asks for a price is shopping, not an account holder. */
const LEAVES_VERIFICATION = new Set<Intent>(["price_inquiry", "availability_inquiry", "reserve_unit", "size_advice"]);

/**
 * An account holder's name, number or code; a confident new request leaves verification. A question
 * or another request where the name was asked ("do you take cash?", "what's my gate code?") is
 * answered as one, and the name asked for again while the account is still being verified.
 */
export async function fillVerification(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  if (ASIDES.has(utterance.intent) && utterance.confidence >= 0.8) return null;
  if (
    LEAVES_VERIFICATION.has(utterance.intent) &&
    utterance.confidence >= 0.8 &&
    !first(utterance, "name") &&
    !first(utterance, "phone")
  ) {
    state.flow = null;
    state.pendingAccount = null;
    state.expecting = null;
    state.verification.step = undefined;
    return null;
  }
  const reply = await continueVerification(turn);
  if (reply !== null) return reply;
  const answer = await route(turn, utterance.intent);
  const stillAsking =
    state.flow === "verify" && state.expecting === "verification" && state.verification.step === "name";
  if (!stillAsking || /\?\s*$/.test(answer)) return answer;
  state.offer = null;
  return `${answer} ${await reask(turn)}`;
}
