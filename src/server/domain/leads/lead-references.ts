import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { facility, member, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

const references = new OrgConfigCache();

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
  // In an agent turn the organization's config version is known and facilities and unit types
  // bump it when created or deleted: the answer is cached for that version (no query per lead).
  const version = configVersionOf(tx, organizationId);
  const owns = (table: typeof facility | typeof unitType, id: string) => {
    const read = () =>
      tx
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.id, id), eq(table.organizationId, organizationId)))
        .then((rows) => rows.length > 0);
    return version
      ? references.get(organizationId, `${table === facility ? "facility" : "unit_type"}:${id}`, version, read)
      : read();
  };
  if (refs.facilityId && !(await owns(facility, refs.facilityId))) throw notFound("Facility");
  if (refs.desiredUnitTypeId && !(await owns(unitType, refs.desiredUnitTypeId))) throw notFound("Unit type");
  if (refs.ownerMemberId) {
    const [row] = await tx
      .select({ id: member.id })
      .from(member)
      .where(and(eq(member.id, refs.ownerMemberId), eq(member.organizationId, organizationId)));
    if (!row) throw notFound("Member");
  }
}
