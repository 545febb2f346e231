import "server-only";

import { syncSubscription } from "../sync-subscription";
import { subscriptionOfInvoice } from "./invoice-subscription";
import { objectId, type WebhookHandler } from "./types";

/** invoice.paid: a renewal or a recovered payment; re-reading the subscription clears past_due and the grace period. */
export const invoicePaid: WebhookHandler = async ({ tx, stripe, event }) => {
  const subscriptionId = await subscriptionOfInvoice(stripe, objectId(event));
  if (!subscriptionId) return { organizationId: null, status: null, skipped: "invoice without subscription" };
  return syncSubscription(tx, stripe, subscriptionId);
};
