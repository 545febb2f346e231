import "server-only";

/**
 * Stripe webhook processing, independent of Next so it is tested directly:
 *   1. verify the signature on the raw body (the SDK's constructEvent); refuse with 400 otherwise,
 *   2. ignore event types we do not handle (200, so Stripe stops sending them),
 *   3. store the event id first, in the transaction that applies it: a duplicate delivery finds the
 *      row and changes nothing; a failure rolls the row back so Stripe's retry runs it again,
 *   4. hand the object id to the event's handler, which re-reads the object from Stripe.
 * Steps 1 and 3 and the failure answer are shared with Connect's endpoint (integrations/stripe-webhook).
 */
import { eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { stripeEvent } from "@/server/db/schema";
import type { Stripe } from "@/server/integrations/stripe";
import {
  claimStripeEvent,
  stripeEventFailed,
  verifyStripeEvent,
  type StripeEndpoint,
  type StripeWebhookOutcome,
} from "@/server/integrations/stripe-webhook";
import { log } from "@/server/log";

import { checkoutSessionCompleted } from "./checkout-session-completed";
import { customerSubscriptionCreated } from "./customer-subscription-created";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted";
import { customerSubscriptionUpdated } from "./customer-subscription-updated";
import { invoicePaid } from "./invoice-paid";
import { invoicePaymentFailed } from "./invoice-payment-failed";
import { objectId, type WebhookHandler } from "./types";

export const HANDLERS: Partial<Record<Stripe.Event["type"], WebhookHandler>> = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};

export type WebhookOutcome = StripeWebhookOutcome<"processed" | "duplicate" | "ignored">;

const BILLING: StripeEndpoint = { name: "Stripe", secret: (config) => config.webhookSecret };

export async function handleStripeWebhook(
  rawBody: Uint8Array | string,
  signature: string | null,
): Promise<WebhookOutcome> {
  const verified = verifyStripeEvent(BILLING, rawBody, signature);
  if (verified.refused) return verified.refused;
  const { event, stripe } = verified;

  const handler = HANDLERS[event.type];
  if (!handler) return { status: 200, body: { received: true, result: "ignored" } };

  try {
    return await db.transaction(async (tx) => {
      if (!(await claimStripeEvent(tx, event, objectId(event))))
        return { status: 200, body: { received: true, result: "duplicate" as const } };
      const result = await handler({ tx, stripe, event });
      if (result.organizationId) {
        await tx.update(stripeEvent).set({ organizationId: result.organizationId }).where(eq(stripeEvent.id, event.id));
      }
      log.info(
        {
          eventId: event.id,
          type: event.type,
          organizationId: result.organizationId,
          status: result.status,
          skipped: result.skipped,
        },
        "stripe event processed",
      );
      return {
        status: 200,
        body: { received: true, result: "processed" as const, organizationId: result.organizationId },
      };
    });
  } catch (err) {
    return stripeEventFailed(BILLING, event, err);
  }
}
