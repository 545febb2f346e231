import "server-only";

/**
 * Events from operators' connected accounts (POST /api/stripe/connect-webhook), the Connect
 * endpoint's own signing secret. As with billing (src/server/billing/webhooks, sharing its steps in
 * src/server/integrations/stripe-webhook): verify the raw body,
 * allowlist the types, store the event id in the transaction that applies it (a redelivery changes
 * nothing), and trust only ids from the payload: the object is re-read from Stripe on the account
 * the event names, so replays and out-of-order delivery apply the current state.
 */
import { and, eq, isNull } from "drizzle-orm";

import { db, withOrg, type Executor } from "@/server/db/client";
import { payment, stripeConnectAccount } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { recordRefund } from "@/server/domain/ledger/payments";
import type { Stripe } from "@/server/integrations/stripe";
import {
  claimStripeEvent,
  stripeEventFailed,
  verifyStripeEvent,
  type StripeEndpoint,
  type StripeWebhookOutcome,
} from "@/server/integrations/stripe-webhook";
import { log } from "@/server/log";

import { syncConnectAccount } from "./connect-account";
import { applyDispute } from "./disputes";
import { settlePaymentIntent } from "./settle-payment";

export const CONNECT_EVENT_TYPES = [
  "account.updated",
  "account.application.deauthorized",
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "charge.refunded",
  "charge.dispute.created",
  "charge.dispute.updated",
  "charge.dispute.closed",
] as const;

export type ConnectWebhookOutcome = StripeWebhookOutcome;

interface Ctx {
  tx: Executor;
  stripe: Stripe;
  organizationId: string;
  account: string;
  object: { id: string };
}

const STRIPE_ACTOR: Actor = { label: "stripe" };

const HANDLERS: Record<(typeof CONNECT_EVENT_TYPES)[number], (c: Ctx) => Promise<string>> = {
  "account.updated": async ({ tx, stripe, organizationId, account }) => {
    await syncConnectAccount(tx, organizationId, await stripe.accounts.retrieve(account));
    return "account_synced";
  },
  "account.application.deauthorized": async ({ tx, organizationId, account }) => {
    // The operator removed our access from their Stripe dashboard: stop using the account.
    await tx
      .update(stripeConnectAccount)
      .set({ disconnectedAt: new Date(), chargesEnabled: false })
      .where(
        and(
          eq(stripeConnectAccount.organizationId, organizationId),
          eq(stripeConnectAccount.stripeAccountId, account),
          isNull(stripeConnectAccount.disconnectedAt),
        ),
      );
    return "account_disconnected";
  },
  "checkout.session.completed": (c) => fromSession(c),
  "checkout.session.async_payment_succeeded": (c) => fromSession(c),
  "payment_intent.succeeded": (c) => fromPaymentIntent(c, c.object.id, null),
  "payment_intent.payment_failed": (c) => fromPaymentIntent(c, c.object.id, null),
  "charge.refunded": async ({ tx, stripe, organizationId, account, object }) => {
    const charge = await stripe.charges.retrieve(object.id, { expand: ["refunds"] }, { stripeAccount: account });
    const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
    if (!piId) return "ignored";
    const [p] = await tx
      .select({ id: payment.id })
      .from(payment)
      .where(and(eq(payment.organizationId, organizationId), eq(payment.stripePaymentIntentId, piId)));
    if (!p) return "ignored";
    let added = 0;
    // Each refund once, by its id: one made from our dashboard was recorded already and is skipped.
    for (const r of charge.refunds?.data ?? []) {
      if (r.status !== "succeeded" && r.status !== "pending") continue;
      const out = await recordRefund(tx, organizationId, STRIPE_ACTOR, {
        paymentId: p.id,
        amountCents: r.amount,
        // Ours carry the staff's words in metadata; one made in Stripe's dashboard has Stripe's code.
        reason: r.metadata?.reason || r.reason || "",
        source: "stripe",
        externalId: r.id,
      });
      if (!out.duplicate) added++;
    }
    return added ? "refund_recorded" : "duplicate";
  },
  "charge.dispute.created": (c) => fromDispute(c),
  "charge.dispute.updated": (c) => fromDispute(c),
  "charge.dispute.closed": (c) => fromDispute(c),
};

async function fromDispute(c: Ctx): Promise<string> {
  const d = await c.stripe.disputes.retrieve(c.object.id, {}, { stripeAccount: c.account });
  return applyDispute(c.tx, c.organizationId, c.account, d);
}

async function fromSession(c: Ctx): Promise<string> {
  const s = await c.stripe.checkout.sessions.retrieve(c.object.id, {}, { stripeAccount: c.account });
  const piId = typeof s.payment_intent === "string" ? s.payment_intent : s.payment_intent?.id;
  if (!piId || s.mode !== "payment") return "ignored";
  return fromPaymentIntent(c, piId, s.id);
}

async function fromPaymentIntent(c: Ctx, piId: string, sessionId: string | null): Promise<string> {
  const pi = await c.stripe.paymentIntents.retrieve(piId, {}, { stripeAccount: c.account });
  const r = await settlePaymentIntent(c.tx, c.organizationId, c.account, pi, sessionId);
  return r.result;
}

/** The organization whose (current or former) connected account the event came from. */
async function organizationOf(account: string): Promise<string | null> {
  const [row] = await db
    .select({ organizationId: stripeConnectAccount.organizationId })
    .from(stripeConnectAccount)
    .where(eq(stripeConnectAccount.stripeAccountId, account));
  return row?.organizationId ?? null;
}

const CONNECT: StripeEndpoint = { name: "Stripe Connect", secret: (config) => config.connectWebhookSecret };

export async function handleConnectWebhook(
  rawBody: Uint8Array | string,
  signature: string | null,
): Promise<ConnectWebhookOutcome> {
  const verified = verifyStripeEvent(CONNECT, rawBody, signature);
  if (verified.refused) return verified.refused;
  const { event, stripe } = verified;
  const handler = HANDLERS[event.type as keyof typeof HANDLERS];
  if (!handler) return { status: 200, body: { received: true, result: "ignored" } };
  const account = event.account;
  const object = event.data.object as { id?: unknown };
  if (!account || typeof object.id !== "string") return { status: 200, body: { received: true, result: "ignored" } };
  const objectId = object.id;
  const organizationId = await organizationOf(account);
  // An account we never connected (or one deleted with its organization): nothing of ours to change.
  if (!organizationId) return { status: 200, body: { received: true, result: "ignored" } };
  try {
    return await withOrg(organizationId, async (tx) => {
      if (!(await claimStripeEvent(tx, event, objectId, organizationId)))
        return { status: 200, body: { received: true, result: "duplicate" } };
      const result = await handler({ tx, stripe, organizationId, account, object: { id: objectId } });
      log.info({ eventId: event.id, type: event.type, organizationId, result }, "stripe connect event processed");
      return { status: 200, body: { received: true, result } };
    });
  } catch (err) {
    return stripeEventFailed(CONNECT, event, err);
  }
}
