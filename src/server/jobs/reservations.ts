import { log } from "@/server/log";

import { enqueueWorkflow, sendToWorkflow } from "./client";
import { TOPICS, WORKFLOWS, workflowIds } from "./names";

/**
 * Reservation triggers, callable from any process.
 *
 *   startReservationLifecycle  starts a reservation's lifecycle at once (tests, scripts); a booking
 *                              writes it to the outbox in its own transaction instead (./outbox.ts)
 *   notifyReservationChanged   after a member extends the hold, or it is cancelled/converted, so the
 *                              waiting workflow re-reads it at once instead of at its next wake-up
 */
export function startReservationLifecycle(input: {
  organizationId: string;
  reservationId: string;
  reminderAt?: number;
}): Promise<string> {
  return enqueueWorkflow({
    workflowName: WORKFLOWS.reservationLifecycle,
    workflowId: workflowIds.reservation(input.reservationId),
    organizationId: input.organizationId,
    args: [input],
  });
}

export async function notifyReservationChanged(
  reservationId: string,
  kind: "extended" | "cancelled" | "converted" | "changed" = "changed",
): Promise<boolean> {
  const workflowId = workflowIds.reservation(reservationId);
  try {
    await sendToWorkflow(workflowId, { kind }, TOPICS.reservationChanged, `${workflowId}:${kind}:${Date.now()}`);
    return true;
  } catch (err) {
    // No lifecycle workflow for this reservation (made before workflows ran): nothing is waiting.
    log.warn({ reservationId, err: String(err) }, "no reservation workflow to notify");
    return false;
  }
}
