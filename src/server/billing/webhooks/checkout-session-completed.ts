import "server-only";

import { syncSubscription } from "../sync-subscription";
import { objectId, type WebhookHandler } from "./types";

/**
 * Checkout finished: read the session back from Stripe and store the subscription it created. The
 * organization comes from the session's client_reference_id, which we set when creating it.
 */
export const checkoutSessionCompleted: WebhookHandler = async ({ tx, stripe, event }) => {
  const session = await stripe.checkout.sessions.retrieve(objectId(event));
  const subscriptionId =
    typeof session.subscription === "string" ? session.subscription : (session.subscription?.id ?? null);
  if (session.mode !== "subscription" || !subscriptionId) {
    return { organizationId: session.client_reference_id, status: null, skipped: "not a subscription checkout" };
  }
  return syncSubscription(tx, stripe, subscriptionId, { organizationHint: session.client_reference_id });
};
