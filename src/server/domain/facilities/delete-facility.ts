import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, rental, reservation, unit, unitType } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { assertNotManagedByPms } from "@/server/pms/managed";

/**
 * Deletes a facility with its unit types and units. Refused while it has reservations or rentals:
 * those are customer records, so the operator deactivates the facility instead.
 */
export async function deleteFacility(tx: Executor, organizationId: string, actor: Actor, facilityId: string) {
  await assertNotManagedByPms(tx, organizationId, "facility", [facilityId]);
  const [booked] = await tx
    .select({ id: reservation.id })
    .from(reservation)
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.facilityId, facilityId)))
    .limit(1);
  const [rented] = await tx
    .select({ id: rental.id })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.facilityId, facilityId)))
    .limit(1);
  if (booked || rented)
    throw new DomainError("CONFLICT", "This facility has reservations or rentals; deactivate it instead.");
  await tx.delete(unit).where(and(eq(unit.organizationId, organizationId), eq(unit.facilityId, facilityId)));
  await tx
    .delete(unitType)
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.facilityId, facilityId)));
  const [row] = await tx
    .delete(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)))
    .returning();
  if (!row) throw notFound("Facility");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.deleted",
    targetType: "facility",
    targetId: facilityId,
    data: { name: row.name },
  });
  return { ok: true as const };
}
