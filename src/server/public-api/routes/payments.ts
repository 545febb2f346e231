import { createHash } from "node:crypto";

import { and, eq, gte } from "drizzle-orm";
import { z } from "zod";

import { customer, PAYMENT_STATUSES, payment } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/domain/errors";
import { balanceOf, refreshPmsBalance } from "@/server/pms/balance";
import { sendEmail } from "@/server/integrations/email";
import { DEFAULT_LINK_HOURS, type PaymentLinkRow } from "@/server/payments/payment-links";
import { linkMessage, linkRecipient } from "@/server/payments/send-link";
import { outboxSmsIn, sendSms } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";
import { createPaymentLink } from "@/server/payments/payment-links";
import { refundPaymentIn } from "@/server/payments/refund-payment";
import { cursorMicros } from "@/server/read-model/cursor";
import { toPaymentJson, ZPaymentJson } from "@/server/read-model/payment";

import { sinceDate, updatedSince, ZIdParams } from "../filters";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute, withStatus } from "../route";

export const ZBalance = z
  .object({
    customer_id: z.uuid(),
    balance_cents: z
      .number()
      .int()
      .describe(
        "What the customer owes now (negative: in credit): from the PMS when `source` is `pms` (its figure less payments taken here that it has not counted yet), else from our ledger.",
      ),
    currency: z.string(),
    source: z
      .enum(["ledger", "pms"])
      .describe(
        "`pms`: the customer's rental is at a facility a connected PMS manages, and its ledger is the source of the balance. `ledger`: our own ledger (no PMS, or the PMS does not know the customer's phone).",
      ),
    pms: z
      .object({
        provider: z.string().describe("storEDGE or Stora."),
        as_of: z.iso.datetime().describe("When the balance was read from the PMS."),
        stale: z
          .boolean()
          .describe(
            "true: the PMS did not answer now (or was read over a minute ago and not asked again); `balance_cents` is the last known figure, as of `as_of`.",
          ),
        error: z.string().nullable().describe("Why the last read failed, when it did."),
      })
      .nullable()
      .describe("With `source: pms`: where and when the balance was read."),
    rentals: z
      .array(z.object({ rental_id: z.uuid(), balance_cents: z.number().int() }))
      .describe("Per rental, from our ledger (with `source: pms`, the PMS's figure is the total only)."),
    reservations: z
      .array(z.object({ reservation_id: z.uuid(), balance_cents: z.number().int() }))
      .describe("Reservations not moved in yet that carry entries (a prepaid move-in)."),
  })
  .meta({ id: "Balance" });

export const ZPaymentLinkJson = z
  .object({
    id: z.uuid(),
    url: z.string().describe("The secure link to send to the customer: it opens Stripe Checkout."),
    purpose: z.enum(["move_in", "balance"]),
    customer_id: z.uuid(),
    reservation_id: z.uuid().nullable(),
    amount_cents: z.number().int(),
    currency: z.string(),
    line_items: z.array(z.object({ code: z.string(), label: z.string(), amount_cents: z.number().int() })),
    status: z.enum(["open", "paid", "expired", "cancelled"]),
    expires_at: z.iso.datetime(),
    sent: z
      .object({ channel: z.enum(["sms", "email"]), to: z.string(), status: z.string() })
      .nullable()
      .describe("Where the link was sent, or null when `send` was false or the text was refused."),
    created_at: z.iso.datetime(),
  })
  .meta({ id: "PaymentLink" });

const ZCreatePaymentLinkBody = z
  .object({
    purpose: z.enum(["move_in", "balance"]),
    reservation_id: z
      .uuid()
      .optional()
      .describe("For move_in: the reservation whose quoted move-in amount is asked for."),
    customer_id: z.uuid().optional().describe("For balance: the customer whose balance is asked for."),
    expires_in_hours: z.number().int().min(1).max(168).optional().describe(`Default ${DEFAULT_LINK_HOURS}.`),
    send: z.boolean().optional().describe("Text the link to the customer (e-mail without a phone). Default true."),
  })
  .refine((b) => (b.purpose === "move_in" ? !!b.reservation_id : !!b.customer_id), {
    message: "move_in needs reservation_id; balance needs customer_id.",
  })
  .meta({ id: "CreatePaymentLink" });

export const ZRefundJson = z
  .object({
    payment_id: z.uuid(),
    amount_cents: z.number().int().describe("What this refund gave back, in cents."),
    via: z
      .enum(["stripe", "recorded"])
      .describe(
        "stripe: refunded to the card on the organization's Stripe account; recorded: a payment taken by hand (cash, check), only recorded as refunded (hand the money back yourself).",
      ),
    stripe_refund_id: z.string().nullable(),
    duplicate: z
      .boolean()
      .describe("true when this request (its Idempotency-Key) had refunded before: nothing new was refunded."),
    payment: ZPaymentJson.describe("The payment after the refund: refunded_cents is the total so far."),
  })
  .meta({ id: "Refund" });

const ZCreateRefundBody = z
  .object({
    amount_cents: z
      .number()
      .int("Give whole cents.")
      .positive("The refund must be more than 0 cents.")
      .max(100_000_000)
      .optional()
      .describe("Cents to give back. Default: all that is left of the payment."),
    reason: z
      .string()
      .trim()
      .min(3, "Say why the payment is refunded.")
      .max(500)
      .describe("Why: kept in the audit log and on the ledger, and sent to Stripe in the refund's metadata."),
  })
  .strict()
  .meta({ id: "CreateRefund" });

/**
 * The refund's request key (the dashboard sends one per dialog): derived from the API key and its
 * Idempotency-Key, so a retry whose first answer was lost (the refund made at Stripe, our commit not)
 * finds that refund at Stripe instead of making a second one.
 */
const refundRequestKey = (apiKeyId: string, idempotencyKey: string | null | undefined) =>
  idempotencyKey
    ? `api-${createHash("sha256").update(`${apiKeyId}:${idempotencyKey}`).digest("base64url").slice(0, 40)}`
    : undefined;

function toLinkJson(l: PaymentLinkRow, url: string, sent: z.input<typeof ZPaymentLinkJson>["sent"]) {
  return {
    id: l.id,
    url,
    purpose: l.purpose,
    customer_id: l.customerId,
    reservation_id: l.reservationId,
    amount_cents: l.amountCents,
    currency: l.currency,
    line_items: l.lineItems.map((x) => ({ code: x.code, label: x.label, amount_cents: x.amountCents })),
    status: l.status,
    expires_at: l.expiresAt.toISOString(),
    sent,
    created_at: l.createdAt.toISOString(),
  };
}

export const paymentRoutes = [
  defineRoute({
    method: "GET",
    path: "/payments",
    operationId: "listPayments",
    tag: "Payments",
    summary: "List payments",
    description: "Payments received (and failed card attempts), newest first.",
    query: ZPageQuery.extend({
      customer_id: z.uuid().optional().describe("Only this customer's payments."),
      status: z.enum(PAYMENT_STATUSES).optional(),
      updated_since: updatedSince,
    }),
    response: ZPage(ZPaymentJson, "PaymentPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(payment.createdAt, payment.id, query.cursor);
      const since = sinceDate(query.updated_since);
      const rows = await tx
        .select({ p: payment, cursorMicros: cursorMicros(payment.createdAt), id: payment.id })
        .from(payment)
        .where(
          pageWhere(
            eq(payment.organizationId, organizationId),
            query.customer_id ? eq(payment.customerId, query.customer_id) : undefined,
            query.status ? eq(payment.status, query.status) : undefined,
            since && gte(payment.updatedAt, since),
            ks.where,
          ),
        )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => toPaymentJson(r.p));
    },
  }),
  defineRoute({
    method: "POST",
    path: "/payments/{id}/refunds",
    operationId: "refundPayment",
    idempotent: true,
    tag: "Payments",
    summary: "Refund a payment, in full or in part",
    description:
      "The dashboard's refund: a card payment is refunded through Stripe on the Stripe account it was charged on, a payment taken by hand is recorded as refunded; either way the ledger shows it at once (the customer owes the amount again) and `payment.refunded` fires. Send an `Idempotency-Key`: a retry then refunds once. 400 when the amount is more than is left; 409 for a payment refunded in full, under dispute, failed, or recorded by a PMS; 412 when Stripe is not connected or another account is connected now; 502 when Stripe refuses.",
    params: ZIdParams,
    body: ZCreateRefundBody,
    response: ZRefundJson,
    statuses: [201],
    handler: async ({ tx, organizationId, actor, key, params, body, idempotencyKey }) => {
      const out = await refundPaymentIn(tx, organizationId, actor, {
        paymentId: params.id,
        amountCents: body.amount_cents,
        reason: body.reason,
        requestKey: refundRequestKey(key.id, idempotencyKey),
      });
      // A refusal after refunds made in Stripe's dashboard were read: the whole request is undone
      // (those reach the ledger by their own charge.refunded webhook), and the refusal answered.
      if (out instanceof DomainError) throw out;
      return {
        payment_id: out.payment.id,
        amount_cents: out.refundedCents,
        via: out.via,
        stripe_refund_id: out.stripeRefundId,
        duplicate: out.duplicate,
        payment: toPaymentJson(out.payment),
      };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/customers/{id}/balance",
    operationId: "getCustomerBalance",
    tag: "Payments",
    summary: "Get a customer's balance",
    description:
      "In cents. For a customer whose rental is at a facility a connected PMS manages, the PMS's ledger is the source (`source: pms`): the balance is read from the PMS with a short budget before the answer (a copy under a minute old is used as it is); when the PMS does not answer, the last known balance is returned with `pms.stale: true` and `pms.as_of`, and when it has never been read, 502 (never a figure of ours made up for it). Otherwise computed from our ledger of the customer's rentals and reservations (`source: ledger`).",
    params: ZIdParams,
    response: ZBalance,
    prepare: async ({ organizationId, params }) => {
      await refreshPmsBalance(organizationId, params.id);
    },
    handler: async ({ tx, organizationId, params }) => {
      const [c] = await tx
        .select({ id: customer.id })
        .from(customer)
        .where(and(eq(customer.organizationId, organizationId), eq(customer.id, params.id)));
      if (!c) throw notFound("Customer");
      const src = await balanceOf(tx, organizationId, params.id);
      const b = src.ledger;
      if (src.source === "pms" && (src.pms.balanceCents === null || !src.pms.asOf))
        throw new DomainError(
          "UPSTREAM_FAILURE",
          `${src.pms.provider} keeps this customer's balance and could not be reached; it has not been read before. Try again in a minute.`,
        );
      return {
        customer_id: b.customerId,
        balance_cents: src.source === "pms" ? src.pms.balanceCents! : b.balanceCents,
        currency: "usd",
        source: src.source,
        pms:
          src.source === "pms"
            ? {
                provider: src.pms.provider,
                as_of: src.pms.asOf!.toISOString(),
                stale: src.pms.state !== "fresh",
                error: src.pms.error,
              }
            : null,
        rentals: b.rentals.map((r) => ({ rental_id: r.rentalId, balance_cents: r.balanceCents })),
        reservations: b.reservations.map((r) => ({ reservation_id: r.reservationId, balance_cents: r.balanceCents })),
      };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/payment-links",
    operationId: "createPaymentLink",
    idempotent: true,
    tag: "Payments",
    summary: "Create (and text) a payment link",
    description:
      "A secure link that opens Stripe Checkout on the organization's connected account for a reservation's quoted move-in amount or a customer's balance. Answers 201 with a new link, or 200 with the open link already made for the same thing. 412 when card payments are not set up; 409 when there is nothing to pay. For a customer whose balance a connected PMS keeps, the balance is read from the PMS first and the link is for its figure; 502 when the PMS cannot be read and no copy under 15 minutes old is known (a link is never made for an older figure).",
    body: ZCreatePaymentLinkBody,
    response: ZPaymentLinkJson,
    statuses: [201, 200],
    prepare: async ({ organizationId, body }) => {
      if (body.purpose === "balance" && body.customer_id) await refreshPmsBalance(organizationId, body.customer_id);
    },
    handler: async ({ tx, organizationId, actor, body }) => {
      const input =
        body.purpose === "move_in"
          ? {
              purpose: "move_in" as const,
              reservationId: body.reservation_id!,
              expiresInHours: body.expires_in_hours,
              channel: "api" as const,
            }
          : {
              purpose: "balance" as const,
              customerId: body.customer_id!,
              expiresInHours: body.expires_in_hours,
              channel: "api" as const,
            };
      if (body.send === false) {
        const r = await createPaymentLink(tx, organizationId, actor, input);
        return withStatus(r.reused ? 200 : 201, toLinkJson(r.link, r.url, null));
      }
      const made = await createPaymentLink(tx, organizationId, actor, input);
      const to = await linkRecipient(tx, organizationId, made.link);
      let sent: z.input<typeof ZPaymentLinkJson>["sent"] = null;
      if (to.phone) {
        const text = {
          organizationId,
          to: to.phone,
          body: linkMessage(made.link, made.url, to.facilityName),
          facilityId: made.link.facilityId,
          idempotencyKey: `payment-link:${made.link.id}:sms:${Math.floor(Date.now() / 60_000)}`,
        };
        // Without Twilio the outbox row commits with the link; with it the text goes out now.
        const r = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(tx, text);
        if (r.ok) sent = { channel: "sms", to: to.phone, status: r.status };
      } else if (to.email) {
        const e = await sendEmail({
          to: to.email,
          subject: "Your payment link",
          text: linkMessage(made.link, made.url, to.facilityName),
          kind: "payment_link",
          organizationId,
          idempotencyKey: `payment-link:${made.link.id}:email:${Math.floor(Date.now() / 60_000)}`,
        });
        sent = { channel: "email", to: to.email, status: e.status };
      }
      return withStatus(made.reused ? 200 : 201, toLinkJson(made.link, made.url, sent));
    },
  }),
];
