import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { LEDGER_SOURCES, PAYMENT_METHODS, payment } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { recordEvent } from "@/server/events/record";

import { ledgerBalance } from "./balance";
import { postLedgerEntries } from "./post-entries";
import { coercedDate } from "@/lib/zod-dates";

export type PaymentRow = typeof payment.$inferSelect;

const ZStripeRefs = z.object({
  accountId: z.string().min(1),
  paymentIntentId: z.string().min(1),
  chargeId: z.string().min(1).nullish(),
  checkoutSessionId: z.string().min(1).nullish(),
});

export const ZReceivedPayment = z
  .object({
    customerId: z.uuid(),
    rentalId: z.uuid().nullish(),
    reservationId: z.uuid().nullish(),
    facilityId: z.uuid().nullish(),
    amountCents: z.number().int().positive().max(100_000_000),
    currency: z.string().length(3).default("usd"),
    method: z.enum(PAYMENT_METHODS),
    receivedAt: coercedDate().optional(),
    source: z.enum(LEDGER_SOURCES).default("app"),
    /** The source's own id (a PMS payment id): the same one twice records one payment. */
    externalId: z.string().trim().min(1).max(200).nullish(),
    stripe: ZStripeRefs.nullish(),
    paymentLinkId: z.uuid().nullish(),
    platformFeeCents: z.number().int().min(0).default(0),
    description: z.string().trim().max(500).optional(),
    /**
     * How the payment splits over rentals and reservations (a balance link paying two units): one
     * ledger entry each, summing to the amount. Default: all of it to the payment's rental or reservation.
     */
    allocations: z
      .array(
        z.object({
          rentalId: z.uuid().nullish(),
          reservationId: z.uuid().nullish(),
          amountCents: z.number().int().positive(),
          description: z.string().trim().max(500).optional(),
        }),
      )
      .max(50)
      .optional(),
  })
  .refine((p) => p.rentalId || p.reservationId, { message: "A payment is for a rental or a reservation." })
  .refine((p) => !p.allocations || p.allocations.reduce((s, a) => s + a.amountCents, 0) === p.amountCents, {
    message: "The allocations must add up to the amount.",
  });
export type ReceivedPaymentInput = z.input<typeof ZReceivedPayment>;

/**
 * Money received: the payment row (status succeeded) and its ledger entry, in the caller's
 * transaction, plus the audit row and the `payment.succeeded` event (receipt, outbound webhook).
 * Idempotent on the Stripe PaymentIntent (or the source's external id): a second call returns the
 * first payment with `duplicate: true`; an attempt recorded as failed earlier becomes succeeded.
 */
export async function recordPaymentReceived(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: ReceivedPaymentInput,
): Promise<{ payment: PaymentRow; duplicate: boolean; balanceCents: number }> {
  const parsed = ZReceivedPayment.safeParse(input);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const v = parsed.data;
  const existing = await findExisting(tx, organizationId, v);
  if (existing && existing.status !== "pending" && existing.status !== "failed")
    return { payment: existing, duplicate: true, balanceCents: await balanceFor(tx, organizationId, existing) };

  const values = {
    organizationId,
    customerId: v.customerId,
    rentalId: v.rentalId ?? null,
    reservationId: v.reservationId ?? null,
    amountCents: v.amountCents,
    currency: v.currency,
    method: v.method,
    status: "succeeded" as const,
    platformFeeCents: v.platformFeeCents,
    source: v.source,
    externalId: v.externalId ?? null,
    stripeAccountId: v.stripe?.accountId ?? null,
    stripePaymentIntentId: v.stripe?.paymentIntentId ?? null,
    stripeChargeId: v.stripe?.chargeId ?? null,
    stripeCheckoutSessionId: v.stripe?.checkoutSessionId ?? null,
    paymentLinkId: v.paymentLinkId ?? null,
    failureMessage: null,
    receivedAt: v.receivedAt ?? new Date(),
  };
  let p: PaymentRow | undefined;
  if (existing) {
    [p] = await tx
      .update(payment)
      .set(values)
      .where(and(eq(payment.organizationId, organizationId), eq(payment.id, existing.id)))
      .returning();
  } else {
    [p] = await tx.insert(payment).values(values).onConflictDoNothing().returning();
    // A concurrent transaction recorded the same PaymentIntent first (we waited for its commit).
    if (!p) {
      const again = await findExisting(tx, organizationId, v);
      if (!again) throw new DomainError("CONFLICT", "The payment conflicts with another one.");
      return { payment: again, duplicate: true, balanceCents: await balanceFor(tx, organizationId, again) };
    }
  }
  const parts = v.allocations ?? [{ rentalId: v.rentalId, reservationId: v.reservationId, amountCents: v.amountCents }];
  await postLedgerEntries(
    tx,
    organizationId,
    actor,
    parts.map((a, i) => ({
      customerId: v.customerId,
      rentalId: a.rentalId,
      reservationId: a.reservationId,
      facilityId: v.facilityId,
      kind: "payment" as const,
      category: "payment" as const,
      amountCents: a.amountCents,
      description: ("description" in a && a.description) || v.description || `Payment (${v.method})`,
      paymentId: p!.id,
      source: v.source,
      externalId: i === 0 ? `payment:${p!.id}` : `payment:${p!.id}:${i}`,
      effectiveAt: values.receivedAt,
    })),
  );
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "payment.recorded",
    targetType: "payment",
    targetId: p!.id,
    data: { amountCents: v.amountCents, method: v.method, rentalId: v.rentalId, reservationId: v.reservationId },
  });
  await recordEvent(tx, { type: "payment.succeeded", organizationId, paymentId: p!.id });
  return { payment: p!, duplicate: false, balanceCents: await balanceFor(tx, organizationId, p!) };
}

/**
 * A card attempt that failed: recorded once per PaymentIntent (a later success of the same intent
 * turns it into a payment), never over a payment that already succeeded. No ledger entry.
 */
export async function recordPaymentFailed(
  tx: Executor,
  organizationId: string,
  input: ReceivedPaymentInput & { failureMessage: string },
): Promise<{ payment: PaymentRow; duplicate: boolean }> {
  const parsed = ZReceivedPayment.safeParse(input);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const v = parsed.data;
  const existing = await findExisting(tx, organizationId, v);
  if (existing) return { payment: existing, duplicate: true };
  const [p] = await tx
    .insert(payment)
    .values({
      organizationId,
      customerId: v.customerId,
      rentalId: v.rentalId ?? null,
      reservationId: v.reservationId ?? null,
      amountCents: v.amountCents,
      currency: v.currency,
      method: v.method,
      status: "failed",
      source: v.source,
      externalId: v.externalId ?? null,
      stripeAccountId: v.stripe?.accountId ?? null,
      stripePaymentIntentId: v.stripe?.paymentIntentId ?? null,
      stripeChargeId: v.stripe?.chargeId ?? null,
      stripeCheckoutSessionId: v.stripe?.checkoutSessionId ?? null,
      paymentLinkId: v.paymentLinkId ?? null,
      failureMessage: input.failureMessage.slice(0, 500),
      receivedAt: v.receivedAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning();
  if (!p) return { payment: (await findExisting(tx, organizationId, v))!, duplicate: true };
  await recordEvent(tx, { type: "payment.failed", organizationId, paymentId: p.id });
  return { payment: p, duplicate: false };
}

export const ZRefund = z.object({
  paymentId: z.uuid(),
  amountCents: z.number().int().positive().max(100_000_000),
  reason: z.string().trim().max(500).default(""),
  source: z.enum(LEDGER_SOURCES).default("app"),
  /** The refund's own id (Stripe's re_…): the same refund twice posts once. */
  externalId: z.string().trim().min(1).max(200).nullish(),
});
export type RefundInput = z.input<typeof ZRefund>;

/**
 * Money given back on a payment: a "refund" ledger entry (the customer owes it again unless a credit
 * goes with it), the payment's refunded total and status, an audit row, `payment.refunded`.
 * Refused beyond what is left of the payment. Idempotent on `externalId`.
 */
export async function recordRefund(tx: Executor, organizationId: string, actor: Actor, input: RefundInput) {
  const parsed = ZRefund.safeParse(input);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const v = parsed.data;
  const [p] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, v.paymentId)))
    .for("update");
  if (!p) throw notFound("Payment");
  if (p.status !== "succeeded" && p.status !== "partially_refunded" && p.status !== "refunded")
    throw new DomainError("CONFLICT", `A ${p.status} payment cannot be refunded.`);
  const { posted } = await postLedgerEntries(tx, organizationId, actor, [
    {
      customerId: p.customerId,
      rentalId: p.rentalId,
      reservationId: p.reservationId,
      kind: "refund",
      category: "refund",
      amountCents: v.amountCents,
      description: v.reason ? `Refund: ${v.reason}` : "Refund",
      paymentId: p.id,
      source: v.source,
      externalId: v.externalId ?? null,
    },
  ]);
  // Checked after the idempotent insert, so a repeat of a refund already counted is not refused.
  if (posted.length === 0) return { payment: p, duplicate: true as const, ledgerEntryId: null };
  if (p.refundedCents + v.amountCents > p.amountCents)
    throw new DomainError(
      "BAD_REQUEST",
      `Only ${p.amountCents - p.refundedCents} cents of this payment are left to refund.`,
    );
  const refundedCents = p.refundedCents + v.amountCents;
  const [updated] = await tx
    .update(payment)
    .set({ refundedCents, status: refundedCents === p.amountCents ? "refunded" : "partially_refunded" })
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, p.id)))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "payment.refunded",
    targetType: "payment",
    targetId: p.id,
    data: { amountCents: v.amountCents, reason: v.reason, externalId: v.externalId },
  });
  await recordEvent(tx, {
    type: "payment.refunded",
    organizationId,
    paymentId: p.id,
    ledgerEntryId: posted[0]!.id,
    amountCents: v.amountCents,
  });
  return { payment: updated!, duplicate: false as const, ledgerEntryId: posted[0]!.id };
}

async function findExisting(
  tx: Executor,
  organizationId: string,
  v: { stripe?: { paymentIntentId: string } | null; source: string; externalId?: string | null },
): Promise<PaymentRow | undefined> {
  const where = v.stripe
    ? eq(payment.stripePaymentIntentId, v.stripe.paymentIntentId)
    : v.externalId
      ? and(eq(payment.source, v.source as PaymentRow["source"]), eq(payment.externalId, v.externalId))
      : null;
  if (!where) return undefined;
  const [p] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), where))
    .for("update");
  return p;
}

function balanceFor(tx: Executor, organizationId: string, p: PaymentRow) {
  return p.rentalId
    ? ledgerBalance(tx, organizationId, { rentalId: p.rentalId })
    : ledgerBalance(tx, organizationId, { customerId: p.customerId });
}

/** A customer's payments, newest first. */
export function listCustomerPayments(tx: Executor, organizationId: string, customerId: string, limit = 100) {
  return tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.customerId, customerId)))
    .orderBy(sql`${payment.receivedAt} desc`)
    .limit(limit);
}
