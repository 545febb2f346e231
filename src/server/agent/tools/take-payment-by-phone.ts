import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { conversation } from "@/server/db/schema";
import { listRentals } from "@/server/domain/rentals/rental-queries";
import { openPhonePayment } from "@/server/payments/phone/open";
import { phonePaySetup } from "@/server/payments/phone/setup";

import { defineTool, refuse } from "./types";

/**
 * Hands a verified caller to Twilio's <Pay> for their balance due: the caller types the card on the
 * keypad and Twilio charges it on the operator's own Stripe account, so neither the agent nor a
 * model ever hears a card number. The amount is the balance, never an argument. The result comes
 * back on the <Pay> action (src/server/channels/voice/pay-action.ts), which resumes the call.
 */
export const takePaymentByPhone = defineTool({
  name: "take_payment_by_phone",
  mutates: true,
  description:
    "On a phone call, take the verified caller's balance payment by keypad (PCI-safe: the card goes to the payment processor, never to you). Ends your turn; the call resumes with the result. Never ask for card numbers yourself.",
  args: z.object({}),
  async run(ctx) {
    const v = ctx.state.verification;
    if (!v.verified || !v.customerId) return refuse("not_verified", "Verify the caller first.");
    if (ctx.state.channel !== "voice")
      return refuse("not_a_call", "Payments by keypad work on a phone call; send a payment link instead.");
    const [call] = await ctx.tx
      .select({ channel: conversation.channel, callSid: conversation.externalId })
      .from(conversation)
      .where(and(eq(conversation.organizationId, ctx.organizationId), eq(conversation.id, ctx.conversationId)));
    if (call?.channel !== "voice" || !call.callSid)
      return refuse("not_a_call", "Payments by keypad work on a real phone call; send a payment link instead.");
    const setup = await phonePaySetup(ctx.tx, ctx.organizationId);
    if (!setup)
      return refuse(
        "phone_payments_off",
        "This business does not take payments by phone; send a payment link instead.",
      );
    const rentals = await listRentals(ctx.tx, ctx.organizationId, { customerId: v.customerId, current: true });
    // One rental at a time (each payment belongs to one rental's ledger): the first with a balance.
    const due = rentals.find((r) => r.balanceCents > 0);
    if (!due) return refuse("nothing_due", "The caller has no balance due.");
    const amountCents = due.balanceCents;
    const opened = await openPhonePayment(ctx.tx, ctx.organizationId, {
      conversationId: ctx.conversationId,
      callSid: call.callSid,
      customerId: v.customerId,
      rentalId: due.id,
      amountCents,
      setup,
    });
    if (!opened.ok)
      return refuse("too_many_attempts", "Too many payment attempts on this call; send a payment link instead.");
    return {
      ok: true as const,
      mode: "pay" as const,
      paymentId: opened.id,
      amountCents: opened.amountCents,
      currency: opened.currency,
      connector: opened.connector,
    };
  },
});
