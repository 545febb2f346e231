import "server-only";

import { syncSubscription } from "../sync-subscription";
import { subscriptionOfInvoice } from "./invoice-subscription";
import { objectId, type WebhookHandler } from "./types";

/**
 * invoice.payment_failed: Stripe moves the subscription to past_due and retries the card; reading it
 * back records that and starts our grace period (see GRACE_PERIOD_DAYS).
 */
export const invoicePaymentFailed: WebhookHandler = async ({ tx, stripe, event }) => {
  const subscriptionId = await subscriptionOfInvoice(stripe, objectId(event));
  if (!subscriptionId) return { organizationId: null, status: null, skipped: "invoice without subscription" };
  return syncSubscription(tx, stripe, subscriptionId);
};
