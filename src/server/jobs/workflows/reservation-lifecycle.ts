import { DBOS } from "@dbos-inc/dbos-sdk";

import { TOPICS, WORKFLOWS, type FollowUpControl } from "../names";
import { expireIfDue, notifyCustomer, reminderMoment, snapshot } from "./reservation-steps";

/**
 * Reservation lifecycle (docs/workflows.md): confirmation text + e-mail at once, a reminder at 10:00
 * facility time the day before move-in, and at the end of the hold the unit is released (domain
 * sweep) and the customer told. It waits on `recv`, so a member extending the hold
 * (notifyReservationChanged) wakes it to re-read the reservation and sleep towards the new end.
 * It ends when the reservation is no longer active (converted, cancelled, expired).
 */
export interface ReservationLifecycleInput {
  organizationId: string;
  reservationId: string;
  /** Tests only: when to send the move-in reminder instead of the day before at 10:00. */
  reminderAt?: number;
}

const RETRIES = { retriesAllowed: true, maxAttempts: 6, intervalSeconds: 5, backoffRate: 2 };

async function reservationLifecycleWorkflow(
  input: ReservationLifecycleInput,
): Promise<{ outcome: string; reminded: boolean }> {
  const { organizationId, reservationId } = input;
  const first = await DBOS.runStep(() => snapshot(organizationId, reservationId), { name: "load" });
  if (!first || first.status !== "active") return { outcome: first?.status ?? "missing", reminded: false };

  for (const workflowId of first.liveFollowUps) {
    const stop: FollowUpControl = { kind: "reserved", reservationId };
    await DBOS.send(workflowId, stop, TOPICS.followUpControl, `${workflowId}:reserved:${reservationId}`);
  }
  await DBOS.runStep(() => notifyCustomer(organizationId, reservationId, "confirmation", "active"), {
    name: "confirm",
    ...RETRIES,
  });

  const remindAt = input.reminderAt ?? reminderMoment(first);
  // A reservation made on the eve of move-in (or later) already got everything in its confirmation.
  let reminded = !first.remindersEnabled || remindAt <= first.now;
  for (let round = 0; ; round++) {
    const s =
      round === 0 ? first : await DBOS.runStep(() => snapshot(organizationId, reservationId), { name: "reload" });
    if (!s || s.status !== "active") return { outcome: s?.status ?? "missing", reminded };
    const reminderFirst = !reminded && remindAt < s.holdExpiresAt;
    const wakeAt = reminderFirst ? remindAt : s.holdExpiresAt;
    const changed = await DBOS.recv<{ kind: string }>(TOPICS.reservationChanged, { deadlineEpochMS: wakeAt });
    if (changed) continue; // extended, cancelled, converted: look again
    if (reminderFirst) {
      await DBOS.runStep(() => notifyCustomer(organizationId, reservationId, "reminder", "active"), {
        name: "remind",
        ...RETRIES,
      });
      reminded = true;
      continue;
    }
    const status = await DBOS.runStep(() => expireIfDue(organizationId, reservationId), { name: "expire", ...RETRIES });
    if (status === "expired") {
      await DBOS.runStep(() => notifyCustomer(organizationId, reservationId, "expired", "expired"), {
        name: "tell-expired",
        ...RETRIES,
      });
      return { outcome: "expired", reminded };
    }
    // Still active: extended meanwhile, or the database clock is a little behind ours. Look again
    // after a pause, so a skewed clock cannot spin this loop.
    await DBOS.sleep(2_000);
  }
}

export const reservationLifecycle = DBOS.registerWorkflow(reservationLifecycleWorkflow, {
  name: WORKFLOWS.reservationLifecycle,
});
