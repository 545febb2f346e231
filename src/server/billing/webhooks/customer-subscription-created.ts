import "server-only";

import { syncSubscription } from "../sync-subscription";
import { objectId, type WebhookHandler } from "./types";

/** customer.subscription.created: store the subscription as Stripe has it now, not as the payload says. */
export const customerSubscriptionCreated: WebhookHandler = ({ tx, stripe, event }) =>
  syncSubscription(tx, stripe, objectId(event));
