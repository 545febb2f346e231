import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import type { UnitFeature } from "@/server/db/schema";

import { unitIsFree } from "./availability-sql";

export interface UnitTypeAvailability {
  unitTypeId: string;
  facilityId: string;
  name: string;
  widthFt: number;
  lengthFt: number;
  features: UnitFeature[];
  streetRateCents: number;
  webRateCents: number;
  active: boolean;
  total: number;
  available: number;
}

/**
 * Units free to book per unit type at a facility. Holds count against availability only while
 * active and unexpired, so a lapsed hold frees its unit immediately.
 */
export async function getAvailability(
  tx: Executor,
  organizationId: string,
  input: { facilityId: string; unitTypeId?: string },
) {
  const res = await tx.execute<{
    unit_type_id: string;
    facility_id: string;
    name: string;
    width_ft: number;
    length_ft: number;
    features: UnitFeature[];
    street_rate_cents: number;
    web_rate_cents: number;
    active: boolean;
    total: number;
    available: number;
  }>(sql`
    select ut.id as unit_type_id, ut.facility_id, ut.name, ut.width_ft, ut.length_ft, ut.features,
           ut.street_rate_cents, ut.web_rate_cents, ut.active,
           count(unit.id)::int as total,
           (count(unit.id) filter (where ${unitIsFree()}))::int as available
    from unit_type ut
    left join unit on unit.unit_type_id = ut.id and unit.organization_id = ut.organization_id
    where ut.organization_id = ${organizationId} and ut.facility_id = ${input.facilityId}
      ${input.unitTypeId ? sql`and ut.id = ${input.unitTypeId}` : sql``}
    group by ut.id
    order by ut.width_ft * ut.length_ft, ut.name`);
  return res.rows.map((r): UnitTypeAvailability => ({
    unitTypeId: r.unit_type_id,
    facilityId: r.facility_id,
    name: r.name,
    widthFt: r.width_ft,
    lengthFt: r.length_ft,
    features: r.features,
    streetRateCents: r.street_rate_cents,
    webRateCents: r.web_rate_cents,
    active: r.active,
    total: r.total,
    available: r.available,
  }));
}
