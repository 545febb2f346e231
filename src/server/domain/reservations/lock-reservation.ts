import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { reservation, unit } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/domain/errors";

/**
 * Locks a reservation's unit, then the reservation, in that order: the same order createReservation
 * takes them (unit first), so the two never deadlock.
 */
export async function lockReservation(tx: Executor, organizationId: string, reservationId: string) {
  const [r] = await tx
    .select()
    .from(reservation)
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, reservationId)));
  if (!r) throw notFound("Reservation");
  const [u] = await tx.select().from(unit).where(eq(unit.id, r.unitId)).for("update");
  const [locked] = await tx.select().from(reservation).where(eq(reservation.id, reservationId)).for("update");
  return { reservation: locked!, unit: u! };
}

export function requireActive(r: { status: string; confirmationCode: string }) {
  if (r.status !== "active") throw new DomainError("CONFLICT", `Reservation ${r.confirmationCode} is ${r.status}.`);
}
