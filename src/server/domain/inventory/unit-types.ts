import { and, asc, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, unit, unitType } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";
import { assertNotManagedByPms } from "@/server/pms/managed";

import { ZUnitTypeInput, ZUnitTypePatch, type UnitTypeInput, type UnitTypePatch } from "./unit-type-input";

const duplicate = (name: unknown) =>
  new DomainError("CONFLICT", `This facility already has a unit type named "${String(name)}".`);

export async function createUnitType(tx: Executor, organizationId: string, actor: Actor, input: UnitTypeInput) {
  const data = ZUnitTypeInput.parse(input);
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, data.facilityId)));
  if (!f) throw notFound("Facility");
  // A PMS-managed facility's unit types come from the PMS.
  await assertNotManagedByPms(tx, organizationId, "facility", [f.id]);
  try {
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(unitType)
        .values({ ...data, organizationId })
        .returning(),
    );
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "unit_type.created",
      targetType: "unit_type",
      targetId: row!.id,
      data: { ...data },
    });
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.name);
    throw err;
  }
}

/** Rate changes are audited with the before/after values so operators can see who changed a price. */
export async function updateUnitType(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  unitTypeId: string,
  patch: UnitTypePatch,
) {
  const data = ZUnitTypePatch.parse(patch);
  // "What fits" is ours to write; everything else about a PMS-managed unit type is the PMS's.
  if (Object.keys(data).some((k) => k !== "whatFits" && data[k as keyof typeof data] !== undefined))
    await assertNotManagedByPms(tx, organizationId, "unit_type", [unitTypeId]);
  const where = and(eq(unitType.organizationId, organizationId), eq(unitType.id, unitTypeId));
  const [before] = await tx.select().from(unitType).where(where);
  if (!before) throw notFound("Unit type");
  try {
    const [row] = await tx.transaction((sp) => sp.update(unitType).set(data).where(where).returning());
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "unit_type.updated",
      targetType: "unit_type",
      targetId: unitTypeId,
      data: { changes: data, before: { streetRateCents: before.streetRateCents, webRateCents: before.webRateCents } },
    });
    return row!;
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(data.name);
    throw err;
  }
}

/** Only a unit type without units can be deleted; otherwise deactivate it. */
export async function deleteUnitType(tx: Executor, organizationId: string, actor: Actor, unitTypeId: string) {
  await assertNotManagedByPms(tx, organizationId, "unit_type", [unitTypeId]);
  const [u] = await tx
    .select({ id: unit.id })
    .from(unit)
    .where(and(eq(unit.organizationId, organizationId), eq(unit.unitTypeId, unitTypeId)))
    .limit(1);
  if (u) throw new DomainError("CONFLICT", "This unit type still has units; deactivate it instead.");
  const [row] = await tx
    .delete(unitType)
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, unitTypeId)))
    .returning();
  if (!row) throw notFound("Unit type");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "unit_type.deleted",
    targetType: "unit_type",
    targetId: unitTypeId,
    data: { name: row.name },
  });
  return { ok: true as const };
}

export function listUnitTypes(tx: Executor, organizationId: string, facilityId: string) {
  return tx
    .select()
    .from(unitType)
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.facilityId, facilityId)))
    .orderBy(asc(unitType.widthFt), asc(unitType.lengthFt), asc(unitType.name));
}
