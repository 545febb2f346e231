import { z } from "zod";

import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/server/db/schema";
import { ZDisputedPaymentJson, ZPaymentJson } from "@/server/read-model/payment";

/**
 * The body of every webhook (Standard Webhooks' recommended envelope). `data` is the resource in
 * the same JSON shape the REST API returns for it.
 */
export const ZWebhookEvent = z
  .object({
    type: z.enum(WEBHOOK_EVENT_TYPES),
    timestamp: z.iso.datetime().describe("When the event happened."),
    data: z
      .record(z.string(), z.unknown())
      .describe("The resource, as the REST API returns it (see the event catalogue)."),
  })
  .meta({ id: "WebhookEvent" });

/** `schema`: the named schema of `data`, where the OpenAPI document gives it (the webhooks section). */
export const WEBHOOK_EVENT_DOCS: Record<WebhookEventType, { description: string; data: string; schema?: z.ZodType }> = {
  "lead.created": { description: "A new lead was captured (call, text, chat, web form, API).", data: "Lead" },
  "lead.updated": {
    description: "A lead changed: status, owner, details, or merged with new contact details.",
    data: "Lead",
  },
  "reservation.created": { description: "A unit was reserved.", data: "Reservation" },
  "reservation.cancelled": { description: "A reservation was cancelled and its unit freed.", data: "Reservation" },
  "reservation.expired": { description: "A reservation's hold lapsed without a move-in.", data: "Reservation" },
  "rental.created": {
    description: "A customer moved in: a reservation became a rental.",
    data: "Rental: id, reservation_id, customer_id, facility_id, unit_id, start_date, monthly_rate_cents",
  },
  "call.completed": {
    description: "A phone call ended and was wrapped up: outcome, summary and transcript.",
    data: "Conversation",
  },
  "message.received": {
    description: "A customer's text (SMS) or web chat message was received, before the agent's reply.",
    data: "Message",
  },
  "payment.succeeded": {
    description: "A customer paid: a payment link's Checkout, or a payment staff recorded. Posted to the ledger.",
    data: "Payment",
    schema: ZPaymentJson,
  },
  "payment.failed": {
    description: "A customer's card payment was declined or failed.",
    data: "Payment",
    schema: ZPaymentJson,
  },
  "payment.refunded": {
    description: "Part or all of a payment was refunded; refunded_cents is the total so far.",
    data: "Payment",
    schema: ZPaymentJson,
  },
  "payment.disputed": {
    description:
      "A customer's bank disputed a card payment (dispute.closed_at null), or the dispute ended: won, or lost (the payment is reversed on the ledger).",
    data: "DisputedPayment: the Payment with its dispute",
    schema: ZDisputedPaymentJson,
  },
};
