import { respond } from "@/server/agent/engine";
import { log } from "@/server/log";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";
import { ownerOfCall } from "@/server/telephony/webhook-owner";

import { errorSummary } from "./error-summary";
import { findCall } from "./call-lookup";
import { line } from "./lines";
import { badRequest, flat, queryOf, ZDialAction, ZGatherQuery } from "./params";
import { turnTwiml } from "./turn-twiml";
import { emptyVoiceResponse, gatherTwiml, sayAndHangupTwiml, xml } from "./twiml";

/**
 * The <Dial> action of a transfer. Answered and finished: the call is over. Nobody answered (busy,
 * no-answer, failed): the caller is not dropped; the agent offers to take a message, as one more
 * turn keyed CallSid:dial:t so a retry does not repeat it.
 */
export async function handleDialAction(req: Request): Promise<Response> {
  const verified = await verifyTwilioForm(req, ownerOfCall, { controlCharacters: "report" });
  if (!verified.ok) return verified.response;
  if (verified.controlCharacterIn) return xml(sayAndHangupTwiml(line("cannotContinue", "en"), "en"));
  const query = ZGatherQuery.safeParse(queryOf(verified.url));
  if (!query.success) return badRequest("dial action URL", query.error);
  const parsed = ZDialAction.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("dial action", parsed.error);
  const call = await findCall(query.data.c, parsed.data.CallSid);
  if (!call) return xml(emptyVoiceResponse());
  const status = parsed.data.DialCallStatus ?? "completed";
  if (status === "completed" || status === "answered") return xml(emptyVoiceResponse());
  const t = query.data.t;
  try {
    const turn = await respond({
      organizationId: call.organizationId,
      conversationId: call.conversationId,
      text: line("noAnswerMessage", call.language),
      idempotencyKey: `${parsed.data.CallSid}:dial:${t}`,
    });
    // Never a second transfer loop: if the agent asks to transfer again, keep gathering instead.
    const safe =
      turn.end?.reason === "transfer" || turn.end?.reason === "emergency_transfer" ? { ...turn, end: null } : turn;
    // The caller did not hear the line we said for them ("nobody could pick up"): say why before
    // the agent's first question, or they hear "May I have your name?" out of nowhere.
    return xml(turnTwiml({ ...safe, speech: `${line("noAnswer", call.language)} ${safe.speech}` }, call, t));
  } catch (err) {
    log.error({ err: errorSummary(err), conversationId: call.conversationId }, "dial action turn failed");
    return xml(
      gatherTwiml({
        speech: line("errorRetry", call.language),
        lang: call.language,
        conversationId: call.conversationId,
        turn: t,
      }),
    );
  }
}
