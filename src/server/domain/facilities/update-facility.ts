import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";

import { ZFacilityPatch, type FacilityPatch } from "./facility-input";

export async function updateFacility(tx: Executor, organizationId: string, actor: Actor, facilityId: string, patch: FacilityPatch) {
  const data = ZFacilityPatch.parse(patch);
  try {
    const [row] = await tx.transaction((sp) =>
      sp.update(facility).set(data).where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId))).returning(),
    );
    if (!row) throw notFound("Facility");
    await recordAudit(tx, { organizationId, actor, action: "facility.updated", targetType: "facility", targetId: facilityId, data });
    return row;
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", `A facility with the slug "${data.slug}" already exists.`);
    throw err;
  }
}
