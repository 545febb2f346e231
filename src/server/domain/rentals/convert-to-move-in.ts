import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { facility, rental, reservation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation } from "@/server/domain/errors";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";
import { ledgerBalance } from "@/server/domain/ledger/balance";
import { moveReservationLedgerToRental, postMoveInCharges } from "@/server/domain/ledger/quote-charges";
import { advanceLeadForCustomer } from "@/server/domain/leads/change-lead-status";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";
import { lockReservation } from "@/server/domain/reservations/lock-reservation";

import { encryptSecret } from "@/server/auth/encryption";

import { generateGateCode } from "./gate-code";
import { isoDate } from "@/lib/zod-dates";

export const ZMoveIn = z.object({
  reservationId: z.uuid(),
  /** Defaults to the reservation's move-in date. */
  startDate: isoDate().optional(),
  protectionPlanId: z.uuid().nullish(),
});
export type MoveInInput = z.input<typeof ZMoveIn>;

/**
 * Turns a held reservation into a rental: the quoted rate is honoured, the first charge is
 * re-priced for the actual start date (proration changes with it), a gate code is generated and
 * stored encrypted. The plain gate code is returned once, for staff to hand over.
 */
export async function convertToMoveIn(tx: Executor, organizationId: string, actor: Actor, input: MoveInInput) {
  const v = ZMoveIn.parse(input);
  const { reservation: r, unit: u } = await lockReservation(tx, organizationId, v.reservationId);
  if (r.status !== "active") throw new DomainError("CONFLICT", `Reservation ${r.confirmationCode} is ${r.status}.`);
  if (u.status === "occupied" || u.status === "unavailable")
    throw new DomainError("CONFLICT", `Unit ${u.number} is ${u.status}.`);
  const [f] = await tx.select().from(facility).where(eq(facility.id, r.facilityId));
  const startDate = v.startDate ?? r.moveInDate;
  const protectionPlanId = v.protectionPlanId ?? null;
  const quote = await quoteUnitType(tx, organizationId, {
    unitTypeId: r.unitTypeId,
    channel: r.channel,
    moveInDate: startDate,
    protectionPlanId,
    promotionId: r.promotionId,
  });
  const gateCode = generateGateCode();
  try {
    const [created] = await tx.transaction((sp) =>
      sp
        .insert(rental)
        .values({
          organizationId,
          facilityId: r.facilityId,
          unitId: u.id,
          customerId: r.customerId,
          reservationId: r.id,
          startDate,
          monthlyRateCents: r.quotedMonthlyRateCents,
          billingDay: quote.billingDay,
          protectionPlanId,
          gateCodeEncrypted: encryptSecret(gateCode),
        })
        .returning(),
    );
    // The ledger: a move-in paid ahead (by a payment link) already has its charges and payment on the
    // reservation's ledger, which becomes the rental's; otherwise the move-in charges of this quote.
    await moveReservationLedgerToRental(tx, organizationId, r.id, created!.id);
    await postMoveInCharges(tx, organizationId, actor, {
      customerId: r.customerId,
      facilityId: r.facilityId,
      reservationId: r.id,
      rentalId: created!.id,
      lines: quote.lines,
    });
    created!.balanceCents = await ledgerBalance(tx, organizationId, { rentalId: created!.id });
    await tx
      .update(reservation)
      .set({ status: "converted" })
      .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, r.id)));
    await writeUnitStatus(tx, organizationId, actor, u.id, u.status, "occupied", `move-in ${r.confirmationCode}`);
    await advanceLeadForCustomer(tx, organizationId, actor, r.customerId, "moved_in");
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "rental.moved_in",
      targetType: "rental",
      targetId: created!.id,
      data: {
        reservationId: r.id,
        unitNumber: u.number,
        startDate,
        facility: f?.name,
        dueAtMoveInCents: quote.dueAtMoveInCents,
      },
    });
    const { gateCodeEncrypted: _hidden, ...safe } = created!;
    await recordEvent(tx, { type: "rental.created", organizationId, rental: safe });
    await recordEvent(tx, { type: "reservation.converted", organizationId, reservationId: r.id });
    return { rental: safe, gateCode, quote };
  } catch (err) {
    if (isUniqueViolation(err, "rental_one_current_per_unit"))
      throw new DomainError("CONFLICT", `Unit ${u.number} already has a tenant.`);
    throw err;
  }
}
