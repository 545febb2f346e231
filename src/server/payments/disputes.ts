import "server-only";

/**
 * Disputes (chargebacks) on card payments, from the Connect webhook (`charge.dispute.created`,
 * `.updated`, `.closed`). The handler re-reads the dispute from Stripe, so whichever event arrives,
 * in whatever order and however often, this applies Stripe's current state:
 *
 * - the dispute row (amount, reason, status, evidence due by) is created or brought up to date;
 * - the ledger follows the outcome: a lost dispute reverses the disputed amount (a `refund` entry of
 *   category `dispute`: the customer owes it again), and a dispute won after a loss was posted
 *   restores it (a `credit`). While the dispute is open the balance is unchanged; Stripe holds the
 *   money, and the payment shows the dispute and its deadline;
 * - a new dispute, and its outcome, raise a `payment.disputed` event (the owner's alert).
 *
 * Everything runs under the payment's row lock, the lock refunds take, so two events for one
 * dispute delivered at once apply one after the other.
 */
import { and, eq, like } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { DISPUTE_STATUSES, ledgerEntry, payment, paymentDispute, type DisputeStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { recordEvent } from "@/server/events/record";
import type { Stripe } from "@/server/integrations/stripe";

const STRIPE_ACTOR: Actor = { label: "stripe" };
const CLOSED: readonly DisputeStatus[] = ["won", "lost", "warning_closed", "prevented"];

export type DisputeResult = "dispute_recorded" | "dispute_updated" | "dispute_unchanged" | "ignored";

export async function applyDispute(
  tx: Executor,
  organizationId: string,
  account: string,
  d: Stripe.Dispute,
): Promise<DisputeResult> {
  const piId = typeof d.payment_intent === "string" ? d.payment_intent : (d.payment_intent?.id ?? null);
  const chargeId = typeof d.charge === "string" ? d.charge : (d.charge?.id ?? null);
  const where = piId
    ? eq(payment.stripePaymentIntentId, piId)
    : chargeId
      ? eq(payment.stripeChargeId, chargeId)
      : undefined;
  if (!where) return "ignored";
  const [p] = await tx
    .select()
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), where))
    .for("update");
  // A charge that is not one of our payments (made in the operator's own shop): not ours to track.
  if (!p || p.stripeAccountId !== account) return "ignored";

  const status: DisputeStatus = (DISPUTE_STATUSES as readonly string[]).includes(d.status)
    ? (d.status as DisputeStatus)
    : "needs_response";
  const dueBy = d.evidence_details?.due_by ? new Date(d.evidence_details.due_by * 1000) : null;
  const fields = {
    amountCents: d.amount,
    currency: d.currency,
    reason: d.reason ?? "",
    status,
    evidenceDueBy: dueBy,
  };
  const [existing] = await tx
    .select()
    .from(paymentDispute)
    .where(and(eq(paymentDispute.organizationId, organizationId), eq(paymentDispute.stripeDisputeId, d.id)));
  let row: typeof paymentDispute.$inferSelect | undefined;
  if (!existing) {
    [row] = await tx
      .insert(paymentDispute)
      .values({
        organizationId,
        paymentId: p.id,
        stripeDisputeId: d.id,
        stripeAccountId: account,
        ...fields,
        openedAt: new Date((d.created ?? Math.floor(Date.now() / 1000)) * 1000),
        closedAt: CLOSED.includes(status) ? new Date() : null,
      })
      .returning();
  } else {
    const changed =
      existing.status !== status ||
      existing.amountCents !== d.amount ||
      existing.reason !== fields.reason ||
      existing.evidenceDueBy?.getTime() !== dueBy?.getTime();
    if (!changed) {
      const posted = await followOutcome(tx, organizationId, p, existing);
      return posted ? "dispute_updated" : "dispute_unchanged";
    }
    [row] = await tx
      .update(paymentDispute)
      .set({
        ...fields,
        closedAt: CLOSED.includes(status) ? (existing.closedAt ?? new Date()) : null,
      })
      .where(and(eq(paymentDispute.organizationId, organizationId), eq(paymentDispute.id, existing.id)))
      .returning();
  }
  await followOutcome(tx, organizationId, p, row!);
  const opened = !existing;
  const closedNow = CLOSED.includes(status) && (!existing || !CLOSED.includes(existing.status));
  if (opened || closedNow)
    await recordEvent(tx, {
      type: "payment.disputed",
      organizationId,
      paymentId: p.id,
      disputeId: row!.id,
      status,
      // A dispute first seen already closed (its earlier events lost) alerts once, as closed.
      stage: closedNow ? "closed" : "opened",
    });
  return opened ? "dispute_recorded" : "dispute_updated";
}

/**
 * The ledger's reversal for this dispute made to match its status: the disputed amount when lost,
 * nothing otherwise. Entries are named `dispute:<id>:<n>`, so redeliveries post nothing new and a
 * later change of outcome posts only the difference. Returns whether anything was posted.
 */
async function followOutcome(
  tx: Executor,
  organizationId: string,
  p: typeof payment.$inferSelect,
  d: typeof paymentDispute.$inferSelect,
): Promise<boolean> {
  const prefix = `dispute:${d.stripeDisputeId}:`;
  const entries = await tx
    .select({ kind: ledgerEntry.kind, amountCents: ledgerEntry.amountCents })
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.organizationId, organizationId),
        eq(ledgerEntry.source, "stripe"),
        like(ledgerEntry.externalId, `${prefix}%`),
      ),
    );
  const reversed = entries.reduce((s, e) => s + (e.kind === "refund" ? e.amountCents : -e.amountCents), 0);
  const wanted = d.status === "lost" ? Math.min(d.amountCents, p.amountCents) : 0;
  const diff = wanted - reversed;
  if (diff === 0) return false;
  const reason = d.reason ? ` (${d.reason.replace(/_/g, " ")})` : "";
  const { posted } = await postLedgerEntries(tx, organizationId, STRIPE_ACTOR, [
    {
      customerId: p.customerId,
      rentalId: p.rentalId,
      reservationId: p.reservationId,
      kind: diff > 0 ? "refund" : "credit",
      category: "dispute",
      amountCents: Math.abs(diff),
      description:
        diff > 0 ? `Dispute lost${reason}: card payment reversed` : `Dispute won${reason}: card payment restored`,
      paymentId: p.id,
      source: "stripe",
      externalId: `${prefix}${entries.length + 1}`,
    },
  ]);
  return posted.length > 0;
}
