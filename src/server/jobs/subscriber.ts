import type { Subscriber } from "@/server/events/subscriber";

import { workflowIds } from "./names";
import { kickOutbox } from "./outbox";
import { notifyReservationChanged } from "./reservations";

/**
 * Workflows that follow a reservation. Its lifecycle workflow is written to the outbox by the
 * booking's own statement (reservation_book in create-reservation.ts), so the start is already
 * durable; after the commit this only wakes the outbox (the sweep starts it if this process dies).
 * A change to a held reservation tells its waiting lifecycle at once; without that message it
 * re-reads the reservation at its next wake-up, so losing it loses nothing but a few minutes.
 */
export const workflowSubscriber: Subscriber = {
  name: "workflows",
  events: ["reservation.created", "reservation.cancelled", "reservation.extended", "reservation.converted"],
  async afterCommit(event) {
    switch (event.type) {
      case "reservation.created":
        kickOutbox([workflowIds.reservation(event.reservationId)]);
        return;
      case "reservation.cancelled":
        await notifyReservationChanged(event.reservationId, "cancelled");
        return;
      case "reservation.extended":
        await notifyReservationChanged(event.reservationId, "extended");
        return;
      case "reservation.converted":
        await notifyReservationChanged(event.reservationId, "converted");
        return;
    }
  },
};
