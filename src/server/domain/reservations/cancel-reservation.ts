import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { reservation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";
import { releaseLeadFromReservation } from "@/server/domain/leads/change-lead-status";

import { lockReservation, requireActive } from "./lock-reservation";

/** Cancels an active reservation, frees its unit and gives the lead back to the board (releaseLeadFromReservation). */
export async function cancelReservation(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { reservationId: string; reason?: string | null },
) {
  const { reservation: r, unit: u } = await lockReservation(tx, organizationId, input.reservationId);
  requireActive(r);
  const [row] = await tx
    .update(reservation)
    .set({ status: "cancelled", cancelledReason: input.reason ?? null })
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, r.id)))
    .returning();
  if (u.status === "reserved")
    await writeUnitStatus(
      tx,
      organizationId,
      actor,
      u.id,
      "reserved",
      "available",
      `reservation ${r.confirmationCode} cancelled`,
    );
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "reservation.cancelled",
    targetType: "reservation",
    targetId: r.id,
    data: { confirmationCode: r.confirmationCode, reason: input.reason ?? null },
  });
  await recordEvent(tx, { type: "reservation.cancelled", organizationId, reservationId: r.id });
  // The PMS hold is released by the PMS subscriber to reservation.cancelled (src/server/pms/subscriber.ts).
  await releaseLeadFromReservation(tx, organizationId, actor, r.id, "cancelled");
  return row!;
}
