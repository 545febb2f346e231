import type { Intent } from "@/server/agent/nlu";

import { route } from "../route";
import { absorbSales, answerPrice, continueReserve } from "../sales-flow";
import type { PolicyTurn } from "../turn";
import { first } from "../understand";

/** Words said around a facility's name when it is the whole answer: "the northgate one", "northgate location". */
const AROUND_THE_NAME = new Set(["the", "one", "location", "facility", "place", "please", "at", "um", "uh"]);

/**
 * The answer is the facility's name and nothing more: "um northgate storage" is Northgate, though
 * the classifier, hearing "storage" once the facility's name is taken out, may hear a request.
 */
function onlyTheName(text: string, f: { start: number; end: number; name: string }): boolean {
  const own = new Set(f.name.toLowerCase().split(/\s+/));
  return `${text.slice(0, f.start)} ${text.slice(f.end)}`
    .toLowerCase()
    .split(/[^\p{L}']+/u)
    .every((w) => !w || own.has(w) || AROUND_THE_NAME.has(w));
}

/** Which facility ("northgate"): the question that needed a location resumes. */
export async function fillFacility(turn: PolicyTurn): Promise<string | null> {
  const state = turn.ctx.state;
  const utterance = turn.utterance;
  const f = first(utterance, "facility");
  if (!f) return null;
  state.facilityId = f.facilityId;
  state.expecting = null;
  absorbSales(turn, { dates: state.flow === "reserve" });
  if (state.flow === "reserve") return continueReserve(turn, "");
  if (state.flow === "quote") return answerPrice(turn, "price");
  const pending = state.pendingIntent as Intent | undefined;
  state.pendingIntent = undefined;
  // A bare answer ("northgate", "um northgate storage") resumes the question that needed a location.
  if (
    utterance.intent === "provide_info" ||
    utterance.intent === "unclear" ||
    utterance.intent === "greeting" ||
    onlyTheName(utterance.text, f)
  )
    return route(turn, pending ?? "greeting");
  return route(turn, utterance.intent);
}
