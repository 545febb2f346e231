import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { message, type rental } from "@/server/db/schema";
import { loadConversationJson, loadMessageJson } from "@/server/read-model/conversation";
import { loadLeadJson } from "@/server/read-model/lead";
import { loadDisputedPaymentJson, loadPaymentJson } from "@/server/read-model/payment";
import { loadReservationJson } from "@/server/read-model/reservation";

import { emitEvent } from "./emit-event";

/**
 * The domain services' side of outbound webhooks: each records its event in the same transaction
 * as the change (see emitEvent). Payloads are the public API's JSON, built only when an endpoint
 * subscribed to the event.
 */
export function emitLeadEvent(
  tx: Executor,
  organizationId: string,
  type: "lead.created" | "lead.updated",
  leadId: string,
) {
  return emitEvent(tx, organizationId, type, () => loadLeadJson(tx, organizationId, leadId));
}

export function emitReservationEvent(
  tx: Executor,
  organizationId: string,
  type: "reservation.created" | "reservation.cancelled" | "reservation.expired",
  reservationId: string,
) {
  return emitEvent(tx, organizationId, type, () => loadReservationJson(tx, organizationId, reservationId));
}

/** Never carries the gate code: a webhook receiver is not staff. */
export function emitRentalCreated(
  tx: Executor,
  organizationId: string,
  r: Omit<typeof rental.$inferSelect, "gateCodeEncrypted">,
) {
  return emitEvent(tx, organizationId, "rental.created", async () => ({
    id: r.id,
    reservation_id: r.reservationId,
    facility_id: r.facilityId,
    unit_id: r.unitId,
    customer_id: r.customerId,
    start_date: r.startDate,
    monthly_rate_cents: r.monthlyRateCents,
    billing_day: r.billingDay,
    created_at: r.createdAt.toISOString(),
  }));
}

/** payment.succeeded / failed / refunded: the payment as GET /api/v1/payments returns it. */
export function emitPaymentEvent(
  tx: Executor,
  organizationId: string,
  type: "payment.succeeded" | "payment.failed" | "payment.refunded",
  paymentId: string,
) {
  return emitEvent(tx, organizationId, type, () => loadPaymentJson(tx, organizationId, paymentId));
}

/**
 * payment.disputed: a customer's bank disputed a card payment (the dispute opened), or the dispute
 * ended (won or lost); the payment as GET /api/v1/payments returns it, with the dispute's state.
 */
export function emitPaymentDisputed(tx: Executor, organizationId: string, paymentId: string, disputeId: string) {
  return emitEvent(tx, organizationId, "payment.disputed", () =>
    loadDisputedPaymentJson(tx, organizationId, paymentId, disputeId),
  );
}

/** A call that has been wrapped up (outcome, summary): the conversation with its transcript, gate codes left out. */
export function emitCallCompleted(tx: Executor, organizationId: string, conversationId: string) {
  return emitEvent(tx, organizationId, "call.completed", () =>
    loadConversationJson(tx, organizationId, conversationId),
  );
}

/** A customer's text or chat message, in the transaction that stored it as a turn (`seq` in its conversation). */
export function emitMessageReceived(tx: Executor, organizationId: string, conversationId: string, seq: number) {
  return emitEvent(tx, organizationId, "message.received", () =>
    loadMessageJson(tx, organizationId, and(eq(message.conversationId, conversationId), eq(message.seq, seq))!),
  );
}
