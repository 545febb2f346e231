import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility, member, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

/**
 * A lead may point at a facility, a unit type and an owning member: each must belong to the lead's
 * organization. Foreign keys are checked by Postgres without row-level security, so without this
 * another organization's id would be accepted (and its existence revealed).
 */
export async function assertLeadReferences(
  tx: Executor,
  organizationId: string,
  refs: { facilityId?: string | null; desiredUnitTypeId?: string | null; ownerMemberId?: string | null },
) {
  if (refs.facilityId) {
    const [row] = await tx.select({ id: facility.id }).from(facility).where(and(eq(facility.id, refs.facilityId), eq(facility.organizationId, organizationId)));
    if (!row) throw notFound("Facility");
  }
  if (refs.desiredUnitTypeId) {
    const [row] = await tx.select({ id: unitType.id }).from(unitType).where(and(eq(unitType.id, refs.desiredUnitTypeId), eq(unitType.organizationId, organizationId)));
    if (!row) throw notFound("Unit type");
  }
  if (refs.ownerMemberId) {
    const [row] = await tx.select({ id: member.id }).from(member).where(and(eq(member.id, refs.ownerMemberId), eq(member.organizationId, organizationId)));
    if (!row) throw notFound("Member");
  }
}
