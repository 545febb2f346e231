import { and, desc, eq, inArray } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { auditLog, customer, lead, rental, reservation } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

/** A customer with lead, reservations, rentals and an audit timeline for the customer page. */
export async function getCustomer(tx: Executor, organizationId: string, customerId: string) {
  const [row] = await tx
    .select()
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
  if (!row) throw notFound("Customer");
  const [leadRow] = await tx
    .select()
    .from(lead)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customerId)));
  const reservations = await tx
    .select()
    .from(reservation)
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.customerId, customerId)))
    .orderBy(desc(reservation.createdAt));
  const rentals = await tx
    .select({
      id: rental.id,
      unitId: rental.unitId,
      facilityId: rental.facilityId,
      startDate: rental.startDate,
      monthlyRateCents: rental.monthlyRateCents,
      balanceCents: rental.balanceCents,
      movedOutAt: rental.movedOutAt,
    })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.customerId, customerId)));
  const ids = [customerId, leadRow?.id, ...reservations.map((r) => r.id), ...rentals.map((r) => r.id)].filter(
    Boolean,
  ) as string[];
  const timeline = await tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), inArray(auditLog.targetId, ids)))
    .orderBy(desc(auditLog.createdAt))
    .limit(200);
  return { ...row, lead: leadRow ?? null, reservations, rentals, timeline };
}
