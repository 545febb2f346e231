import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { raiseEventAlert } from "@/server/alerts/events";
import { db, withOrg } from "@/server/db/client";
import {
  auditLog,
  emailOutbox,
  jobOutbox,
  ledgerEntry,
  payment,
  paymentDispute,
  stripeConnectAccount,
  webhookDelivery,
} from "@/server/db/schema";
import { ledgerBalance } from "@/server/domain/ledger/balance";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";
import { setOutboxKicks } from "@/server/jobs/outbox";
import { createEndpoint } from "@/server/webhooks/endpoints";

import { callerFor, seedMember } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR } from "../inventory/helpers";

import { connectedOrg, openLink, seedReservation, sessionIdOf } from "./helpers";

let h: StripeHarness;
beforeAll(async () => {
  // Alert and receipt workflows are checked as outbox rows (and the alert run by hand), not drained.
  setOutboxKicks(false);
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const result = (d: { body: string }) => JSON.parse(d.body).result as string;

/** A connected organization whose customer paid a reservation's move-in by link: the payment row. */
async function paidMoveIn() {
  const { org, account } = await connectedOrg(h);
  const owner = await callerFor(org.owner);
  const seeded = await seedReservation(org.id);
  const sent = await owner.payments.sendLink({ purpose: "move_in", reservationId: seeded.reservation.id });
  const opened = await openLink(sent.url);
  const { checkoutCompleted } = h.fake.connect.paySession(sessionIdOf(opened.location!));
  expect(result(await h.fake.connect.deliver(checkoutCompleted))).toBe("recorded");
  const [p] = await db.select().from(payment).where(eq(payment.organizationId, org.id));
  return { org, account, owner, ...seeded, payment: p! };
}

const balanceOf = (orgId: string, reservationId: string) =>
  withOrg(orgId, (tx) => ledgerBalance(tx, orgId, { reservationId }));

async function paymentRow(id: string) {
  const [p] = await db.select().from(payment).where(eq(payment.id, id));
  return p!;
}

const refundHooks = () => h.fake.connect.deliveries.filter((d) => d.type === "charge.refunded");

/** The charge.refunded webhooks the fake sends after a refund made through the API have all been answered. */
async function refundHooksAnswered(count: number) {
  for (let i = 0; i < 200 && refundHooks().length < count; i++) await new Promise((r) => setTimeout(r, 25));
  expect(refundHooks()).toHaveLength(count);
  return refundHooks();
}

describe("refunds from the dashboard", () => {
  it("refunds part through Stripe on the connected account, audited with the reason; the webhook adds nothing; a repeat refunds once", async () => {
    const { org, account, owner, reservation, payment: p } = await paidMoveIn();
    await withOrg(org.id, (tx) =>
      createEndpoint(tx, org.id, ACTOR, { url: "https://example.test/refund-hook", eventTypes: ["payment.refunded"] }),
    );
    expect(await balanceOf(org.id, reservation.id)).toBe(0);
    const hooksBefore = refundHooks().length;

    const key = "refund-dialog-0001";
    const out = await owner.payments.refund({
      paymentId: p.id,
      amountCents: 1_500,
      reason: "Charged the admin fee twice",
      requestKey: key,
    });
    expect(out).toMatchObject({ refundedCents: 1_500, status: "partially_refunded", via: "stripe", duplicate: false });
    const hook = await refundHooksAnswered(hooksBefore + 1);

    // Stripe made one refund, on the operator's account, for the amount asked, with our reason in metadata.
    const refunds = [...h.fake.connect.refunds.values()].filter((r) => r.payment_intent === p.stripePaymentIntentId);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({
      account,
      amount: 1_500,
      reason: "requested_by_customer",
      metadata: { reason: "Charged the admin fee twice", payment_id: p.id, request_key: key },
    });
    const req = h.fake.requests.find((r) => r.path === "/v1/refunds" && r.method === "POST");
    expect(req?.body).toMatchObject({ payment_intent: p.stripePaymentIntentId, amount: "1500" });
    // The charge.refunded webhook that followed found the refund recorded already.
    expect(hook.slice(hooksBefore).map(result)).toEqual(["duplicate"]);

    expect(await paymentRow(p.id)).toMatchObject({ refundedCents: 1_500, status: "partially_refunded" });
    expect(await balanceOf(org.id, reservation.id)).toBe(1_500);
    const entries = await db
      .select()
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.paymentId, p.id), eq(ledgerEntry.kind, "refund")));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      amountCents: 1_500,
      source: "stripe",
      description: "Refund: Charged the admin fee twice",
    });

    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "payment.refunded")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: org.owner.id, targetId: p.id });
    expect(audit[0]!.data).toMatchObject({ amountCents: 1_500, reason: "Charged the admin fee twice" });
    const hooks = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(hooks.map((d) => d.eventType)).toEqual(["payment.refunded"]);

    // A double click (the same dialog's key), at once and again later: still one refund.
    const repeats = await Promise.all([
      owner.payments.refund({
        paymentId: p.id,
        amountCents: 1_500,
        reason: "Charged the admin fee twice",
        requestKey: key,
      }),
      owner.payments.refund({
        paymentId: p.id,
        amountCents: 1_500,
        reason: "Charged the admin fee twice",
        requestKey: key,
      }),
    ]);
    expect(repeats.map((r) => r.duplicate)).toEqual([true, true]);
    expect(
      [...h.fake.connect.refunds.values()].filter((r) => r.payment_intent === p.stripePaymentIntentId),
    ).toHaveLength(1);
    expect(await paymentRow(p.id)).toMatchObject({ refundedCents: 1_500 });

    // The rest (no amount: all that is left), then nothing is left.
    const rest = await owner.payments.refund({ paymentId: p.id, reason: "Moved out before move-in day" });
    expect(rest).toMatchObject({
      refundedCents: p.amountCents - 1_500,
      status: "refunded",
      totalRefundedCents: p.amountCents,
    });
    expect((await refundHooksAnswered(hooksBefore + 2)).slice(-1).map(result)).toEqual(["duplicate"]);
    expect(await balanceOf(org.id, reservation.id)).toBe(p.amountCents);
    await expect(owner.payments.refund({ paymentId: p.id, amountCents: 1, reason: "More" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This payment has been refunded in full already.",
    });
  });

  it("refuses clearly and changes nothing: more than is left, no reason, staff, not connected, another account, a failed payment", async () => {
    const { org, account, owner, reservation, payment: p } = await paidMoveIn();
    const dollars = `$${(p.amountCents / 100).toFixed(2)}`;
    await expect(
      owner.payments.refund({ paymentId: p.id, amountCents: p.amountCents + 1, reason: "Too much" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `Only ${dollars} of this ${dollars} payment is left to refund.`,
    });
    await expect(owner.payments.refund({ paymentId: p.id, amountCents: 100, reason: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(owner.payments.refund({ paymentId: p.id, amountCents: 0, reason: "Zero" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const staff = await callerFor(await seedMember(org, "staff"));
    await expect(
      staff.payments.refund({ paymentId: p.id, amountCents: 100, reason: "Staff try" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const admin = await callerFor(await seedMember(org, "admin"));
    // A refund made in Stripe's dashboard whose webhook has not arrived yet is counted before the check.
    h.fake.connect.refund(account, p.stripeChargeId!, p.amountCents - 500);
    await expect(admin.payments.refund({ paymentId: p.id, amountCents: 600, reason: "Over" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: `Only $5.00 of this ${dollars} payment is left to refund.`,
    });
    expect(await paymentRow(p.id)).toMatchObject({ refundedCents: p.amountCents - 500, status: "partially_refunded" });

    // Disconnected: nothing goes to Stripe.
    await owner.payments.disconnect();
    const before = h.fake.connect.refunds.size;
    await expect(
      admin.payments.refund({ paymentId: p.id, amountCents: 100, reason: "After disconnect" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining("Stripe is not connected"),
    });
    // Connected again, to a different account: the payment's account is not it.
    await connectAnother(org.id, owner);
    await expect(
      admin.payments.refund({ paymentId: p.id, amountCents: 100, reason: "Other account" }),
    ).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringContaining(account),
    });
    expect(h.fake.connect.refunds.size).toBe(before);
    expect(await balanceOf(org.id, reservation.id)).toBe(p.amountCents - 500);

    // A failed card attempt is not refundable.
    const [failed] = await db
      .insert(payment)
      .values({
        organizationId: org.id,
        customerId: reservation.customerId,
        reservationId: reservation.id,
        amountCents: 900,
        method: "card",
        status: "failed",
        source: "stripe",
        stripeAccountId: account,
        stripePaymentIntentId: `pi_failed_${p.id.slice(0, 8)}`,
      })
      .returning();
    await expect(admin.payments.refund({ paymentId: failed!.id, reason: "Failed one" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A failed payment cannot be refunded.",
    });
  });

  it("a payment taken by hand (cash) is recorded as refunded, once per request, without Stripe", async () => {
    const { org } = await connectedOrg(h);
    const owner = await callerFor(org.owner);
    const { reservation } = await seedReservation(org.id);
    const { payment: cash } = await withOrg(org.id, (tx) =>
      recordPaymentReceived(tx, org.id, ACTOR, {
        customerId: reservation.customerId,
        reservationId: reservation.id,
        amountCents: 5_000,
        method: "cash",
      }),
    );
    const before = h.fake.connect.refunds.size;
    const input = {
      paymentId: cash.id,
      amountCents: 2_000,
      reason: "Paid too much at the desk",
      requestKey: "cash-refund-01",
    };
    expect(await owner.payments.refund(input)).toMatchObject({
      via: "recorded",
      refundedCents: 2_000,
      duplicate: false,
    });
    expect(await owner.payments.refund(input)).toMatchObject({ via: "recorded", duplicate: true });
    expect(h.fake.connect.refunds.size).toBe(before);
    expect(await paymentRow(cash.id)).toMatchObject({ refundedCents: 2_000, status: "partially_refunded" });
  });
});

async function connectAnother(orgId: string, owner: Awaited<ReturnType<typeof callerFor>>) {
  const { url } = await owner.payments.connect();
  expect((await fetch(`${url}/submit`, { method: "POST", redirect: "manual" })).status).toBe(303);
  const rows = await db.select().from(stripeConnectAccount).where(eq(stripeConnectAccount.organizationId, orgId));
  expect(rows.length).toBe(2);
}

describe("disputes", () => {
  it("records a dispute, alerts the owner, shows it on the payment; lost reverses the payment once, a later win restores it", async () => {
    const { org, account, owner, reservation, payment: p } = await paidMoveIn();
    await withOrg(org.id, (tx) =>
      createEndpoint(tx, org.id, ACTOR, { url: "https://example.test/dispute-hook", eventTypes: ["payment.disputed"] }),
    );
    const disputeHooks = () =>
      db
        .select()
        .from(webhookDelivery)
        .where(and(eq(webhookDelivery.organizationId, org.id), eq(webhookDelivery.eventType, "payment.disputed")))
        .orderBy(asc(webhookDelivery.createdAt));
    const { dispute, event: created } = h.fake.connect.dispute(account, p.stripeChargeId!, { reason: "fraudulent" });
    // Delivered twice at once, then again: one dispute, one alert, one outbound webhook.
    const first = await Promise.all([h.fake.connect.deliver(created), h.fake.connect.deliver(created)]);
    expect(first.map(result).sort()).toEqual(["dispute_recorded", "duplicate"]);
    const [row] = await db.select().from(paymentDispute).where(eq(paymentDispute.organizationId, org.id));
    expect(row).toMatchObject({
      paymentId: p.id,
      stripeDisputeId: dispute.id,
      amountCents: p.amountCents,
      reason: "fraudulent",
      status: "needs_response",
      closedAt: null,
    });
    expect(row!.evidenceDueBy!.getTime()).toBe(Number(dispute.evidence_details.due_by) * 1000);
    // payment.disputed went out with the dispute (written in its transaction): the payment, and the dispute's state.
    const opened = await disputeHooks();
    expect(opened).toHaveLength(1);
    expect(opened[0]!.payload).toMatchObject({
      type: "payment.disputed",
      data: {
        id: p.id,
        amount_cents: p.amountCents,
        status: "succeeded",
        dispute: {
          id: row!.id,
          stripe_dispute_id: dispute.id,
          amount_cents: p.amountCents,
          reason: "fraudulent",
          status: "needs_response",
          evidence_due_by: row!.evidenceDueBy!.toISOString(),
          closed_at: null,
        },
      },
    });
    // While open the balance is unchanged (Stripe holds the money until the bank decides).
    expect(await balanceOf(org.id, reservation.id)).toBe(0);

    const view = await owner.payments.customer({ customerId: reservation.customerId });
    expect(view.payments[0]!.dispute).toMatchObject({
      status: "needs_response",
      amountCents: p.amountCents,
      reason: "fraudulent",
    });
    // An open dispute cannot be refunded (Stripe refuses too): said plainly, nothing sent.
    await expect(
      owner.payments.refund({ paymentId: p.id, amountCents: 100, reason: "During dispute" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("disputed"),
    });

    // The owner's alert: written to the outbox with the dispute; its e-mail (no SMTP: the outbox) says what and by when.
    const jobs = await db.select().from(jobOutbox).where(like(jobOutbox.workflowId, `alert:payment_disputed:%`));
    const mine = jobs.filter((j) => j.workflowId === `alert:payment_disputed:${row!.id}`);
    expect(mine).toHaveLength(1);
    expect(await raiseEventAlert(org.id, "payment_disputed", row!.id)).toMatchObject({ fired: true });
    expect(await raiseEventAlert(org.id, "payment_disputed", row!.id)).toMatchObject({
      fired: false,
      reason: "already_sent",
    });
    const mails = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.organizationId, org.id), eq(emailOutbox.kind, "alert_payment_disputed")));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: org.owner.email.toLowerCase(), status: "outbox" });
    expect(mails[0]!.subject).toContain("Payment disputed");
    expect(mails[0]!.text).toContain("Evidence is due by");

    // Evidence submitted: under review (updated), no ledger change, no new alert.
    const review = h.fake.connect.updateDispute(dispute.id, { status: "under_review" });
    expect(result(await h.fake.connect.deliver(review))).toBe("dispute_updated");
    expect((await db.select().from(paymentDispute).where(eq(paymentDispute.id, row!.id)))[0]!.status).toBe(
      "under_review",
    );

    // Lost: the payment is reversed on the ledger, once, and the owner hears the outcome.
    const lost = h.fake.connect.closeDispute(dispute.id, "lost");
    expect(result(await h.fake.connect.deliver(lost))).toBe("dispute_updated");
    expect(result(await h.fake.connect.deliver(lost))).toBe("duplicate");
    // A stale `updated` arriving after the close re-reads the dispute: still lost, nothing posted.
    expect(result(await h.fake.connect.deliver(review))).toBe("duplicate");
    const late = h.fake.connect.event("charge.dispute.updated", h.fake.connect.disputes.get(dispute.id)!, account);
    expect(result(await h.fake.connect.deliver(late))).toBe("dispute_unchanged");
    expect(await balanceOf(org.id, reservation.id)).toBe(p.amountCents);
    const reversal = await db
      .select()
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.paymentId, p.id), eq(ledgerEntry.category, "dispute")))
      .orderBy(asc(ledgerEntry.createdAt));
    expect(reversal).toMatchObject([{ kind: "refund", amountCents: p.amountCents, source: "stripe" }]);
    const closedRow = (await db.select().from(paymentDispute).where(eq(paymentDispute.id, row!.id)))[0]!;
    expect(closedRow.status).toBe("lost");
    expect(closedRow.closedAt).not.toBeNull();
    // The outcome went out once (under review and the repeats sent nothing more).
    const outcomeHooks = await disputeHooks();
    expect(
      outcomeHooks.map((d) => (d.payload as { data: { dispute: { status: string } } }).data.dispute.status),
    ).toEqual(["needs_response", "lost"]);
    expect(outcomeHooks[1]!.payload).toMatchObject({
      data: { id: p.id, dispute: { id: row!.id, status: "lost", closed_at: closedRow.closedAt!.toISOString() } },
    });
    expect(
      await db
        .select()
        .from(jobOutbox)
        .where(eq(jobOutbox.workflowId, `alert:payment_disputed:closed:${row!.id}`)),
    ).toHaveLength(1);
    expect(await raiseEventAlert(org.id, "payment_disputed", `closed:${row!.id}`)).toMatchObject({ fired: true });
    const outcome = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.organizationId, org.id), eq(emailOutbox.kind, "alert_payment_disputed")));
    expect(outcome.map((m) => m.subject).sort()).toEqual([
      expect.stringContaining("Dispute lost"),
      expect.stringContaining("Payment disputed"),
    ]);

    // Stripe reverses its decision (won after all): the reversal is undone by a credit, the balance back to 0.
    h.fake.connect.disputes.get(dispute.id)!.status = "won";
    const won = h.fake.connect.event("charge.dispute.closed", h.fake.connect.disputes.get(dispute.id)!, account);
    expect(result(await h.fake.connect.deliver(won))).toBe("dispute_updated");
    expect(await balanceOf(org.id, reservation.id)).toBe(0);
    const after = await db
      .select({ kind: ledgerEntry.kind, amountCents: ledgerEntry.amountCents })
      .from(ledgerEntry)
      .where(and(eq(ledgerEntry.paymentId, p.id), eq(ledgerEntry.category, "dispute")))
      .orderBy(asc(ledgerEntry.createdAt));
    expect(after).toEqual([
      { kind: "refund", amountCents: p.amountCents },
      { kind: "credit", amountCents: p.amountCents },
    ]);
  });

  it("a dispute won outright changes no balance; one first seen closed (lost) reverses at once; events out of order apply Stripe's state", async () => {
    const { org, account, reservation, payment: p } = await paidMoveIn();
    const { dispute, event: created } = h.fake.connect.dispute(account, p.stripeChargeId!, {
      amount: 2_000,
      reason: "product_not_received",
    });
    const won = h.fake.connect.closeDispute(dispute.id, "won");
    // The close arrives first; the created event after it re-reads a won dispute.
    expect(result(await h.fake.connect.deliver(won))).toBe("dispute_recorded");
    expect(result(await h.fake.connect.deliver(created))).toBe("dispute_unchanged");
    expect(await balanceOf(org.id, reservation.id)).toBe(0);
    const rows = await db.select().from(paymentDispute).where(eq(paymentDispute.organizationId, org.id));
    expect(rows).toMatchObject([{ status: "won", amountCents: 2_000 }]);
    // One alert only (the outcome): the dispute was first seen closed.
    const jobs = await db
      .select()
      .from(jobOutbox)
      .where(like(jobOutbox.workflowId, `alert:payment_disputed:%${rows[0]!.id}`));
    expect(jobs.map((j) => j.workflowId)).toEqual([`alert:payment_disputed:closed:${rows[0]!.id}`]);

    // A second payment's dispute seen only when lost: reversed at once, for the disputed amount.
    const other = await paidMoveIn();
    const d2 = h.fake.connect.dispute(other.account, other.payment.stripeChargeId!, { amount: 3_000 });
    const lost = h.fake.connect.closeDispute(d2.dispute.id, "lost");
    expect(result(await h.fake.connect.deliver(lost))).toBe("dispute_recorded");
    expect(await balanceOf(other.org.id, other.reservation.id)).toBe(3_000);
  });

  it("organizations stay apart: a dispute event from another org's account, a forged signature, a charge that is not a payment of ours", async () => {
    const a = await paidMoveIn();
    const b = await paidMoveIn();
    // B's charge disputed on B's account: A sees nothing of it; A's caller cannot read or refund B's payment.
    const d = h.fake.connect.dispute(b.account, b.payment.stripeChargeId!);
    expect(result(await h.fake.connect.deliver(d.event))).toBe("dispute_recorded");
    expect(await db.select().from(paymentDispute).where(eq(paymentDispute.organizationId, a.org.id))).toHaveLength(0);
    await expect(a.owner.payments.refund({ paymentId: b.payment.id, reason: "Not mine" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(a.owner.payments.customer({ customerId: b.reservation.customerId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // The same dispute object claimed on A's account (an event naming A's account): Stripe has no such
    // dispute there, so the re-read fails and nothing is recorded for A.
    const forged = h.fake.connect.event("charge.dispute.created", { id: d.dispute.id, object: "dispute" }, a.account);
    const res = await h.fake.connect.deliver(forged);
    expect(res.status).toBe(500);
    expect(await db.select().from(paymentDispute).where(eq(paymentDispute.organizationId, a.org.id))).toHaveLength(0);
    // A dispute on A's account of a charge that is not one of our payments: ignored.
    const { charge } = h.fake.connect.chargeCard({ account: a.account, amountCents: 4_200, card: "4242424242424242" });
    const foreign = h.fake.connect.dispute(a.account, String(charge.id));
    expect(result(await h.fake.connect.deliver(foreign.event))).toBe("ignored");
    // A bad signature is refused.
    const bad = await fetch(h.connectWebhookUrl, {
      method: "POST",
      headers: { "stripe-signature": "t=1,v1=deadbeef", "content-type": "application/json" },
      body: forged.payload,
    });
    expect(bad.status).toBe(400);
    expect(await balanceOf(a.org.id, a.reservation.id)).toBe(0);
  });
});
