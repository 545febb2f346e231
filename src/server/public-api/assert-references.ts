import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility, unitType } from "@/server/db/schema";

import { ApiProblem } from "@/server/http/problem";

/**
 * Ids in a request body must name this organization's rows. Foreign keys alone would accept another
 * organization's facility; the answer is the same as for an id that does not exist at all.
 */
export async function assertReferences(
  tx: Executor,
  organizationId: string,
  refs: { facility_id?: string | null; desired_unit_type_id?: string | null },
) {
  const errors = [];
  if (refs.facility_id) {
    const [f] = await tx
      .select({ id: facility.id })
      .from(facility)
      .where(and(eq(facility.organizationId, organizationId), eq(facility.id, refs.facility_id)));
    if (!f) errors.push({ location: "body" as const, path: "facility_id", message: "No such facility." });
  }
  if (refs.desired_unit_type_id) {
    const [u] = await tx
      .select({ id: unitType.id })
      .from(unitType)
      .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, refs.desired_unit_type_id)));
    if (!u) errors.push({ location: "body" as const, path: "desired_unit_type_id", message: "No such unit type." });
  }
  if (errors.length)
    throw new ApiProblem("validation-error", "The request names something that does not exist.", { errors });
}
