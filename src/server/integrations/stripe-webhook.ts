import "server-only";

/**
 * What every Stripe webhook endpoint (billing's and Connect's, each with its own signing secret)
 * does around its event handlers, in one place so the two cannot drift:
 *   1. refuse when unconfigured (503), on a bad signature (400), on control characters (400),
 *   2. claim the event id in the transaction that applies it: a redelivery finds the row and changes
 *      nothing; a failure rolls the row back with the rest, so Stripe's retry runs it again,
 *   3. answer a failure with 500 (Stripe retries later), logging the event's id and type only.
 */
import type { Executor } from "@/server/db/client";
import { stripeEvent } from "@/server/db/schema";
import { findControlCharacter } from "@/server/http/control-characters";
import { log } from "@/server/log";

import {
  constructWebhookEvent,
  getStripe,
  stripeConfig,
  WebhookSignatureError,
  type Stripe,
  type StripeConfig,
} from "./stripe";

/** The answer to a webhook request: HTTP status and JSON body. */
export interface StripeWebhookOutcome<Result extends string = string> {
  status: number;
  body: { received: boolean; result?: Result; error?: string; organizationId?: string | null };
}

/** Which endpoint: its name in logs and errors ("Stripe", "Stripe Connect") and its signing secret. */
export interface StripeEndpoint {
  name: string;
  secret: (config: StripeConfig) => string | null;
}

/** A verified event with a client to re-read its object, or the refusal to answer with. */
export type VerifiedStripeEvent =
  { event: Stripe.Event; stripe: Stripe; refused?: undefined } | { refused: StripeWebhookOutcome<never> };

export function verifyStripeEvent(
  endpoint: StripeEndpoint,
  rawBody: Uint8Array | string,
  signature: string | null,
): VerifiedStripeEvent {
  const config = stripeConfig();
  const secret = config ? endpoint.secret(config) : null;
  const stripe = getStripe();
  if (!secret || !stripe)
    return {
      refused: { status: 503, body: { received: false, error: `${endpoint.name} webhooks are not configured` } },
    };
  let event: Stripe.Event;
  try {
    event = constructWebhookEvent(rawBody, signature, secret);
  } catch (err) {
    if (err instanceof WebhookSignatureError) {
      log.warn({ reason: err.message }, `${endpoint.name.toLowerCase()} webhook refused: bad signature`);
      return { refused: { status: 400, body: { received: false, error: "invalid signature" } } };
    }
    throw err;
  }
  // Signed, but still text that reaches Postgres: a NUL would fail the insert as a 500 (and a retry loop).
  if (findControlCharacter(event) !== null)
    return { refused: { status: 400, body: { received: false, error: "control characters in the event" } } };
  return { event, stripe };
}

/**
 * Records the event id inside `tx`, the transaction that applies the event. False when the event
 * was applied before (a redelivery): the caller then changes nothing.
 */
export async function claimStripeEvent(
  tx: Executor,
  event: Stripe.Event,
  objectId: string | null,
  organizationId?: string,
): Promise<boolean> {
  const inserted = await tx
    .insert(stripeEvent)
    .values({ id: event.id, type: event.type, objectId, organizationId })
    .onConflictDoNothing()
    .returning({ id: stripeEvent.id });
  return inserted.length > 0;
}

/** The 500 for an event whose handling threw: Stripe retries it later (its claim was rolled back). */
export function stripeEventFailed(
  endpoint: StripeEndpoint,
  event: Stripe.Event,
  err: unknown,
): StripeWebhookOutcome<never> {
  log.error(
    { eventId: event.id, type: event.type, err: err instanceof Error ? err.message : String(err) },
    `${endpoint.name.toLowerCase()} event failed`,
  );
  return { status: 500, body: { received: false, error: "processing failed" } };
}
