import { z } from "zod";

import { outboxSmsIn, sendSms } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";
import { toE164 } from "@/lib/normalize-phone";

import { DomainError } from "@/server/domain/errors";
import { balanceOf, refreshPmsBalanceIn } from "@/server/pms/balance";
import { currentConnectAccount, paymentsConfigured } from "@/server/payments/connect-account";
import type { CreatePaymentLinkInput } from "@/server/payments/payment-links";
import { sendPaymentLinkInTurn } from "@/server/payments/send-link";

import { say } from "@/server/agent/dialogue/phrases";
import { operatorSays } from "@/server/agent/dialogue/say";

import { resolveFacilityId } from "./channel";
import { englishOnly } from "./operator-text";
import { defineTool, refuse, type ToolContext } from "./types";

const URL_RE = /https?:\/\/[^\s)]+/;

/**
 * Texts the caller a link. A payment link is a secure Stripe Checkout link (src/server/payments) for
 * the verified caller's balance, or for the move-in of the reservation made in this conversation
 * (its stored quote: the amount the caller heard), when the operator has connected Stripe; otherwise
 * the operator's portal URL from the knowledge base (an entry tagged "payment_link"). Card numbers
 * are never taken by the agent.
 */
async function paymentLinkFor(ctx: ToolContext, to: string, facilityId: string) {
  if (!paymentsConfigured()) return null;
  const account = await currentConnectAccount(ctx.tx, ctx.organizationId);
  if (!account?.chargesEnabled) return null;
  const v = ctx.state.verification;
  let input: CreatePaymentLinkInput | null = null;
  if (v.verified && v.customerId) {
    // A balance the PMS keeps is read from it first (within the turn's budget, unless just read).
    await refreshPmsBalanceIn(ctx.tx, ctx.organizationId, v.customerId);
    const src = await balanceOf(ctx.tx, ctx.organizationId, v.customerId);
    const owed = src.source === "pms" ? (src.pms.balanceCents ?? 0) : src.ledger.balanceCents;
    if (owed > 0) input = { purpose: "balance", customerId: v.customerId };
  }
  if (!input && ctx.state.reservation) input = { purpose: "move_in", reservationId: ctx.state.reservation.id };
  if (!input) return null;
  try {
    const r = await sendPaymentLinkInTurn(ctx.tx, ctx.organizationId, ctx.actor, input, {
      to,
      facilityId,
      conversationId: ctx.conversationId,
      idempotencyKey: `agent:${ctx.conversationId}:payment:${ctx.state.turns}`,
    });
    if (!r.sms.ok) return refuse(r.sms.reason, r.sms.message);
    return {
      ok: true as const,
      kind: "payment" as const,
      purpose: r.link.purpose,
      amountCents: r.link.amountCents,
      status: r.sms.status,
    };
  } catch (err) {
    // Nothing owed, move-in already paid...: the knowledge base's portal link is the fallback.
    if (err instanceof DomainError) return null;
    throw err;
  }
}

export const sendLinkSms = defineTool({
  name: "send_link_sms",
  description:
    "Text the caller a link: payment (a secure card payment link for their balance, or for the move-in of the reservation just made; else the operator's online payment page), directions (map link), or their reservation details. Goes to the caller ID (or the verified phone).",
  args: z.object({ kind: z.enum(["payment", "directions", "reservation"]), to: z.string().trim().max(40).optional() }),
  // Writes the outbox row in the turn's transaction when Twilio is not configured.
  mutates: true,
  async run(ctx, args) {
    const facilityId = await resolveFacilityId(ctx);
    if (!facilityId) return refuse("which_facility", "Ask which facility first.");
    const f = (await ctx.facts.facility(facilityId))!;
    // Only the caller's own number: a stated number must be the caller ID or a verified one.
    const to = (args.to && toE164(args.to)) || ctx.state.callerId;
    if (!to || (to !== ctx.state.callerId && to !== ctx.state.slots.phone))
      return refuse("no_number", "Ask for the caller's mobile number first.");
    if (args.kind === "payment") {
      // The operator takes card payments (Settings > Payments): a Checkout link for exactly what is owed.
      const linked = await paymentLinkFor(ctx, to, f.id);
      if (linked) return linked;
    }
    let body: string;
    if (args.kind === "payment") {
      const kb = await ctx.facts.knowledge(f.id);
      const entry = kb.find((k) => k.tags.includes("payment_link") && URL_RE.test(k.answer));
      if (!entry)
        return refuse("no_payment_link", "This facility has no online payment page; offer a person or a call back.");
      body = say(ctx.state, "sms.pay_rent_here", { facility: f.name, url: URL_RE.exec(entry.answer)![0] });
    } else if (args.kind === "directions") {
      const addr = [f.addressLine1, f.city, f.state, f.postalCode].filter(Boolean).join(", ");
      if (!addr) return refuse("no_address", "No address is on file.");
      const url = `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(addr)}`;
      // The operator's directions (English only), introduced as such to a Spanish caller.
      const directions = f.directions
        ? operatorSays(ctx.state, englishOnly(f.directions), "sms.directions", "sms.directions_only_in_english")
        : "";
      body = `${say(ctx.state, "sms.map", { facility: f.name, address: addr, url })}${directions}`;
    } else {
      const r = ctx.state.reservation;
      if (!r) return refuse("no_reservation", "No reservation was made in this conversation.");
      body = say(ctx.state, "sms.reservation_confirmed", { facility: f.name, code: r.confirmationCode });
    }
    const text = {
      organizationId: ctx.organizationId,
      to,
      body,
      facilityId: f.id,
      conversationId: ctx.conversationId,
      idempotencyKey: `agent:${ctx.conversationId}:${args.kind}:${ctx.state.turns}`,
    };
    // With Twilio the text is claimed, committed and sent on its own, so the reply can say whether
    // it went out; without it the outbox row is the delivery and is written with the turn.
    const res = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(ctx.tx, text);
    if (!res.ok) return refuse(res.reason, res.message);
    return { ok: true as const, kind: args.kind, status: res.status };
  },
});
