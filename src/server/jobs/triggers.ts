import type { AlertSettings } from "@/server/alerts/settings";
import { queueEventAlert } from "@/server/alerts/triggers";
import { log } from "@/server/log";

import { notifyReservationChanged, startReservationLifecycle } from "./reservations";

/**
 * Called by adapters (tRPC, public API, agent tools) AFTER the transaction that made the change has
 * committed. The change itself is already safe; a failure to reach the workflow queue is logged
 * rather than turned into an error for a booking that did happen.
 */
export async function afterReservationCreated(organizationId: string, reservationId: string, alerts?: { settings: AlertSettings }) {
  try {
    await startReservationLifecycle({ organizationId, reservationId });
  } catch (err) {
    log.error({ reservationId, err: String(err) }, "could not start the reservation workflow");
  }
  // `alerts`: the organization's alert settings as read in the booking's transaction (agent turns).
  await queueEventAlert(organizationId, "reservation_created", reservationId, alerts);
}

export async function afterReservationChanged(reservationId: string, kind: "extended" | "cancelled" | "converted") {
  await notifyReservationChanged(reservationId, kind);
}
