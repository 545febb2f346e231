import { and, eq, lte, sql } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { reservation } from "@/server/db/schema";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";
import { releaseLeadFromReservation } from "@/server/domain/leads/change-lead-status";

const SYSTEM = { label: "system" };

/**
 * The sweep: marks lapsed holds expired and frees their units. Availability never waits for it
 * (a lapsed hold already reads as free); it keeps statuses and the reservations list tidy.
 * Safe to run concurrently with bookings: each unit is locked (SKIP LOCKED) before it is touched.
 */
export async function expireDueReservations(tx: Executor, organizationId: string, limit = 500) {
  const due = await tx
    .select({ id: reservation.id, unitId: reservation.unitId, code: reservation.confirmationCode })
    .from(reservation)
    .where(
      and(
        eq(reservation.organizationId, organizationId),
        eq(reservation.status, "active"),
        lte(reservation.holdExpiresAt, sql`now()`),
      ),
    )
    .limit(limit);
  let expired = 0;
  for (const r of due) {
    const locked = await tx.execute(sql`select id, status from unit where id = ${r.unitId} for update skip locked`);
    const u = locked.rows[0] as { id: string; status: string } | undefined;
    if (!u) continue; // a booking is working on this unit right now and will expire the hold itself
    const [row] = await tx
      .update(reservation)
      .set({ status: "expired" })
      .where(
        and(eq(reservation.id, r.id), eq(reservation.status, "active"), lte(reservation.holdExpiresAt, sql`now()`)),
      )
      .returning({ id: reservation.id });
    if (!row) continue;
    if (u.status === "reserved")
      await writeUnitStatus(tx, organizationId, SYSTEM, u.id, "reserved", "available", `reservation ${r.code} expired`);
    await recordAudit(tx, {
      organizationId,
      actor: SYSTEM,
      action: "reservation.expired",
      targetType: "reservation",
      targetId: r.id,
      data: { confirmationCode: r.code },
    });
    await recordEvent(tx, { type: "reservation.expired", organizationId, reservationId: r.id });
    await releaseLeadFromReservation(tx, organizationId, SYSTEM, r.id, "expired");
    expired++;
  }
  return { expired };
}
