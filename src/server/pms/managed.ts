import { and, eq, inArray } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { PMS_LIVE_STATUSES, PMS_PROVIDER_NAMES, pmsConnection, pmsLink, type PmsLinkKind } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";

/**
 * "PMS wins": rows an active PMS connection mirrors are read-only here. The dashboard, the import
 * and the public API go through these checks, and a refusal says where to make the change. Only
 * what the PMS owns is locked: a facility's knowledge base, agent settings, hours and numbers stay
 * ours (FACILITY_SYNCED_FIELDS lists what is synced). After a disconnect the rows are ours again.
 */
export const FACILITY_SYNCED_FIELDS = [
  "name",
  "addressLine1",
  "city",
  "state",
  "postalCode",
  "country",
  "phone",
  "timeZone",
] as const;

/** The PMS managing each of `localIds` (of one kind), for ids that are managed. */
export async function managedBy(
  tx: Executor,
  organizationId: string,
  kind: PmsLinkKind,
  localIds: string[],
): Promise<Map<string, string>> {
  if (localIds.length === 0) return new Map();
  const rows = await tx
    .select({ localId: pmsLink.localId, provider: pmsConnection.provider })
    .from(pmsLink)
    .innerJoin(pmsConnection, eq(pmsConnection.id, pmsLink.connectionId))
    .where(
      and(
        eq(pmsLink.organizationId, organizationId),
        eq(pmsLink.kind, kind),
        inArray(pmsLink.localId, localIds),
        inArray(pmsConnection.status, PMS_LIVE_STATUSES),
      ),
    );
  return new Map(rows.map((r) => [r.localId, PMS_PROVIDER_NAMES[r.provider]]));
}

const NOUN: Record<PmsLinkKind, string> = {
  facility: "This facility's details are",
  unit_type: "This unit type is",
  unit: "This unit is",
  promotion: "This promotion is",
  customer: "This customer is",
  lead: "This lead is",
  reservation: "This reservation is",
};

/** Refuses a change to a row (or rows) an active PMS connection manages. */
export async function assertNotManagedByPms(
  tx: Executor,
  organizationId: string,
  kind: PmsLinkKind,
  localIds: string[],
) {
  const managed = await managedBy(tx, organizationId, kind, localIds);
  const pms = managed.values().next().value;
  if (pms === undefined) return;
  throw new DomainError(
    "CONFLICT",
    `${managed.size > 1 ? "Some of these are" : NOUN[kind]} managed in ${pms}: change ${managed.size > 1 ? "them" : "it"} there and the change syncs here.`,
    { reason: "managed_in_pms", pms },
  );
}

/** A facility patch may change what we own; only the synced fields are refused. */
export async function assertFacilityPatchAllowed(
  tx: Executor,
  organizationId: string,
  facilityId: string,
  patch: Record<string, unknown>,
) {
  if (!FACILITY_SYNCED_FIELDS.some((f) => patch[f] !== undefined)) return;
  await assertNotManagedByPms(tx, organizationId, "facility", [facilityId]);
}
