import { onCommit, type Executor } from "@/server/db/client";
import type { Subscriber } from "@/server/events/subscriber";
import { kickOutbox } from "@/server/jobs/outbox";

import { hasLivePms } from "./presence";
import {
  queueLeadWriteBack,
  queuePaymentWriteBack,
  queueRefundWriteBack,
  queueReservationRelease,
  writeBackBooking,
} from "./write-back";

/**
 * PMS write-back driven by domain events (docs/integrations.md, "Write-back"). Runs first among the
 * subscribers (events/subscribers.ts), in the transaction that recorded the event:
 *   - reservation.created: the booking is written to the PMS now, inside the booking, within the
 *     budget. A refusal throws PmsUnitRefused out of recordEvent, before any other subscriber ran,
 *     and createReservation rolls the attempt back to its savepoint and books the next free unit.
 *     Slow or down: a pending write-back and its retry workflow's outbox row commit with the booking.
 *   - reservation.cancelled / reservation.expired: the PMS hold is released by the retry workflow.
 *   - lead.captured / lead.updated: a lead with a facility the PMS manages becomes a PMS lead once.
 *   - payment.succeeded: money we received for a rental or reservation the PMS manages is posted to
 *     the tenant's PMS account once, by the retry workflow (the PMS ledger is the source of the balance).
 *   - payment.refunded: a refund of a payment posted there is recorded there once, the same way.
 * Outbox rows are written here, so a crash after the commit loses nothing; the after-commit kick
 * only starts them sooner than the outbox sweep would.
 */
const kickAfterCommit = (tx: Executor, workflowId: string | null) => {
  if (workflowId) onCommit(tx, () => kickOutbox([workflowId]));
};

export const pmsSubscriber: Subscriber = {
  name: "pms",
  events: [
    "reservation.created",
    "reservation.cancelled",
    "reservation.expired",
    "lead.captured",
    "lead.updated",
    "payment.succeeded",
    "payment.refunded",
  ],
  async inTransaction(tx, event) {
    // An organization without a PMS stops here, from the config-version cache in an agent turn.
    if (!(await hasLivePms(tx, event.organizationId))) return;
    switch (event.type) {
      case "reservation.created": {
        const outcome = await writeBackBooking(tx, event.organizationId, event.reservationId);
        if (outcome.status === "pending") kickAfterCommit(tx, outcome.workflowId);
        return;
      }
      case "reservation.cancelled":
      case "reservation.expired":
        kickAfterCommit(tx, await queueReservationRelease(tx, event.organizationId, event.reservationId));
        return;
      case "lead.updated":
        // A booking moving the lead it captured in this transaction to "reserved": queued at its capture.
        if (event.statusOnly) return;
        kickAfterCommit(tx, await queueLeadWriteBack(tx, event.organizationId, event.leadId));
        return;
      case "lead.captured":
        kickAfterCommit(tx, await queueLeadWriteBack(tx, event.organizationId, event.leadId));
        return;
      case "payment.succeeded":
        kickAfterCommit(tx, await queuePaymentWriteBack(tx, event.organizationId, event.paymentId));
        return;
      case "payment.refunded":
        kickAfterCommit(tx, await queueRefundWriteBack(tx, event.organizationId, event.paymentId, event.ledgerEntryId));
        return;
    }
  },
};
