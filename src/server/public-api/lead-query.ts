import { and, eq, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer, facility, lead, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

import { ApiProblem } from "./problem";
import { cursorMicros } from "./pagination";
import { toLead } from "./serializers";

/** Leads with their customer's contact details, keyset-paged (the domain's listLeads is board-ordered). */
export function selectLeads(tx: Executor, where: SQL | undefined) {
  return tx
    .select({
      l: lead,
      c: { name: customer.name, phone: customer.phone, email: customer.email },
      cursorMicros: cursorMicros(lead.createdAt),
      id: lead.id,
    })
    .from(lead)
    .innerJoin(customer, eq(customer.id, lead.customerId))
    .where(where);
}

/** The public JSON of one lead; also what lead.* webhook events carry as `data`. */
export async function loadLeadJson(tx: Executor, organizationId: string, leadId: string) {
  const [row] = await selectLeads(tx, and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
  if (!row) throw notFound("Lead");
  return toLead(row.l, row.c);
}

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
