import { alertSubscriber } from "@/server/alerts/subscriber";
import { collectionsSubscriber } from "@/server/payments/collections/subscriber";
import { pmsSubscriber } from "@/server/pms/subscriber";
import { workflowSubscriber } from "@/server/jobs/subscriber";
import { paymentSubscriber } from "@/server/payments/subscriber";
import { realtimeSubscriber } from "@/server/realtime/conversation-events";
import { webhookSubscriber } from "@/server/webhooks/subscriber";

import type { Subscriber } from "./subscriber";

/**
 * Every subscriber to domain events, in the order they run. The PMS runs first: it may refuse a
 * booking (the unit was taken there), and then nothing else should have reacted to it. Loaded by
 * ./record.ts on the first event (never imported by the code that records events, which sits below
 * these in the layer order).
 */
export const SUBSCRIBERS: readonly Subscriber[] = [
  pmsSubscriber,
  webhookSubscriber,
  alertSubscriber,
  workflowSubscriber,
  realtimeSubscriber,
  paymentSubscriber,
  collectionsSubscriber,
];
