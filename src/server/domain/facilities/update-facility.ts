import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { assertCanAdd } from "@/server/billing/entitlements";
import type { Executor } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";
import { assertFacilityPatchAllowed } from "@/server/pms/managed";

import { ZFacilityPatch, type FacilityPatch } from "./facility-input";

export async function updateFacility(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  facilityId: string,
  patch: FacilityPatch,
) {
  const data = ZFacilityPatch.parse(patch);
  const where = and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId));
  await assertFacilityPatchAllowed(tx, organizationId, facilityId, data);
  if (data.active) {
    // Re-activating counts against the plan like adding (deactivated facilities do not count).
    const [before] = await tx.select({ active: facility.active }).from(facility).where(where);
    if (!before) throw notFound("Facility");
    if (!before.active) await assertCanAdd(tx, organizationId, "facilities");
  }
  try {
    const [row] = await tx.transaction((sp) => sp.update(facility).set(data).where(where).returning());
    if (!row) throw notFound("Facility");
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "facility.updated",
      targetType: "facility",
      targetId: facilityId,
      data,
    });
    return row;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `A facility with the slug "${data.slug}" already exists.`);
    throw err;
  }
}
