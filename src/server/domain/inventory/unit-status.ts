import { and, eq, inArray, isNull, sql } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { writeInOneStatement } from "@/server/db/one-statement";
import { rental, reservation, unit, unitStatusHistory, type UnitStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { assertNotManagedByPms } from "@/server/pms/managed";

/** Writes a unit's new status and its history row (one statement). Callers hold the unit's row lock when it matters. */
export async function writeUnitStatus(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  unitId: string,
  from: UnitStatus | null,
  to: UnitStatus,
  reason: string | null,
) {
  await writeInOneStatement(tx, [
    tx
      .update(unit)
      .set({ status: to })
      .where(and(eq(unit.organizationId, organizationId), eq(unit.id, unitId))),
    tx
      .insert(unitStatusHistory)
      .values({ organizationId, unitId, fromStatus: from, toStatus: to, reason, actorLabel: actor.label }),
  ]);
}

/**
 * Manual status change (the dashboard's bulk action): only between available and unavailable.
 * Reserved and occupied follow reservations and rentals, so a unit under an active hold or a current
 * rental is refused: cancel the reservation or move the tenant out first. All or nothing.
 */
export async function changeUnitStatus(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { unitIds: string[]; status: "available" | "unavailable"; reason?: string | null },
) {
  if (input.unitIds.length === 0) return { changed: 0 };
  // A PMS-managed unit's status is the PMS's (staff change it there).
  await assertNotManagedByPms(tx, organizationId, "unit", input.unitIds);
  const units = await tx
    .select({ id: unit.id, number: unit.number, status: unit.status })
    .from(unit)
    .where(and(eq(unit.organizationId, organizationId), inArray(unit.id, input.unitIds)))
    .orderBy(unit.id)
    .for("update");
  if (units.length !== new Set(input.unitIds).size) throw notFound("One or more units");
  const held = await tx
    .select({ unitId: reservation.unitId })
    .from(reservation)
    .where(
      and(
        eq(reservation.organizationId, organizationId),
        inArray(reservation.unitId, input.unitIds),
        eq(reservation.status, "active"),
        sql`${reservation.holdExpiresAt} > now()`,
      ),
    );
  const rented = await tx
    .select({ unitId: rental.unitId })
    .from(rental)
    .where(
      and(eq(rental.organizationId, organizationId), inArray(rental.unitId, input.unitIds), isNull(rental.movedOutAt)),
    );
  const busy = new Set([...held, ...rented].map((r) => r.unitId));
  const blocked = units.filter((u) => busy.has(u.id));
  if (blocked.length > 0) {
    throw new DomainError(
      "CONFLICT",
      `Units ${blocked.map((u) => u.number).join(", ")} are reserved or rented; cancel the reservation or move the tenant out first.`,
    );
  }
  let changed = 0;
  for (const u of units) {
    if (u.status === input.status) continue;
    await writeUnitStatus(tx, organizationId, actor, u.id, u.status, input.status, input.reason ?? null);
    changed++;
  }
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "unit.status_changed",
    targetType: "unit",
    targetId: null,
    data: { unitIds: input.unitIds, status: input.status, reason: input.reason ?? null },
  });
  return { changed };
}
