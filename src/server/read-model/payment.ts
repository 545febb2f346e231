import { and, eq } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { LEDGER_SOURCES, PAYMENT_METHODS, PAYMENT_STATUSES, payment } from "@/server/db/schema";
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
