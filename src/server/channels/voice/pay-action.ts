import { z } from "zod";

import { recordPaymentTurn } from "@/server/agent/payment-turn";
import { withOrg } from "@/server/db/client";
import { log } from "@/server/log";
import { reviewTaskFor, sendPhonePaymentReceipt } from "@/server/payments/phone/receipt";
import {
  confirmCharge,
  findPhonePayment,
  outcomeOf,
  postPhonePayment,
  settlePhonePayment,
  type ChargeCheck,
} from "@/server/payments/phone/settle";
import { phonePaySetup } from "@/server/payments/phone/setup";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";
import { ownerOfCall } from "@/server/telephony/webhook-owner";

import { errorSummary } from "./error-summary";
import { findCall } from "./call-lookup";
import { line } from "./lines";
import { badRequest, flat, queryOf } from "./params";
import { emptyVoiceResponse, gatherTwiml, relayTwiml, sayAndHangupTwiml, xml } from "./twiml";

/**
 * The <Pay> action: Twilio reports how the keypad payment ended and asks how the call goes on.
 * Only the fields below are read; the masked card number, expiry and postal code Twilio also sends
 * are dropped by the schema, so they reach neither the database nor a log. A success is confirmed on
 * the organization's connected Stripe account, then the attempt is settled once (a repeated request
 * answers the same and posts nothing), the agent says the result and the call resumes the way it was
 * talking (<Gather> turns or ConversationRelay). A caller who hung up gets no TwiML, only a text.
 */
export const ZPayQuery = z.object({
  c: z.uuid(),
  p: z.uuid(),
  t: z.coerce.number().int().min(1).max(10_000),
  m: z.enum(["gather", "relay"]).default("gather"),
});

export const ZPayAction = z.object({
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/, "CallSid must be CA followed by 32 hex digits"),
  Result: z.string().min(1).max(100),
  PaymentConfirmationCode: z.string().max(255).optional(),
  PaymentError: z.string().max(1000).optional(),
  PaymentCardType: z.string().max(40).optional(),
});

/** The <Pay> attributes that come from the agent's hand-off (src/server/agent/dialogue/turn.ts). */
export function paymentTwimlFields(p: { id: string; amountCents: number; currency: string; connector: string }) {
  return {
    paymentId: p.id,
    amountCents: p.amountCents,
    currency: p.currency,
    connector: p.connector,
    description: "Storage balance payment",
  };
}

export async function handlePayAction(req: Request): Promise<Response> {
  const verified = await verifyTwilioForm(req, ownerOfCall, { controlCharacters: "report" });
  if (!verified.ok) return verified.response;
  if (verified.controlCharacterIn) return xml(sayAndHangupTwiml(line("cannotContinue", "en"), "en"));
  const query = ZPayQuery.safeParse(queryOf(verified.url));
  if (!query.success) return badRequest("pay action URL", query.error);
  const parsed = ZPayAction.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("pay action", parsed.error);
  const { c, p, t, m } = query.data;
  const a = parsed.data;
  const call = await findCall(c, a.CallSid);
  if (!call) return xml(emptyVoiceResponse());
  const lang = call.language;
  const resume = (speech: string) =>
    xml(
      m === "relay"
        ? relayTwiml({ conversationId: call.conversationId, welcomeGreeting: speech, lang, callSid: a.CallSid })
        : gatherTwiml({ speech, lang, conversationId: call.conversationId, turn: t }),
    );
  const pay = {
    result: a.Result,
    confirmationCode: a.PaymentConfirmationCode,
    error: a.PaymentError,
    cardBrand: a.PaymentCardType,
  };
  try {
    // A success is confirmed on Stripe before the transaction that settles it opens: no lock is
    // held over the network.
    let check: ChargeCheck | null = null;
    if (outcomeOf(pay.result) === "succeeded") {
      const asked = await withOrg(call.organizationId, async (tx) => {
        const row = await findPhonePayment(tx, call.organizationId, p, a.CallSid);
        // The account the attempt was opened for (where the connector was meant to charge).
        const account = row?.stripeAccountId ?? (await phonePaySetup(tx, call.organizationId))?.stripeAccountId ?? null;
        return row ? { ...row, stripeAccountId: account } : null;
      });
      if (asked)
        check = await confirmCharge({
          stripeAccountId: asked.stripeAccountId,
          confirmationCode: pay.confirmationCode,
          amountCents: asked.amountCents,
          currency: asked.currency,
        });
    }
    const done = await withOrg(call.organizationId, async (tx) => {
      const settled = await settlePhonePayment(tx, call.organizationId, { id: p, callSid: a.CallSid, pay, check });
      if (!settled) return null;
      let reviewReason = check && !check.ok ? check.reason : null;
      if (settled.fresh && settled.status === "succeeded") {
        const posted = await postPhonePayment(tx, call.organizationId, settled);
        if (!posted.posted) reviewReason = posted.reason;
      }
      if (settled.fresh && settled.outcome === "review") await reviewTaskFor(tx, call, settled, reviewReason);
      if (settled.outcome === "hung_up") return { settled, said: null };
      const said = await recordPaymentTurn(tx, call.organizationId, call.conversationId, {
        paymentId: settled.id,
        outcome: settled.outcome,
        amountCents: settled.amountCents,
        receiptByText: Boolean(call.fromAddress),
        fresh: settled.fresh,
      });
      return { settled, said };
    });
    if (!done) {
      log.warn({ conversationId: c, paymentId: p }, "pay action for an unknown payment");
      return resume(line("errorRetry", lang));
    }
    if (done.settled.fresh)
      await sendPhonePaymentReceipt(call, done.settled).catch((err: unknown) =>
        log.error({ err: errorSummary(err), paymentId: p }, "phone payment text failed"),
      );
    if (!done.said) return xml(emptyVoiceResponse());
    return resume(done.said.speech);
  } catch (err) {
    log.error({ err: errorSummary(err), conversationId: c, paymentId: p }, "pay action failed");
    return resume(line("errorRetry", lang));
  }
}
