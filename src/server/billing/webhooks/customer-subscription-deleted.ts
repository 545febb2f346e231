import "server-only";

import { syncSubscription } from "../sync-subscription";
import { objectId, type WebhookHandler } from "./types";

/** customer.subscription.deleted: store the subscription as Stripe has it now, not as the payload says. */
export const customerSubscriptionDeleted: WebhookHandler = ({ tx, stripe, event }) =>
  syncSubscription(tx, stripe, objectId(event));
