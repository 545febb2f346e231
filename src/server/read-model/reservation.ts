import { and, eq, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer, promotion, reservation, unit, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

import { cursorMicros } from "./cursor";
import { toReservation } from "./serializers";

/**
 * Reservations with what the public shape needs (unit type, unit number, customer, promotion). The
 * domain's listReservations has no cursor, phone or date filters and no promotion, so the API keeps
 * this read-only query of its own; creating and cancelling go through the domain services.
 */
export function selectReservations(tx: Executor, where: SQL | undefined) {
  return tx
    .select({
      r: reservation,
      ut: {
        id: unitType.id,
        name: unitType.name,
        widthFt: unitType.widthFt,
        lengthFt: unitType.lengthFt,
        features: unitType.features,
      },
      unitNumber: unit.number,
      c: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email },
      p: { id: promotion.id, name: promotion.name, kind: promotion.kind, months: promotion.months },
      cursorMicros: cursorMicros(reservation.createdAt),
      id: reservation.id,
    })
    .from(reservation)
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .leftJoin(promotion, eq(promotion.id, reservation.promotionId))
    .where(where);
}

/** The public JSON of one reservation; also what reservation.* webhook events carry as `data`. */
export async function loadReservationJson(tx: Executor, organizationId: string, reservationId: string) {
  const [row] = await selectReservations(
    tx,
    and(eq(reservation.organizationId, organizationId), eq(reservation.id, reservationId)),
  );
  if (!row) throw notFound("Reservation");
  return toReservation(row);
}
