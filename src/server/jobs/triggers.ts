import type { AlertSettings } from "@/server/alerts/settings";
import { queueEventAlert } from "@/server/alerts/triggers";

import { workflowIds } from "./names";
import { kickOutbox } from "./outbox";
import { notifyReservationChanged } from "./reservations";

/**
 * Called by adapters (tRPC, public API, agent tools) AFTER the transaction that made the change has
 * committed. The change itself is already safe; a failure to reach the workflow queue is logged
 * rather than turned into an error for a booking that did happen.
 *
 * The reservation's lifecycle workflow is already in the outbox, written by createReservation in the
 * booking's transaction: the kick starts it in a moment, off the caller's path, and the sweep does if
 * this process dies first (src/server/jobs/outbox.ts).
 */
export async function afterReservationCreated(
  organizationId: string,
  reservationId: string,
  alerts?: { settings: AlertSettings },
) {
  kickOutbox([workflowIds.reservation(reservationId)]);
  // `alerts`: the organization's alert settings as read in the booking's transaction (agent turns).
  await queueEventAlert(organizationId, "reservation_created", reservationId, alerts);
}

export async function afterReservationChanged(reservationId: string, kind: "extended" | "cancelled" | "converted") {
  await notifyReservationChanged(reservationId, kind);
}
