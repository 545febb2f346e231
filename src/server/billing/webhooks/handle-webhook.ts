import "server-only";

/**
 * Stripe webhook processing, independent of Next so it is tested directly:
 *   1. verify the signature on the raw body (the SDK's constructEvent); refuse with 400 otherwise,
 *   2. ignore event types we do not handle (200, so Stripe stops sending them),
 *   3. store the event id first, in the transaction that applies it: a duplicate delivery finds the
 *      row and changes nothing; a failure rolls the row back so Stripe's retry runs it again,
 *   4. hand the object id to the event's handler, which re-reads the object from Stripe.
 */
import { eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { stripeEvent } from "@/server/db/schema";
import {
  constructWebhookEvent,
  getStripe,
  stripeConfig,
  WebhookSignatureError,
  type Stripe,
} from "@/server/integrations/stripe";
import { findControlCharacter } from "@/server/http/control-characters";
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

export interface WebhookOutcome {
  status: number;
  body: {
    received: boolean;
    result?: "processed" | "duplicate" | "ignored";
    error?: string;
    organizationId?: string | null;
  };
}

export async function handleStripeWebhook(
  rawBody: Uint8Array | string,
  signature: string | null,
): Promise<WebhookOutcome> {
  const config = stripeConfig();
  const stripe = getStripe();
  if (!config?.webhookSecret || !stripe) {
    return { status: 503, body: { received: false, error: "Stripe webhooks are not configured" } };
  }

  let event: Stripe.Event;
  try {
    event = constructWebhookEvent(rawBody, signature, config.webhookSecret);
  } catch (err) {
    if (err instanceof WebhookSignatureError) {
      log.warn({ reason: err.message }, "stripe webhook refused: bad signature");
      return { status: 400, body: { received: false, error: "invalid signature" } };
    }
    throw err;
  }
  // Signed, but still text that reaches Postgres: a NUL would fail the insert as a 500 (and a retry loop).
  if (findControlCharacter(event) !== null)
    return { status: 400, body: { received: false, error: "control characters in the event" } };

  const handler = HANDLERS[event.type];
  if (!handler) return { status: 200, body: { received: true, result: "ignored" } };

  try {
    return await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(stripeEvent)
        .values({ id: event.id, type: event.type, objectId: objectId(event) })
        .onConflictDoNothing()
        .returning({ id: stripeEvent.id });
      if (inserted.length === 0) return { status: 200, body: { received: true, result: "duplicate" as const } };
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
    // 500 makes Stripe retry later; the event row was rolled back with the rest.
    log.error(
      { eventId: event.id, type: event.type, err: err instanceof Error ? err.message : String(err) },
      "stripe event failed",
    );
    return { status: 500, body: { received: false, error: "processing failed" } };
  }
}
