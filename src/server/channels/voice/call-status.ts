import { endConversation } from "@/server/agent/engine";
import { startMissedCallTextBack, startPostConversation } from "@/server/jobs/calls";
import { log } from "@/server/log";
import { publish } from "@/server/realtime/publish";
import { calledNumberLookup } from "@/server/telephony/numbers";
import { toE164 } from "@/lib/normalize-phone";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";

import { abandonPhonePayments } from "@/server/payments/phone/abandon";

import { errorSummary } from "./error-summary";
import { findCallBySid, forgetCallIdentity } from "./call-lookup";
import { badRequest, flat, ZCallStatus } from "./params";

/**
 * The number's status callback. A final status closes the call (provider status, duration) and
 * starts post-call work; a call that was never answered (busy, no-answer, failed, canceled) or that
 * hung up before saying anything gets the missed-call text-back. Intermediate statuses are accepted
 * and ignored. Retries are harmless: closing twice keeps the first end time and the workflows are
 * keyed by CallSid / conversation id.
 */
const FINAL = new Set(["completed", "busy", "failed", "no-answer", "canceled"]);
const UNANSWERED = new Set(["busy", "failed", "no-answer", "canceled"]);

/**
 * Twilio ends a call at 24 hours (its longest time limit): a longer CallDuration is not a real call's,
 * and is stored as that limit, so the call is still closed (the column holds up to 2^31 - 1).
 */
const MAX_CALL_SECONDS = 86_400;

const noContent = () => new Response(null, { status: 204 });

export async function handleCallStatus(req: Request): Promise<Response> {
  const number = calledNumberLookup(); // the signature's owner and the route in one statement
  const verified = await verifyTwilioForm(req, number.owner);
  if (!verified.ok) return verified.response;
  const parsed = ZCallStatus.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("call status callback", parsed.error);
  const s = parsed.data;
  if (!FINAL.has(s.CallStatus)) return noContent();
  const route = await number.route(s.To);
  if (!route) return noContent();
  const from = toE164(s.From) ?? s.From;
  const call = await findCallBySid(route.organizationId, s.CallSid);
  let abandoned = UNANSWERED.has(s.CallStatus);
  if (call) {
    forgetCallIdentity(call.conversationId);
    await endConversation({
      organizationId: route.organizationId,
      conversationId: call.conversationId,
      providerStatus: s.CallStatus,
      durationSeconds: s.CallDuration !== undefined ? Math.min(Number(s.CallDuration), MAX_CALL_SECONDS) : undefined,
    });
    if (call.turnCount === 0) abandoned = true;
    await runJob("phone payment left open", () => abandonPhonePayments(call));
    if (call.status !== "ended")
      await publish(route.organizationId, { type: "conversation.ended", conversationId: call.conversationId });
    await runJob("post-conversation", () => startPostConversation(call.conversationId, route.organizationId));
  }
  if (abandoned) {
    await runJob("missed-call text-back", () =>
      startMissedCallTextBack({
        organizationId: route.organizationId,
        facilityId: call?.facilityId ?? route.facilityId,
        from,
        to: route.e164,
        callSid: s.CallSid,
      }),
    );
  }
  return noContent();
}

/** The call is already closed; a workflow that cannot be queued is logged, not a failed callback. */
async function runJob(name: string, start: () => Promise<unknown>) {
  try {
    await start();
  } catch (err) {
    log.error({ err: errorSummary(err), job: name }, "could not start a call workflow");
  }
}
