import { answerFromKnowledge } from "../info-answers";
import { continueMessage, noteProblem } from "../person-flow";
import { say } from "../phrases";
import { route } from "../route";
import { lastQuestion } from "../say";
import type { PolicyTurn } from "../turn";

/** The words of the message for the office. */
export function fillMessageText(turn: PolicyTurn): Promise<string | null> {
  return takeMessageText(turn);
}

export function takeMessageText(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const text = turn.utterance.text.trim();
  noteProblem(turn, text);
  state.slots.message = state.slots.message ? `${state.slots.message} ${text}` : text;
  state.expecting = null;
  state.messageAside = undefined;
  return continueMessage(turn, "");
}

/**
 * A question where the message's text was expected ("wondering if you store boats"). Answered once,
 * then the caller is asked whether they still want to leave a message, rather than asked for it
 * again. A question nobody here can answer, or the same question again, is the message itself.
 */
export async function questionForMessage(turn: PolicyTurn, confidentAside: boolean): Promise<string> {
  const state = turn.ctx.state;
  const intent = turn.utterance.intent;
  let answer: string | null = null;
  if (confidentAside && intent !== "policy_question") {
    const routed = await route(turn, intent);
    // The answer without its own follow-up ("What size are you looking for?"): the open question is the message.
    const own = lastQuestion(routed);
    answer = own && routed.endsWith(own) ? routed.slice(0, -own.length).trim() : routed;
  } else if (intent === "policy_question" || intent === "out_of_scope" || intent === "unclear") {
    // A question outside every flow is the knowledge base's; one that looks like a request of another kind is left to the office.
    answer = await answerFromKnowledge(turn, turn.utterance.text, { hours: true });
  }
  if (!answer || answer === state.messageAside || state.flow !== "message") {
    state.flow = "message";
    return takeMessageText(turn);
  }
  state.messageAside = answer;
  state.expecting = null;
  state.offer = "message";
  return `${answer} ${say(state, "expected_message.would_you_still_like_to")}`;
}
