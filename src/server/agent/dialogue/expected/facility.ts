import type { Intent } from "@/server/agent/nlu";

import { route } from "../route";
import { absorbSales, answerPrice, continueReserve } from "../sales-flow";
import type { PolicyTurn } from "../turn";
import { first } from "../understand";

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
  // A bare answer ("northgate") resumes the question that needed a location.
  if (utterance.intent === "provide_info" || utterance.intent === "unclear" || utterance.intent === "greeting")
    return route(turn, pending ?? "greeting");
  return route(turn, utterance.intent);
}
