import type { Subscriber } from "@/server/events/subscriber";

import {
  emitCallCompleted,
  emitLeadEvent,
  emitMessageReceived,
  emitPaymentDisputed,
  emitPaymentEvent,
  emitRentalCreated,
  emitReservationEvent,
} from "./domain-events";

/**
 * Outbound webhooks subscribe to domain events in the transaction that recorded them: a delivery
 * row per subscribed endpoint commits with the change (the outbox), and deliverDue sends it later.
 */
export const webhookSubscriber: Subscriber = {
  name: "webhooks",
  events: [
    "reservation.created",
    "reservation.cancelled",
    "reservation.expired",
    "lead.captured",
    "lead.updated",
    "rental.created",
    "call.completed",
    "turn.committed",
    "payment.succeeded",
    "payment.failed",
    "payment.refunded",
    "payment.disputed",
  ],
  async inTransaction(tx, event) {
    switch (event.type) {
      case "reservation.created":
      case "reservation.cancelled":
      case "reservation.expired":
        await emitReservationEvent(tx, event.organizationId, event.type, event.reservationId);
        return;
      case "lead.captured":
        await emitLeadEvent(tx, event.organizationId, "lead.created", event.leadId);
        return;
      case "lead.updated":
        await emitLeadEvent(tx, event.organizationId, "lead.updated", event.leadId);
        return;
      case "rental.created":
        await emitRentalCreated(tx, event.organizationId, event.rental);
        return;
      case "payment.succeeded":
      case "payment.failed":
      case "payment.refunded":
        await emitPaymentEvent(tx, event.organizationId, event.type, event.paymentId);
        return;
      case "payment.disputed":
        await emitPaymentDisputed(tx, event.organizationId, event.paymentId, event.disputeId);
        return;
      case "call.completed":
        await emitCallCompleted(tx, event.organizationId, event.conversationId);
        return;
      case "turn.committed":
        // message.received: a customer's text or chat message (a call's words are not messages).
        if (event.channel === "sms" || event.channel === "chat")
          await emitMessageReceived(tx, event.organizationId, event.conversationId, event.customerSeq);
        return;
    }
  },
};
