import { and, eq, inArray } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { phonePayment, type PhonePaymentStatus } from "@/server/db/schema";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { getStripe, isStripeApiError } from "@/server/integrations/stripe";
import { log } from "@/server/log";

/**
 * The result of a <Pay> session, as Twilio reports it on the action URL. Only these fields are read:
 * Twilio also sends the masked card number, expiry and postal code, which we never keep or log.
 */
export interface PayResult {
  /** success, payment-connector-error, too-many-failed-attempts, caller-interrupted-with-star, caller-hung-up, … */
  result: string;
  /** The processor's id for the charge (the Stripe connector: a PaymentIntent or Charge id). */
  confirmationCode?: string;
  error?: string;
  cardBrand?: string;
}

export type PayOutcome = "succeeded" | "declined" | "cancelled" | "hung_up" | "review";

/** How Twilio's Result maps to what happened to the caller's money. */
export function outcomeOf(result: string): Exclude<PayOutcome, "review"> {
  if (result === "success") return "succeeded";
  if (result === "caller-hung-up") return "hung_up";
  if (result === "caller-interrupted-with-star") return "cancelled";
  // payment-connector-error (a decline), too-many-failed-attempts, input-timeout, validation-error,
  // internal-error: the processor made no charge.
  return "declined";
}

export type ChargeCheck =
  { ok: true; paymentIntentId: string | null; chargeId: string | null } | { ok: false; reason: string };

/**
 * Twilio says "success": confirm the charge on the organization's connected Stripe account before it
 * counts (the Connect convention: take the id, read the object from Stripe). A charge that is not
 * there (the Pay Connector is linked to another Stripe account), not succeeded, or for another amount
 * goes to staff review instead of the ledger.
 */
export async function confirmCharge(input: {
  stripeAccountId: string | null;
  confirmationCode: string | undefined;
  amountCents: number;
  currency: string;
}): Promise<ChargeCheck> {
  const code = input.confirmationCode?.trim();
  if (!code) return { ok: false, reason: "Twilio reported success without a confirmation code." };
  const stripe = getStripe();
  if (!stripe || !input.stripeAccountId)
    return { ok: false, reason: "No connected Stripe account to confirm the charge on." };
  const opts = { stripeAccount: input.stripeAccountId };
  try {
    if (code.startsWith("pi_")) {
      const pi = await stripe.paymentIntents.retrieve(code, {}, opts);
      if (pi.status !== "succeeded") return { ok: false, reason: `The payment is ${pi.status} on Stripe.` };
      if (pi.amount_received !== input.amountCents || pi.currency !== input.currency)
        return { ok: false, reason: `Stripe shows ${pi.amount_received} ${pi.currency}, not the amount asked.` };
      const charge = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
      return { ok: true, paymentIntentId: pi.id, chargeId: charge };
    }
    if (code.startsWith("ch_") || code.startsWith("py_")) {
      const ch = await stripe.charges.retrieve(code, {}, opts);
      if (ch.status !== "succeeded" || !ch.paid) return { ok: false, reason: `The charge is ${ch.status} on Stripe.` };
      if (ch.amount !== input.amountCents || ch.currency !== input.currency)
        return { ok: false, reason: `Stripe shows ${ch.amount} ${ch.currency}, not the amount asked.` };
      const pi = typeof ch.payment_intent === "string" ? ch.payment_intent : (ch.payment_intent?.id ?? null);
      return { ok: true, paymentIntentId: pi, chargeId: ch.id };
    }
    return { ok: false, reason: "The confirmation code is not a Stripe payment id." };
  } catch (err) {
    if (isStripeApiError(err) && err.code === "resource_missing")
      return { ok: false, reason: "The charge is not on this organization's Stripe account." };
    log.warn({ err: err instanceof Error ? err.message : String(err) }, "could not confirm a phone payment on Stripe");
    return { ok: false, reason: "Stripe could not be reached to confirm the charge." };
  }
}

export interface SettledPhonePayment {
  id: string;
  amountCents: number;
  currency: string;
  customerId: string | null;
  rentalId: string | null;
  status: PhonePaymentStatus;
  outcome: PayOutcome;
  /** This call changed the attempt (false: a repeat of Twilio's request, or already settled). */
  fresh: boolean;
  stripePaymentIntentId: string | null;
  stripeChargeId: string | null;
  stripeAccountId: string | null;
}

/** The attempt, for a <Pay> action about it (same organization, same call). */
export async function findPhonePayment(tx: Transaction, organizationId: string, id: string, callSid: string) {
  const [row] = await tx
    .select()
    .from(phonePayment)
    .where(
      and(eq(phonePayment.organizationId, organizationId), eq(phonePayment.id, id), eq(phonePayment.callSid, callSid)),
    )
    .for("update");
  return row ?? null;
}

/**
 * Records the <Pay> result once. Pending (or abandoned: the call ended before Twilio's report) moves
 * to its outcome; anything already settled stays as it is and is reported back with fresh = false,
 * so a repeated request neither posts twice nor says something different. A success moves to
 * "succeeded" only with `check` confirming it on Stripe, else to "review".
 */
export async function settlePhonePayment(
  tx: Transaction,
  organizationId: string,
  input: { id: string; callSid: string; pay: PayResult; check: ChargeCheck | null; now?: Date },
): Promise<SettledPhonePayment | null> {
  const row = await findPhonePayment(tx, organizationId, input.id, input.callSid);
  if (!row) return null;
  const shape = (fresh: boolean, r: typeof row): SettledPhonePayment => ({
    id: r.id,
    amountCents: r.amountCents,
    currency: r.currency,
    customerId: r.customerId,
    rentalId: r.rentalId,
    status: r.status,
    outcome: outcomeOfRow(r.status, r.result),
    fresh,
    stripePaymentIntentId: r.stripePaymentIntentId,
    stripeChargeId: r.stripeChargeId,
    stripeAccountId: r.stripeAccountId,
  });
  const open = row.status === "pending" || row.status === "abandoned";
  // A late report that the caller hung up does not undo an outcome already known.
  if (!open || (row.status === "abandoned" && outcomeOf(input.pay.result) === "hung_up")) return shape(false, row);
  const outcome = outcomeOf(input.pay.result);
  const status: PhonePaymentStatus =
    outcome === "succeeded"
      ? input.check?.ok
        ? "succeeded"
        : "review"
      : outcome === "hung_up"
        ? "abandoned"
        : "failed";
  const [updated] = await tx
    .update(phonePayment)
    .set({
      status,
      result: input.pay.result.slice(0, 100),
      errorMessage:
        status === "review" && input.check && !input.check.ok
          ? input.check.reason
          : (input.pay.error?.slice(0, 500) ?? null),
      cardBrand: input.pay.cardBrand?.slice(0, 40) ?? null,
      stripePaymentIntentId: input.check?.ok ? input.check.paymentIntentId : null,
      stripeChargeId: input.check?.ok ? input.check.chargeId : null,
      settledAt: input.now ?? new Date(),
    })
    .where(
      and(
        eq(phonePayment.organizationId, organizationId),
        eq(phonePayment.id, row.id),
        inArray(phonePayment.status, ["pending", "abandoned"]),
      ),
    )
    .returning();
  return shape(true, updated!);
}

/**
 * A confirmed phone payment goes into the ledger (the rental's balance drops) in the transaction that
 * settled it, as a card payment with its Stripe ids: the ledger's own idempotency on the
 * PaymentIntent means a Connect webhook about the same charge never posts it a second time. When it
 * cannot be posted (the rental or customer is gone, the ledger refuses it) the money was still taken:
 * the attempt goes to review, with the reason, for staff (in a savepoint, so the rest stands).
 */
export async function postPhonePayment(
  tx: Transaction,
  organizationId: string,
  p: SettledPhonePayment,
): Promise<{ posted: true } | { posted: false; reason: string }> {
  if (p.status !== "succeeded" || !p.stripePaymentIntentId || !p.stripeAccountId)
    return { posted: false, reason: "The payment has no confirmed Stripe charge." };
  const reason = !p.customerId || !p.rentalId ? "The customer or rental is no longer on file." : null;
  if (!reason) {
    try {
      await tx.transaction((sp) =>
        recordPaymentReceived(
          sp,
          organizationId,
          { label: "agent" },
          {
            customerId: p.customerId!,
            rentalId: p.rentalId!,
            amountCents: p.amountCents,
            currency: p.currency,
            method: "card",
            source: "app",
            stripe: {
              accountId: p.stripeAccountId!,
              paymentIntentId: p.stripePaymentIntentId!,
              chargeId: p.stripeChargeId,
            },
            description: "Payment by phone",
          },
        ),
      );
      return { posted: true };
    } catch (err) {
      log.error({ err: err instanceof Error ? err.message : String(err), paymentId: p.id }, "phone payment not posted");
      return markReview(tx, organizationId, p, "The ledger refused the payment; it was charged but not posted.");
    }
  }
  return markReview(tx, organizationId, p, reason);
}

async function markReview(tx: Transaction, organizationId: string, p: SettledPhonePayment, reason: string) {
  await tx
    .update(phonePayment)
    .set({ status: "review", errorMessage: reason })
    .where(and(eq(phonePayment.organizationId, organizationId), eq(phonePayment.id, p.id)));
  p.status = "review";
  p.outcome = "review";
  return { posted: false as const, reason };
}

/**
 * The call ended while a <Pay> was still open (the caller hung up mid-entry and no result came):
 * the attempt is abandoned. Nothing was charged unless Twilio's report still comes, which settles it.
 */
export async function abandonOpenPhonePayments(tx: Transaction, organizationId: string, conversationId: string) {
  return tx
    .update(phonePayment)
    .set({ status: "abandoned", result: "call-ended", settledAt: new Date() })
    .where(
      and(
        eq(phonePayment.organizationId, organizationId),
        eq(phonePayment.conversationId, conversationId),
        eq(phonePayment.status, "pending"),
      ),
    )
    .returning({ id: phonePayment.id, amountCents: phonePayment.amountCents });
}

function outcomeOfRow(status: PhonePaymentStatus, result: string | null): PayOutcome {
  if (status === "succeeded") return "succeeded";
  if (status === "review") return "review";
  if (status === "abandoned") return "hung_up";
  return outcomeOf(result ?? "");
}
