import { and, desc, eq, sql, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer, facility, reservation, unit, unitType, type ReservationStatus } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

const columns = {
  reservation,
  /** "active" whose hold has passed reads as lapsed before the sweep marks it expired. */
  lapsed: sql<boolean>`(${reservation.status} = 'active' and ${reservation.holdExpiresAt} <= now())`,
  unitNumber: unit.number,
  unitTypeName: unitType.name,
  facilityName: facility.name,
  customer: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email },
};

export function listReservations(
  tx: Executor,
  organizationId: string,
  f: { facilityId?: string; status?: ReservationStatus; limit?: number } = {},
) {
  const where: SQL[] = [eq(reservation.organizationId, organizationId)];
  if (f.facilityId) where.push(eq(reservation.facilityId, f.facilityId));
  if (f.status) where.push(eq(reservation.status, f.status));
  return tx
    .select(columns)
    .from(reservation)
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .where(and(...where))
    .orderBy(desc(reservation.createdAt))
    .limit(Math.min(f.limit ?? 200, 1000));
}

/** By id or by confirmation code (what a caller reads out). */
export async function getReservation(
  tx: Executor,
  organizationId: string,
  by: { id: string } | { confirmationCode: string },
) {
  const match =
    "id" in by ? eq(reservation.id, by.id) : eq(reservation.confirmationCode, by.confirmationCode.trim().toUpperCase());
  const [row] = await tx
    .select(columns)
    .from(reservation)
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .where(and(eq(reservation.organizationId, organizationId), match));
  if (!row) throw notFound("Reservation");
  return row;
}
