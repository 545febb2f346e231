import { and, eq } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import {
  DISPUTE_STATUSES,
  LEDGER_SOURCES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  payment,
  paymentDispute,
} from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

/** The public JSON of a payment (REST, GraphQL, and the payment.* webhook events' `data`). */
export const ZPaymentJson = z
  .object({
    id: z.uuid(),
    customer_id: z.uuid(),
    rental_id: z.uuid().nullable(),
    reservation_id: z.uuid().nullable(),
    amount_cents: z.number().int().describe("What was charged, in cents."),
    refunded_cents: z.number().int().describe("How much of it was given back, in cents."),
    currency: z.string().describe("ISO 4217, lower case."),
    method: z.enum(PAYMENT_METHODS),
    status: z.enum(PAYMENT_STATUSES),
    source: z
      .enum(LEDGER_SOURCES)
      .describe("app: recorded here; stripe: a card payment through a link; pms: mirrored."),
    payment_link_id: z.uuid().nullable(),
    stripe_payment_intent_id: z.string().nullable(),
    failure_message: z.string().nullable(),
    received_at: z.iso.datetime(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "Payment" });
export type PaymentJson = z.infer<typeof ZPaymentJson>;

export function toPaymentJson(p: typeof payment.$inferSelect): PaymentJson {
  return {
    id: p.id,
    customer_id: p.customerId,
    rental_id: p.rentalId,
    reservation_id: p.reservationId,
    amount_cents: p.amountCents,
    refunded_cents: p.refundedCents,
    currency: p.currency,
    method: p.method,
    status: p.status,
    source: p.source,
    payment_link_id: p.paymentLinkId,
    stripe_payment_intent_id: p.stripePaymentIntentId,
    failure_message: p.failureMessage,
    received_at: p.receivedAt.toISOString(),
    created_at: p.createdAt.toISOString(),
  };
}

export async function loadPaymentJson(tx: Executor, organizationId: string, paymentId: string): Promise<PaymentJson> {
  const [p] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, paymentId)));
  if (!p) throw notFound("Payment");
  return toPaymentJson(p);
}

/** A customer's bank disputing a card payment (a chargeback), as Stripe reports it now. */
export const ZPaymentDisputeJson = z
  .object({
    id: z.uuid(),
    stripe_dispute_id: z.string(),
    amount_cents: z.number().int().describe("The disputed amount, in cents."),
    currency: z.string().describe("ISO 4217, lower case."),
    reason: z.string().describe("Stripe's reason code: fraudulent, product_not_received, duplicate, ..."),
    status: z
      .enum(DISPUTE_STATUSES)
      .describe("Stripe's status. lost: the payment is reversed on the ledger (the customer owes it again)."),
    evidence_due_by: z.iso.datetime().nullable().describe("When evidence must reach Stripe (answer it in Stripe)."),
    opened_at: z.iso.datetime(),
    closed_at: z.iso.datetime().nullable().describe("null while the dispute is open."),
  })
  .meta({ id: "PaymentDispute" });

/** The `data` of payment.disputed: the payment, with the dispute the event is about. */
export const ZDisputedPaymentJson = ZPaymentJson.extend({ dispute: ZPaymentDisputeJson }).meta({
  id: "DisputedPayment",
});
export type DisputedPaymentJson = z.infer<typeof ZDisputedPaymentJson>;

export async function loadDisputedPaymentJson(
  tx: Executor,
  organizationId: string,
  paymentId: string,
  disputeId: string,
): Promise<DisputedPaymentJson> {
  const [d] = await tx
    .select()
    .from(paymentDispute)
    .where(
      and(
        eq(paymentDispute.organizationId, organizationId),
        eq(paymentDispute.id, disputeId),
        eq(paymentDispute.paymentId, paymentId),
      ),
    );
  if (!d) throw notFound("Dispute");
  return {
    ...(await loadPaymentJson(tx, organizationId, paymentId)),
    dispute: {
      id: d.id,
      stripe_dispute_id: d.stripeDisputeId,
      amount_cents: d.amountCents,
      currency: d.currency,
      reason: d.reason,
      status: d.status,
      evidence_due_by: d.evidenceDueBy?.toISOString() ?? null,
      opened_at: d.openedAt.toISOString(),
      closed_at: d.closedAt?.toISOString() ?? null,
    },
  };
}
