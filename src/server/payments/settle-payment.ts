import "server-only";

/**
 * A PaymentIntent's current state (re-read from Stripe by the webhook handlers) applied to our
 * records: a succeeded intent of one of our links becomes a payment on the ledger, once, whichever
 * of checkout.session.completed and payment_intent.succeeded arrives first or whether they arrive
 * together (the link's row lock orders them; the payment's unique PaymentIntent id backs it up).
 */
import { and, eq, isNull } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { paymentLink, rental } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { recordPaymentFailed, recordPaymentReceived } from "@/server/domain/ledger/payments";
import { postMoveInCharges } from "@/server/domain/ledger/quote-charges";
import type { QuoteLine } from "@/server/domain/pricing";
import type { Stripe } from "@/server/integrations/stripe";

import { cancelSiblingLinks, type LinkLine } from "./payment-links";

const STRIPE_ACTOR: Actor = { label: "stripe" };

export type SettleResult =
  | { result: "recorded"; paymentId: string }
  | { result: "duplicate"; paymentId: string }
  | { result: "failed_recorded"; paymentId: string }
  | { result: "ignored"; reason: string };

export async function settlePaymentIntent(
  tx: Executor,
  organizationId: string,
  accountId: string,
  pi: Stripe.PaymentIntent,
  checkoutSessionId: string | null,
): Promise<SettleResult> {
  const linkId = pi.metadata?.payment_link_id;
  if (!linkId || pi.metadata?.organization_id !== organizationId)
    return { result: "ignored", reason: "not a payment link of this organization" };
  const [link] = await tx
    .select()
    .from(paymentLink)
    .where(and(eq(paymentLink.organizationId, organizationId), eq(paymentLink.id, linkId)))
    .for("update");
  if (!link) return { result: "ignored", reason: "unknown payment link" };
  if (link.stripeAccountId !== accountId) return { result: "ignored", reason: "link of another account" };

  const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
  const stripeRefs = { accountId, paymentIntentId: pi.id, chargeId, checkoutSessionId };
  const target = await ledgerTarget(tx, organizationId, link);
  const base = {
    customerId: link.customerId,
    rentalId: target.rentalId,
    reservationId: target.reservationId,
    facilityId: link.facilityId,
    currency: pi.currency,
    method: "card" as const,
    source: "stripe" as const,
    stripe: stripeRefs,
    paymentLinkId: link.id,
  };

  if (pi.status !== "succeeded") {
    if (pi.status !== "requires_payment_method" && pi.status !== "canceled")
      return { result: "ignored", reason: `payment intent is ${pi.status}` };
    const failed = await recordPaymentFailed(tx, organizationId, {
      ...base,
      amountCents: pi.amount,
      failureMessage:
        pi.last_payment_error?.message ?? (pi.status === "canceled" ? "Payment canceled." : "Payment failed."),
    });
    return { result: failed.duplicate ? "duplicate" : "failed_recorded", paymentId: failed.payment.id };
  }

  const amount = pi.amount_received || pi.amount;
  // The move-in's charges go on the ledger with the payment (once: a move-in recorded meanwhile has them).
  if (link.purpose === "move_in" && link.reservationId)
    await postMoveInCharges(tx, organizationId, STRIPE_ACTOR, {
      customerId: link.customerId,
      facilityId: link.facilityId!,
      reservationId: link.reservationId,
      rentalId: target.rentalId,
      lines: link.lineItems as QuoteLine[],
    });
  const lines = link.lineItems as LinkLine[];
  const allocations =
    link.purpose === "balance" && amount === link.amountCents && lines.length > 1
      ? lines.map((l) => ({
          rentalId: l.rentalId ?? null,
          reservationId: l.reservationId ?? null,
          amountCents: l.amountCents,
          description: `Card payment: ${l.label}`,
        }))
      : undefined;
  const fee = typeof pi.application_fee_amount === "number" ? pi.application_fee_amount : 0;
  const paid = await recordPaymentReceived(tx, organizationId, STRIPE_ACTOR, {
    ...base,
    amountCents: amount,
    platformFeeCents: fee,
    allocations,
    description: `Card payment: ${link.description}`,
    receivedAt: new Date((pi.created ?? Math.floor(Date.now() / 1000)) * 1000),
  });
  if (link.status !== "paid" || !link.paymentId) {
    // Paid after the link expired (the session outlived it, or a tab stayed open): the money was
    // taken, so it is recorded all the same, and the link shows "already paid" from now on.
    await tx
      .update(paymentLink)
      .set({ status: "paid", paymentId: paid.payment.id, paidAt: new Date() })
      .where(and(eq(paymentLink.organizationId, organizationId), eq(paymentLink.id, link.id)));
    await cancelSiblingLinks(tx, link);
  }
  return { result: paid.duplicate ? "duplicate" : "recorded", paymentId: paid.payment.id };
}

/** Where a link's payment is posted: its rental, or the reservation's rental once it moved in, else the reservation. */
async function ledgerTarget(tx: Executor, organizationId: string, link: typeof paymentLink.$inferSelect) {
  if (link.rentalId) return { rentalId: link.rentalId, reservationId: null };
  if (!link.reservationId) return { rentalId: null, reservationId: null };
  const [r] = await tx
    .select({ id: rental.id })
    .from(rental)
    .where(
      and(
        eq(rental.organizationId, organizationId),
        eq(rental.reservationId, link.reservationId),
        isNull(rental.movedOutAt),
      ),
    );
  return { rentalId: r?.id ?? null, reservationId: link.reservationId };
}
