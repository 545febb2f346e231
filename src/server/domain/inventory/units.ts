import { and, asc, eq, sql, type SQL } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { unit, unitStatusHistory, unitType, type UnitStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { assertNotManagedByPms } from "@/server/pms/managed";

import { unitIsFree } from "./availability-sql";
import { expandUnitRange } from "@/lib/unit-range";

/**
 * Creates units from a range such as "A101-A130" for one unit type. Numbers that already exist at
 * the facility are skipped (reported back), so re-running a range is harmless.
 */
export async function bulkCreateUnits(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { unitTypeId: string; range: string; floor?: number | null },
) {
  const numbers = expandUnitRange(input.range);
  const [type] = await tx
    .select()
    .from(unitType)
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, input.unitTypeId)));
  if (!type) throw notFound("Unit type");
  await assertNotManagedByPms(tx, organizationId, "unit_type", [type.id]);
  const created = await tx
    .insert(unit)
    .values(
      numbers.map((number) => ({
        organizationId,
        facilityId: type.facilityId,
        unitTypeId: type.id,
        number,
        floor: input.floor ?? null,
      })),
    )
    .onConflictDoNothing({ target: [unit.facilityId, unit.number] })
    .returning({ id: unit.id, number: unit.number });
  if (created.length > 0) {
    await tx.insert(unitStatusHistory).values(
      created.map((u) => ({
        organizationId,
        unitId: u.id,
        fromStatus: null,
        toStatus: "available" as const,
        reason: "created",
        actorLabel: actor.label,
      })),
    );
  }
  const made = new Set(created.map((u) => u.number));
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "unit.bulk_created",
    targetType: "unit_type",
    targetId: type.id,
    data: { range: input.range, created: created.length },
  });
  return { created: created.length, skipped: numbers.filter((n) => !made.has(n)) };
}

export interface UnitFilter {
  facilityId: string;
  unitTypeId?: string;
  status?: UnitStatus;
  /** "free": available now, including units whose hold has expired. */
  freeOnly?: boolean;
}

/** Units of a facility with their effective state: a reserved unit whose hold has lapsed reads as free. */
export async function listUnits(tx: Executor, organizationId: string, f: UnitFilter) {
  const where: SQL[] = [eq(unit.organizationId, organizationId), eq(unit.facilityId, f.facilityId)];
  if (f.unitTypeId) where.push(eq(unit.unitTypeId, f.unitTypeId));
  if (f.status) where.push(eq(unit.status, f.status));
  if (f.freeOnly) where.push(unitIsFree());
  return tx
    .select({
      id: unit.id,
      number: unit.number,
      status: unit.status,
      floor: unit.floor,
      unitTypeId: unit.unitTypeId,
      unitTypeName: unitType.name,
      free: sql<boolean>`${unitIsFree()}`,
    })
    .from(unit)
    .innerJoin(unitType, eq(unitType.id, unit.unitTypeId))
    .where(and(...where))
    .orderBy(asc(unit.number));
}

export async function unitHistory(tx: Executor, organizationId: string, unitId: string) {
  return tx
    .select()
    .from(unitStatusHistory)
    .where(and(eq(unitStatusHistory.organizationId, organizationId), eq(unitStatusHistory.unitId, unitId)))
    .orderBy(asc(unitStatusHistory.createdAt));
}

export async function deleteUnit(tx: Executor, organizationId: string, actor: Actor, unitId: string) {
  const [u] = await tx
    .select()
    .from(unit)
    .where(and(eq(unit.organizationId, organizationId), eq(unit.id, unitId)));
  if (!u) throw notFound("Unit");
  await assertNotManagedByPms(tx, organizationId, "unit", [u.id]);
  if (u.status === "occupied" || u.status === "reserved")
    throw new DomainError("CONFLICT", `Unit ${u.number} is ${u.status}.`);
  try {
    await tx.transaction((sp) =>
      sp.delete(unit).where(and(eq(unit.organizationId, organizationId), eq(unit.id, unitId))),
    );
  } catch {
    throw new DomainError(
      "CONFLICT",
      `Unit ${u.number} has reservation or rental history; mark it unavailable instead.`,
    );
  }
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "unit.deleted",
    targetType: "unit",
    targetId: unitId,
    data: { number: u.number },
  });
  return { ok: true as const };
}
