import { z } from "zod";

import { log } from "@/server/log";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";
import { ownerOfCall } from "@/server/telephony/webhook-owner";

import { findCall } from "./call-lookup";
import { line } from "./lines";
import { badRequest, flat, queryOf, ZConversationQuery, ZRelayAction } from "./params";
import { paymentTwimlFields } from "./pay-action";
import { dialTwiml, emptyVoiceResponse, gatherTwiml, payTwiml, relayTwiml, sayAndHangupTwiml, xml } from "./twiml";

/**
 * The <Connect action> of a ConversationRelay call: Twilio requests it when our WebSocket sent
 * `end` (HandoffData is what we put there) or the session failed. A transfer becomes <Dial>; a
 * failed session falls back to <Gather> turns so the caller is not dropped; `reconnect` (the app
 * process that held the socket is shutting down) opens a new session, on whichever process the load
 * balancer picks; otherwise hang up.
 */
export const ZHandoff = z.object({
  reason: z.enum(["goodbye", "transfer", "message_taken", "emergency_transfer", "reconnect", "payment"]),
  transferTo: z.string().nullish(),
  alsoRing: z.array(z.string()).max(5).optional(),
  /** reason "payment": the <Pay> hand-off the agent's turn opened. */
  payment: z
    .object({
      id: z.uuid(),
      amountCents: z.number().int().positive(),
      currency: z.string().min(3).max(3),
      connector: z.string().min(1).max(200),
    })
    .optional(),
});
export type Handoff = z.infer<typeof ZHandoff>;

function parseHandoff(raw: string | undefined): Handoff | null {
  if (!raw) return null;
  try {
    const r = ZHandoff.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export async function handleRelayAction(req: Request): Promise<Response> {
  const verified = await verifyTwilioForm(req, ownerOfCall, { controlCharacters: "report" });
  if (!verified.ok) return verified.response;
  if (verified.controlCharacterIn) return xml(sayAndHangupTwiml(line("cannotContinue", "en"), "en"));
  const query = ZConversationQuery.safeParse(queryOf(verified.url));
  if (!query.success) return badRequest("relay action URL", query.error);
  const parsed = ZRelayAction.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("relay action", parsed.error);
  const call = await findCall(query.data.c, parsed.data.CallSid);
  if (!call) return xml(emptyVoiceResponse());
  const handoff = parseHandoff(parsed.data.HandoffData);
  const next = call.turnCount + 1;
  if (handoff && (handoff.reason === "transfer" || handoff.reason === "emergency_transfer") && handoff.transferTo) {
    return xml(
      dialTwiml({
        speech: null,
        lang: call.language,
        transferTo: handoff.transferTo,
        alsoRing: handoff.alsoRing,
        callerId: call.toAddress,
        conversationId: call.conversationId,
        turn: next,
      }),
    );
  }
  if (handoff?.reason === "payment" && handoff.payment && call.status === "active")
    return xml(
      payTwiml({
        speech: null,
        lang: call.language,
        ...paymentTwimlFields(handoff.payment),
        conversationId: call.conversationId,
        turn: next,
        mode: "relay",
      }),
    );
  if (handoff?.reason === "reconnect" && call.status === "active")
    return xml(relayTwiml({ conversationId: call.conversationId, lang: call.language, callSid: parsed.data.CallSid }));
  if (handoff) return xml(emptyVoiceResponse());
  if (parsed.data.SessionStatus === "failed" || parsed.data.ErrorCode) {
    log.warn(
      { conversationId: call.conversationId, errorCode: parsed.data.ErrorCode, error: parsed.data.ErrorMessage },
      "ConversationRelay session failed; continuing with Gather",
    );
    return xml(
      gatherTwiml({
        speech: line("errorRetry", call.language),
        lang: call.language,
        conversationId: call.conversationId,
        turn: next,
      }),
    );
  }
  return xml(emptyVoiceResponse());
}
