import { startConversation } from "@/server/agent/engine";
import { log } from "@/server/log";
import { calledNumberLookup } from "@/server/telephony/numbers";
import { toE164 } from "@/lib/normalize-phone";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";

import { errorSummary } from "./error-summary";
import { line } from "./lines";
import { badRequest, flat, ZIncomingCall } from "./params";
import { gatherTwiml, relayTwiml, sayAndHangupTwiml, xml } from "./twiml";

/**
 * Twilio's incoming-call webhook (each number's VoiceUrl). Signature first (403, nothing written),
 * then parameters (400). The call becomes a conversation keyed by CallSid, so Twilio's retry of this
 * request replays the same greeting instead of opening a second conversation. The number's voice
 * mode decides how the call continues: <Gather> round trips, or a ConversationRelay WebSocket.
 */
export async function handleIncomingCall(req: Request): Promise<Response> {
  const number = calledNumberLookup(); // the signature's owner and the route in one statement
  const verified = await verifyTwilioForm(req, number.owner, { controlCharacters: "report" });
  if (!verified.ok) return verified.response;
  if (verified.controlCharacterIn) return xml(sayAndHangupTwiml(line("cannotContinue", "en"), "en"));
  const parsed = ZIncomingCall.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("incoming-call webhook", parsed.error);
  const call = parsed.data;

  const route = await number.route(call.To);
  if (!route) {
    log.warn({ to: call.To, callSid: call.CallSid }, "incoming call to a number no organization has");
    return xml(sayAndHangupTwiml(line("notInService", "en"), "en"));
  }
  try {
    const greeting = await startConversation({
      organizationId: route.organizationId,
      channel: "voice",
      facilityId: route.facilityId,
      fromAddress: toE164(call.From) ?? call.From,
      toAddress: route.e164,
      externalId: call.CallSid,
      // Only a fully attested caller ID counts as holding the number (gate codes, balance).
      callerAttested: call.StirVerstat === "TN-Validation-Passed-A",
    });
    // The engine has told live dashboards about the new call (conversation.started and the greeting).
    const lang = greeting.state.language;
    if (route.voiceMode === "relay") {
      return xml(
        relayTwiml({
          conversationId: greeting.conversationId,
          welcomeGreeting: greeting.speech,
          lang,
          callSid: call.CallSid,
        }),
      );
    }
    return xml(gatherTwiml({ speech: greeting.speech, lang, conversationId: greeting.conversationId, turn: 1 }));
  } catch (err) {
    log.error(
      { err: errorSummary(err), callSid: call.CallSid, organizationId: route.organizationId },
      "could not answer an incoming call",
    );
    // Never Twilio's "application error": the caller hears what to do instead.
    return xml(
      sayAndHangupTwiml(
        "Sorry, we can't take your call right now. Please try again in a few minutes, or send us a text at this number. Goodbye.",
        "en",
      ),
    );
  }
}
