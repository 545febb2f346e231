import { and, asc, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility, facilityClosure, knowledgeBaseEntry } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

export function listFacilities(tx: Executor, organizationId: string) {
  return tx.select().from(facility).where(eq(facility.organizationId, organizationId)).orderBy(asc(facility.name));
}

/** A facility with its dated closures and knowledge base (its own entries plus organization-wide ones). */
export async function getFacility(tx: Executor, organizationId: string, facilityId: string) {
  const [row] = await tx
    .select()
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!row) throw notFound("Facility");
  const closures = await tx
    .select()
    .from(facilityClosure)
    .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.facilityId, facilityId)))
    .orderBy(asc(facilityClosure.date));
  const knowledgeBase = await tx
    .select()
    .from(knowledgeBaseEntry)
    .where(eq(knowledgeBaseEntry.organizationId, organizationId))
    .orderBy(asc(knowledgeBaseEntry.kind), asc(knowledgeBaseEntry.question));
  return {
    ...row,
    closures,
    knowledgeBase: knowledgeBase.filter((k) => k.facilityId === null || k.facilityId === facilityId),
  };
}
