import { GraphQLError } from "graphql";

import { LEDGER_SOURCES, PAYMENT_METHODS, PAYMENT_STATUSES } from "@/server/db/schema";

import { builder } from "./builder";
import { connectionOf, DEFAULT_PAGE_SIZE, FIRST_DESCRIPTION, MAX_PAGE_SIZE, pageQuery, type Page } from "./connection";
import type { GraphQLContext } from "./context";
import type { PaymentJson } from "./loaders";
import { asGraphQLError, runOperation } from "./rest-bridge";
import { Customer, Reservation } from "./types";

/**
 * Payments (issue 16) in GraphQL: the REST Payment JSON as an object type, a top-level `payments`
 * connection that runs REST's listPayments with the same filters, and `payments` on a customer and
 * on a reservation, loaded for all the parents of a level in one statement (loaders.paymentsOf).
 */
const enumOf = <const T extends readonly string[]>(name: string, values: T) =>
  builder.enumType(name, {
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as {
      [K in T[number] as Uppercase<K>]: { value: K };
    },
  });

export const PaymentStatus = enumOf("PaymentStatus", PAYMENT_STATUSES);
export const PaymentMethod = enumOf("PaymentMethod", PAYMENT_METHODS);
export const PaymentSource = enumOf("PaymentSource", LEDGER_SOURCES);

export const Payment = builder.objectRef<PaymentJson>("Payment").implement({
  description: "Money received from a customer (or a card attempt that failed), in cents.",
  fields: (t) => ({
    id: t.exposeID("id"),
    customer: t.field({
      type: Customer,
      resolve: (p, _a, ctx) => ctx.loaders.customer.load(p.customer_id) as never,
    }),
    reservation: t.field({
      type: Reservation,
      nullable: true,
      resolve: (p, _a, ctx) => (p.reservation_id ? ctx.loaders.reservation.load(p.reservation_id) : null),
    }),
    rentalId: t.id({ nullable: true, resolve: (p) => p.rental_id }),
    amountCents: t.int({ description: "What was charged, in cents.", resolve: (p) => p.amount_cents }),
    refundedCents: t.int({ description: "How much of it was given back, in cents.", resolve: (p) => p.refunded_cents }),
    currency: t.string({ description: "ISO 4217, lower case.", resolve: (p) => p.currency }),
    method: t.field({ type: PaymentMethod, resolve: (p) => p.method }),
    status: t.field({ type: PaymentStatus, resolve: (p) => p.status }),
    source: t.field({ type: PaymentSource, resolve: (p) => p.source }),
    paymentLinkId: t.id({ nullable: true, resolve: (p) => p.payment_link_id }),
    stripePaymentIntentId: t.string({ nullable: true, resolve: (p) => p.stripe_payment_intent_id }),
    failureMessage: t.string({ nullable: true, resolve: (p) => p.failure_message }),
    receivedAt: t.field({ type: "DateTime", resolve: (p) => p.received_at }),
    createdAt: t.field({ type: "DateTime", resolve: (p) => p.created_at }),
  }),
});

const PaymentConnection = connectionOf(Payment, "Payment");

/** A nested connection's page size, checked as REST checks `limit`. */
function firstOf(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw new GraphQLError(`first must be 1 to ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_USER_INPUT" } });
  return n;
}

async function paymentsOf(
  ctx: GraphQLContext,
  of: "customer" | "reservation",
  id: string,
  a: { first?: number | null; after?: string | null },
) {
  try {
    const p = await ctx.loaders.paymentsOf.load({ of, id, first: firstOf(a.first), after: a.after ?? null });
    return { ...p, after: a.after ?? null };
  } catch (err) {
    throw asGraphQLError(err);
  }
}

builder.objectField(Customer, "payments", (t) =>
  t.field({
    type: PaymentConnection,
    description: "The customer's payments, newest first.",
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: "endCursor of the previous page." }),
    },
    resolve: (c, a, ctx) => paymentsOf(ctx, "customer", c.id, a),
  }),
);

builder.objectField(Reservation, "payments", (t) =>
  t.field({
    type: PaymentConnection,
    description: "Payments made for this reservation (a move-in paid by link), newest first.",
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: "endCursor of the previous page." }),
    },
    resolve: (r, a, ctx) => paymentsOf(ctx, "reservation", r.id, a),
  }),
);

builder.queryField("payments", (t) =>
  t.field({
    type: PaymentConnection,
    description: "Payments received (and failed card attempts), newest first: REST's GET /payments.",
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION }),
      after: t.arg.string({ description: "endCursor of the previous page." }),
      customerId: t.arg.id({ description: "Only this customer's payments." }),
      status: t.arg({ type: PaymentStatus }),
      updatedSince: t.arg({
        type: "DateTime",
        description: "Only rows changed at or after this time (sync by polling).",
      }),
    },
    resolve: async (_r, a, ctx) => {
      const { first, after, ...filters } = a;
      try {
        const page = await runOperation<Page<PaymentJson>>(ctx, "listPayments", {
          query: { ...filters, ...pageQuery({ first, after }) },
        });
        return { ...page, after: after ?? null };
      } catch (err) {
        throw asGraphQLError(err);
      }
    },
  }),
);
