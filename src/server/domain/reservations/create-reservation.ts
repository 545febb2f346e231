import { and, eq, sql } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { emitReservationEvent } from "@/server/webhooks/domain-events";
import type { Executor } from "@/server/db/client";
import { customer, facility, reservation, unit, unitType, type Channel } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";
import { unitIsFree } from "@/server/domain/inventory/availability-sql";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";
import { advanceLeadForCustomer } from "@/server/domain/leads/change-lead-status";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";

import { generateConfirmationCode } from "./confirmation-code";
import { ZCreateReservation, type CreateReservationInput } from "./reservation-input";

const LEAD_SOURCE: Record<Channel, "call" | "sms" | "chat" | "web" | "walk_in"> = { phone: "call", sms: "sms", chat: "chat", web: "web", walk_in: "walk_in" };
const MAX_UNIT_TRIES = 5;

/**
 * Holds one unit for a customer until the facility's hold period (days, at least one) has passed.
 *
 * No double booking: a free unit is claimed with `SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent
 * bookings each take a different unit or find none; the claim is then re-checked in a fresh
 * statement (READ COMMITTED gives it a new snapshot), and the partial unique index
 * `reservation_one_active_per_unit` is the database's last word. A lapsed hold still marked active is
 * expired here, under the unit's lock, before the unit is held again.
 */
export async function createReservation(tx: Executor, organizationId: string, actor: Actor, input: CreateReservationInput) {
  const v = ZCreateReservation.parse(input);
  const [row] = await tx
    .select({ ut: unitType, f: facility })
    .from(unitType)
    .innerJoin(facility, eq(facility.id, unitType.facilityId))
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, v.unitTypeId)));
  if (!row) throw notFound("Unit type");
  const { ut, f } = row;
  if (!ut.active || !f.active) throw new DomainError("BAD_REQUEST", `${ut.name} at ${f.name} is not open for reservations.`);

  let customerId = v.customerId;
  let leadId: string | null = null;
  if (customerId) {
    const [c] = await tx.select({ id: customer.id }).from(customer).where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
    if (!c) throw notFound("Customer");
  } else {
    const captured = await captureLead(tx, organizationId, actor, { source: LEAD_SOURCE[v.channel], ...v.customer, facilityId: f.id, desiredUnitTypeId: ut.id, desiredMoveInDate: v.moveInDate });
    customerId = captured.customer.id;
    leadId = captured.lead.id;
  }

  const quote = await quoteUnitType(tx, organizationId, { unitTypeId: ut.id, channel: v.channel, moveInDate: v.moveInDate, protectionPlanId: v.protectionPlanId, promotionId: v.promotionId });
  const holdExpiresAt = new Date(Date.now() + Math.max(1, f.holdPeriodDays) * 86_400_000);
  const tried: string[] = [];

  for (let attempt = 0; attempt < MAX_UNIT_TRIES; attempt++) {
    const claimed = await tx.execute<{ id: string; number: string }>(sql`
      select unit.id, unit.number from unit
      where unit.organization_id = ${organizationId} and unit.unit_type_id = ${ut.id}
        ${v.unitId ? sql`and unit.id = ${v.unitId}` : sql``}
        ${tried.length ? sql`and unit.id not in ${tried}` : sql``}
        and ${unitIsFree()}
      order by unit.number
      limit 1
      for update of unit skip locked`);
    const u = claimed.rows[0];
    if (!u) break;
    tried.push(u.id);

    // Fresh snapshot, row now locked: is it still free?
    const [current] = await tx.select({ status: unit.status }).from(unit).where(eq(unit.id, u.id));
    const [hold] = await tx
      .select({ id: reservation.id, live: sql<boolean>`${reservation.holdExpiresAt} > now()` })
      .from(reservation)
      .where(and(eq(reservation.unitId, u.id), eq(reservation.status, "active")));
    if (!current || (current.status !== "available" && current.status !== "reserved") || hold?.live) continue;
    if (hold) {
      await tx.update(reservation).set({ status: "expired" }).where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, hold.id)));
      await recordAudit(tx, { organizationId, actor: { label: "system" }, action: "reservation.expired", targetType: "reservation", targetId: hold.id, data: { unitId: u.id, lazily: true } });
      await emitReservationEvent(tx, organizationId, "reservation.expired", hold.id);
    }

    for (let codeTry = 0; codeTry < 5; codeTry++) {
      const confirmationCode = generateConfirmationCode();
      try {
        const [created] = await tx.transaction((sp) =>
          sp
            .insert(reservation)
            .values({
              organizationId, facilityId: f.id, unitTypeId: ut.id, unitId: u.id, customerId: customerId!, leadId,
              status: "active", moveInDate: v.moveInDate, quotedMonthlyRateCents: quote.monthlyRateCents,
              promotionId: quote.promotion?.id ?? null, quote: quote as unknown as Record<string, unknown>,
              confirmationCode, holdExpiresAt, channel: v.channel, createdBy: actor.label,
            })
            .returning(),
        );
        await writeUnitStatus(tx, organizationId, actor, u.id, current.status, "reserved", `reservation ${confirmationCode}`);
        await advanceLeadForCustomer(tx, organizationId, actor, customerId!, "reserved");
        await recordAudit(tx, {
          organizationId, actor, action: "reservation.created", targetType: "reservation", targetId: created!.id,
          data: { unitId: u.id, unitNumber: u.number, confirmationCode, moveInDate: v.moveInDate, dueAtMoveInCents: quote.dueAtMoveInCents },
        });
        await emitReservationEvent(tx, organizationId, "reservation.created", created!.id);
        return { reservation: created!, unitNumber: u.number, quote };
      } catch (err) {
        if (isUniqueViolation(err, "reservation_one_active_per_unit")) break; // someone else holds it: next unit
        if (!isUniqueViolation(err)) throw err; // otherwise a code collision: draw again
      }
    }
  }
  throw new DomainError(
    "CONFLICT",
    v.unitId ? "That unit is no longer available." : `No ${ut.name} units are available at ${f.name} right now.`,
    { reason: "sold_out", unitTypeId: ut.id },
  );
}
