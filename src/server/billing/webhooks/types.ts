import "server-only";

import type { Transaction } from "@/server/db/client";
import type { Stripe } from "@/server/integrations/stripe";

import type { SyncResult } from "../sync-subscription";

/** What every event handler gets: the event (only its ids are trusted), a Stripe client, the transaction. */
export interface WebhookContext {
  tx: Transaction;
  stripe: Stripe;
  event: Stripe.Event;
}

export type WebhookHandler = (ctx: WebhookContext) => Promise<SyncResult>;

/** The id of the object an event is about; the rest of the payload is not used. */
export function objectId(event: Stripe.Event): string {
  const id = (event.data.object as { id?: unknown }).id;
  if (typeof id !== "string" || !id) throw new Error(`event ${event.id} has no object id`);
  return id;
}
