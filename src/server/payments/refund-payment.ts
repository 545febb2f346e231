/**
 * Staff (owners and admins) give money back on a payment, in full or in part, with a reason.
 *
 * A card payment is refunded through Stripe on the connected account it was charged on, and the
 * refund is posted to the ledger with Stripe's refund id, the same key the `charge.refunded` webhook
 * uses, so the webhook (or a refund made in Stripe's own dashboard) never posts it twice. The payment
 * row stays locked from the check to the commit: a double click, a second tab and the webhook for
 * this payment wait their turn and then see the first refund. The caller's request key goes to
 * Stripe as the idempotency key and into the refund's metadata, so a repeat of the same request
 * returns the first refund instead of making a second one, even when the first used up the payment.
 *
 * A payment recorded by hand here (cash, check) has no processor to refund through: the refund is
 * recorded on the ledger and staff hand the money back themselves. A PMS's payment is the PMS's to
 * refund.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import { withOrg, type Executor } from "@/server/db/client";
import { ledgerEntry, payment, paymentDispute } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { recordRefund, type PaymentRow } from "@/server/domain/ledger/payments";
import { formatCents } from "@/server/domain/pricing/money";
import type { Stripe } from "@/server/integrations/stripe";

import { currentConnectAccount, requirePaymentsStripe, upstream } from "./connect-account";

export const ZRefundPayment = z.object({
  paymentId: z.uuid(),
  /** Cents to give back; default: all that is left of the payment. */
  amountCents: z.number().int().positive("The refund must be more than $0.00.").max(100_000_000).optional(),
  reason: z.string().trim().min(3, "Say why the payment is refunded.").max(500),
  /** One per refund the user means to make (a dialog opening): the same key twice refunds once. */
  requestKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,100}$/, "The request key is 8 to 100 letters, digits, - or _.")
    .optional(),
});
export type RefundPaymentInput = z.input<typeof ZRefundPayment>;

export interface RefundPaymentResult {
  payment: PaymentRow;
  refundedCents: number;
  /** Stripe's refund id (re_…), or null for a payment recorded by hand. */
  stripeRefundId: string | null;
  /** Through Stripe, or only recorded (money handed back outside Stripe). */
  via: "stripe" | "recorded";
  /** The same request was made before: nothing new was refunded. */
  duplicate: boolean;
}

const OPEN_DISPUTE = ["warning_needs_response", "warning_under_review", "needs_response", "under_review"] as const;
const REFUNDABLE = ["succeeded", "partially_refunded", "refunded"];

/** The dashboard's refund (tRPC payments.refund): a transaction of its own. */
export async function refundPayment(
  organizationId: string,
  actor: Actor,
  raw: RefundPaymentInput,
): Promise<RefundPaymentResult> {
  const out = await withOrg(organizationId, (tx) => refundPaymentIn(tx, organizationId, actor, raw));
  // Refused after refunds made in Stripe's dashboard were posted: those are kept, the refusal said.
  if (out instanceof DomainError) throw out;
  return out;
}

/**
 * The same refund in the caller's transaction (the public API's, which records its idempotent answer
 * with it). Bad input and most refusals throw; a refusal that comes after refunds made in Stripe's
 * dashboard were posted is returned instead, so a caller that commits before saying it keeps them.
 */
export async function refundPaymentIn(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: RefundPaymentInput,
): Promise<RefundPaymentResult | DomainError> {
  const parsed = ZRefundPayment.safeParse(raw);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const input = parsed.data;
  const p = await lockPayment(tx, organizationId, input.paymentId);
  if (!REFUNDABLE.includes(p.status))
    throw new DomainError("CONFLICT", `A ${p.status.replace("_", " ")} payment cannot be refunded.`);
  if (p.source === "pms")
    throw new DomainError(
      "CONFLICT",
      "This payment was recorded by your property management system: refund it there, and the refund reaches the ledger with its next sync.",
    );
  if (!p.stripePaymentIntentId) return recordManualRefund(tx, organizationId, actor, p, input);
  return refundThroughStripe(tx, organizationId, actor, p, input);
}

async function lockPayment(tx: Executor, organizationId: string, paymentId: string): Promise<PaymentRow> {
  const [p] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.id, paymentId)))
    .for("update");
  if (!p) throw notFound("Payment");
  return p;
}

function amountToRefund(p: PaymentRow, asked: number | undefined): number {
  const left = p.amountCents - p.refundedCents;
  if (left <= 0) throw new DomainError("CONFLICT", "This payment has been refunded in full already.");
  const amount = asked ?? left;
  if (amount > left)
    throw new DomainError(
      "BAD_REQUEST",
      `Only ${formatCents(left)} of this ${formatCents(p.amountCents)} payment is left to refund.`,
    );
  return amount;
}

async function recordManualRefund(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  p: PaymentRow,
  input: z.output<typeof ZRefundPayment>,
): Promise<RefundPaymentResult> {
  // The request key names the ledger entry: the same request twice posts once.
  const externalId = input.requestKey ? `refund:${p.id}:${input.requestKey}` : null;
  if (externalId) {
    const again = await manualRefundNamed(tx, organizationId, p, externalId);
    if (again) return again;
  }
  const amount = amountToRefund(p, input.amountCents);
  const r = await recordRefund(tx, organizationId, actor, {
    paymentId: p.id,
    amountCents: amount,
    reason: input.reason,
    source: "app",
    externalId,
  });
  return { payment: r.payment, refundedCents: amount, stripeRefundId: null, via: "recorded", duplicate: false };
}

/** A manual refund already posted under this request key, as the result of a repeat; else null. */
async function manualRefundNamed(
  tx: Executor,
  organizationId: string,
  p: PaymentRow,
  externalId: string,
): Promise<RefundPaymentResult | null> {
  const [e] = await tx
    .select({ amountCents: ledgerEntry.amountCents })
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.organizationId, organizationId),
        eq(ledgerEntry.source, "app"),
        eq(ledgerEntry.externalId, externalId),
      ),
    );
  return e
    ? { payment: p, refundedCents: e.amountCents, stripeRefundId: null, via: "recorded", duplicate: true }
    : null;
}

async function refundThroughStripe(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  p: PaymentRow,
  input: z.output<typeof ZRefundPayment>,
): Promise<RefundPaymentResult | DomainError> {
  const stripe = requirePaymentsStripe();
  const account = await currentConnectAccount(tx, organizationId);
  if (!account)
    throw new DomainError(
      "PRECONDITION_FAILED",
      "Stripe is not connected: connect your Stripe account in Settings > Payments, or refund the payment from your Stripe Dashboard.",
    );
  if (!p.stripeAccountId || account.stripeAccountId !== p.stripeAccountId)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `This payment was taken on another Stripe account (${p.stripeAccountId ?? "unknown"}) than the one connected now: refund it from that account's Stripe Dashboard.`,
    );
  const [dispute] = await tx
    .select({ id: paymentDispute.id })
    .from(paymentDispute)
    .where(
      and(
        eq(paymentDispute.organizationId, organizationId),
        eq(paymentDispute.paymentId, p.id),
        inArray(paymentDispute.status, [...OPEN_DISPUTE]),
      ),
    );
  if (dispute)
    throw new DomainError(
      "CONFLICT",
      "This payment is disputed by the customer's bank: it cannot be refunded while the dispute is open (answer the dispute in your Stripe Dashboard).",
    );

  const stripeAccount = p.stripeAccountId;
  // Stripe's own record first: refunds made in its dashboard whose webhook has not come yet are
  // posted now (the remaining amount is then right), and a repeat of this request is recognised.
  const charge = await loadCharge(stripe, p, stripeAccount);
  let current = p;
  for (const r of charge?.refunds?.data ?? []) {
    if (r.status !== "succeeded" && r.status !== "pending") continue;
    const out = await recordRefund(
      tx,
      organizationId,
      { label: "stripe" },
      {
        paymentId: p.id,
        amountCents: r.amount,
        reason: r.metadata?.reason || r.reason || "",
        source: "stripe",
        externalId: r.id,
      },
    );
    current = out.payment;
    if (input.requestKey && r.metadata?.request_key === input.requestKey)
      return { payment: current, refundedCents: r.amount, stripeRefundId: r.id, via: "stripe", duplicate: true };
  }
  current = await lockPayment(tx, organizationId, p.id);
  let amount: number;
  try {
    amount = amountToRefund(current, input.amountCents);
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }

  let refund: Stripe.Refund;
  try {
    refund = await stripe.refunds.create(
      {
        payment_intent: p.stripePaymentIntentId!,
        amount,
        reason: "requested_by_customer",
        metadata: {
          organization_id: organizationId,
          payment_id: p.id,
          reason: input.reason,
          requested_by: actor.label,
          ...(input.requestKey ? { request_key: input.requestKey } : {}),
        },
      },
      {
        stripeAccount,
        ...(input.requestKey ? { idempotencyKey: `refund:${p.id}:${input.requestKey}` } : {}),
      },
    );
  } catch (err) {
    upstream(err, "refund the payment");
  }
  if (refund.status === "failed" || refund.status === "canceled")
    throw new DomainError(
      "UPSTREAM_FAILURE",
      `Stripe could not refund the payment${refund.failure_reason ? ` (${refund.failure_reason.replace(/_/g, " ")})` : ""}.`,
    );
  const out = await recordRefund(tx, organizationId, actor, {
    paymentId: p.id,
    amountCents: refund.amount,
    reason: input.reason,
    source: "stripe",
    externalId: refund.id,
  });
  return {
    payment: out.payment,
    refundedCents: refund.amount,
    stripeRefundId: refund.id,
    via: "stripe",
    duplicate: out.duplicate,
  };
}

async function loadCharge(stripe: Stripe, p: PaymentRow, stripeAccount: string): Promise<Stripe.Charge | null> {
  try {
    let chargeId = p.stripeChargeId;
    if (!chargeId) {
      const pi = await stripe.paymentIntents.retrieve(p.stripePaymentIntentId!, {}, { stripeAccount });
      chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);
    }
    if (!chargeId) return null;
    return await stripe.charges.retrieve(chargeId, { expand: ["refunds"] }, { stripeAccount });
  } catch (err) {
    upstream(err, "read the payment");
  }
}
