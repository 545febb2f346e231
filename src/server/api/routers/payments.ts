import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import { adminProcedure, createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { customer, organization, paymentDispute, paymentLink } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { listLedgerEntries } from "@/server/domain/ledger/balance";
import { listCustomerPayments } from "@/server/domain/ledger/payments";
import { publicUrlFrom } from "@/lib/public-url";
import {
  disconnectConnectAccount,
  getConnectState,
  refreshConnectAccount,
  startConnectOnboarding,
} from "@/server/payments/connect-account";
import { paymentLinkUrl, ZCreatePaymentLink } from "@/server/payments/payment-links";
import { getPhonePaySettings, savePhonePaySettings, ZPhonePaySettings } from "@/server/payments/phone/settings";
import { refundPayment, ZRefundPayment } from "@/server/payments/refund-payment";
import { sendPaymentLink } from "@/server/payments/send-link";
import { balanceOf, refreshPmsBalance } from "@/server/pms/balance";
import { setCaseHold } from "@/server/payments/collections/engine";
import { listCollectionCases } from "@/server/payments/collections/queue";
import {
  getCollectionSettings,
  saveCollectionSettings,
  ZCollectionSettings,
} from "@/server/payments/collections/settings";
import { COLLECTION_STATUSES } from "@/server/db/schema";

/**
 * Settings > Payments (owners and admins: the organization's Stripe account) and what every member
 * uses from a customer or reservation: the ledger, and sending a payment link.
 */
export const paymentsRouter = createTRPCRouter({
  status: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => getConnectState(tx, ctx.organizationId))),

  connect: adminProcedure.mutation(async ({ ctx }) => {
    const [org] = await ctx.tenant((tx) =>
      tx.select({ slug: organization.slug }).from(organization).where(eq(organization.id, ctx.organizationId)),
    );
    const page = `${publicUrlFrom(process.env)}/${encodeURIComponent(org!.slug)}/settings/payments`;
    return startConnectOnboarding(ctx.organizationId, ctx.actor, {
      returnUrl: `${page}?connect=return`,
      refreshUrl: `${page}?connect=refresh`,
    });
  }),

  refresh: adminProcedure.mutation(async ({ ctx }) => {
    await refreshConnectAccount(ctx.organizationId);
    return ctx.tenant((tx) => getConnectState(tx, ctx.organizationId));
  }),

  disconnect: adminProcedure.mutation(({ ctx }) =>
    ctx.tenant((tx) => disconnectConnectAccount(tx, ctx.organizationId, ctx.actor)),
  ),

  /** Staff text a payment link for a reservation's move-in or a customer's balance. */
  sendLink: orgProcedure.input(ZCreatePaymentLink).mutation(async ({ ctx, input }) => {
    const r = await sendPaymentLink(ctx.organizationId, ctx.actor, { ...input, channel: "dashboard" });
    return {
      id: r.link.id,
      url: r.url,
      amountCents: r.link.amountCents,
      expiresAt: r.link.expiresAt,
      reused: r.reused,
      sent: r.sent,
    };
  }),

  /**
   * Owners and admins give money back on a payment (all that is left, or part), with a reason: through
   * Stripe for a card payment, recorded only for one taken by hand. Audited; the same requestKey twice
   * refunds once.
   */
  refund: adminProcedure.input(ZRefundPayment).mutation(async ({ ctx, input }) => {
    const r = await refundPayment(ctx.organizationId, ctx.actor, input);
    return {
      paymentId: r.payment.id,
      status: r.payment.status,
      refundedCents: r.refundedCents,
      totalRefundedCents: r.payment.refundedCents,
      via: r.via,
      duplicate: r.duplicate,
    };
  }),

  /** A customer's money: balance (total, per rental and reservation), ledger entries, payments, links. */
  customer: orgProcedure.input(z.object({ customerId: z.uuid() })).query(async ({ ctx, input }) => {
    // A tenant whose balance the PMS keeps: read from it first (short budget, between transactions;
    // a copy under a minute old is used as it is). Its trouble is stored and said, never thrown.
    await refreshPmsBalance(ctx.organizationId, input.customerId);
    return ctx.tenant(async (tx) => {
      const [c] = await tx
        .select({ id: customer.id })
        .from(customer)
        .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.id, input.customerId)));
      if (!c) throw notFound("Customer");
      const [source, entries, payments, links, state] = await Promise.all([
        balanceOf(tx, ctx.organizationId, input.customerId),
        listLedgerEntries(tx, ctx.organizationId, { customerId: input.customerId }, { limit: 100 }),
        listCustomerPayments(tx, ctx.organizationId, input.customerId, 50),
        tx
          .select()
          .from(paymentLink)
          .where(and(eq(paymentLink.organizationId, ctx.organizationId), eq(paymentLink.customerId, input.customerId)))
          .orderBy(desc(paymentLink.createdAt))
          .limit(20),
        getConnectState(tx, ctx.organizationId),
      ]);
      const disputes = payments.length
        ? await tx
            .select()
            .from(paymentDispute)
            .where(
              and(
                eq(paymentDispute.organizationId, ctx.organizationId),
                inArray(
                  paymentDispute.paymentId,
                  payments.map((p) => p.id),
                ),
              ),
            )
            .orderBy(desc(paymentDispute.openedAt))
        : [];
      const balance = source.ledger;
      return {
        balance,
        /**
         * Where the balance comes from: our ledger, or the PMS (its figure less what we took that it
         * has not counted yet, with when it was read and whether that copy is the last known one).
         */
        balanceSource:
          source.source === "pms"
            ? {
                source: "pms" as const,
                provider: source.pms.provider,
                state: source.pms.state,
                balanceCents: source.pms.balanceCents,
                asOf: source.pms.asOf,
                error: source.pms.error,
              }
            : { source: "ledger" as const, provider: source.pmsProvider },
        entries,
        payments: payments.map((p) => ({
          id: p.id,
          amountCents: p.amountCents,
          refundedCents: p.refundedCents,
          method: p.method,
          status: p.status,
          source: p.source,
          receivedAt: p.receivedAt,
          rentalId: p.rentalId,
          reservationId: p.reservationId,
          failureMessage: p.failureMessage,
          /** Card payments go back through Stripe; payments taken by hand are only recorded. */
          refundVia: p.stripePaymentIntentId ? ("stripe" as const) : p.source === "pms" ? null : ("recorded" as const),
          dispute:
            disputes
              .filter((d) => d.paymentId === p.id)
              .map((d) => ({
                id: d.id,
                amountCents: d.amountCents,
                status: d.status,
                reason: d.reason,
                evidenceDueBy: d.evidenceDueBy,
                openedAt: d.openedAt,
                closedAt: d.closedAt,
              }))[0] ?? null,
        })),
        links: links.map((l) => ({
          id: l.id,
          purpose: l.purpose,
          amountCents: l.amountCents,
          status: l.status,
          expiresAt: l.expiresAt,
          paidAt: l.paidAt,
          reservationId: l.reservationId,
          url: l.status === "open" ? paymentLinkUrl(l.token) : null,
        })),
        paymentsReady: state.ready,
      };
    });
  }),

  /** Settings > Payments > Collections (read by any member; changed by owners and admins). */
  collectionSettings: orgProcedure.query(({ ctx }) =>
    ctx.tenant((tx) => getCollectionSettings(tx, ctx.organizationId)),
  ),
  updateCollectionSettings: adminProcedure
    .input(ZCollectionSettings)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => saveCollectionSettings(tx, ctx.organizationId, ctx.actor, input))),

  /** Settings > Payments > Payments by phone (read by any member; changed by owners and admins). */
  phonePaySettings: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => getPhonePaySettings(tx, ctx.organizationId))),
  updatePhonePaySettings: adminProcedure
    .input(ZPhonePaySettings)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => savePhonePaySettings(tx, ctx.organizationId, ctx.actor, input))),

  /** The collections queue: open cases (active, held) by default; or one customer's. */
  collections: orgProcedure
    .input(
      z
        .object({
          status: z.enum(["open", "all", ...COLLECTION_STATUSES]).optional(),
          customerId: z.uuid().optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => ctx.tenant((tx) => listCollectionCases(tx, ctx.organizationId, input ?? {}))),

  /** Staff stop a case's sequence for now (hold: true) or let it go on (hold: false). */
  holdCollection: orgProcedure.input(z.object({ caseId: z.uuid(), hold: z.boolean() })).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      const c = await setCaseHold(tx, ctx.organizationId, ctx.actor, input.caseId, input.hold);
      return { id: c.id, status: c.status };
    }),
  ),
});
