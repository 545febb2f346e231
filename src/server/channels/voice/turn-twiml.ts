import type { AgentTurn } from "@/server/agent/engine";

import type { CallRef } from "./call-lookup";
import { paymentTwimlFields } from "./pay-action";
import { dialTwiml, gatherTwiml, payTwiml, sayAndHangupTwiml } from "./twiml";

/**
 * How a voice call continues after an agent turn: the next <Gather>, a hang-up after goodbye or a
 * message taken, a <Dial> to the facility for a transfer (with our number as caller ID), or <Pay> for a
 * payment by keypad.
 */
export function turnTwiml(
  turn: AgentTurn,
  call: Pick<CallRef, "conversationId" | "toAddress">,
  nextTurn: number,
): string {
  const lang = turn.state.language;
  const end = turn.end;
  if (end && (end.reason === "transfer" || end.reason === "emergency_transfer") && end.transferTo) {
    return dialTwiml({
      speech: turn.speech,
      lang,
      transferTo: end.transferTo,
      alsoRing: end.alsoRing,
      callerId: call.toAddress,
      conversationId: call.conversationId,
      turn: nextTurn,
    });
  }
  if (end?.reason === "payment" && end.payment)
    return payTwiml({
      speech: turn.speech,
      lang,
      ...paymentTwimlFields(end.payment),
      conversationId: call.conversationId,
      turn: nextTurn,
      mode: "gather",
    });
  if (end && (end.reason === "goodbye" || end.reason === "message_taken")) return sayAndHangupTwiml(turn.speech, lang);
  return gatherTwiml({ speech: turn.speech, lang, conversationId: call.conversationId, turn: nextTurn });
}
