import { withOrg } from "@/server/db/client";
import type { Actor } from "@/server/domain/actor";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { bulkCreateUnits } from "@/server/domain/inventory/units";
import { createUnitType } from "@/server/domain/inventory/unit-types";

import { unique } from "../factories";

export const ACTOR: Actor = { label: "test" };

/** A facility with one unit type and `units` units A1..An, inside `orgId`. */
export async function seedFacility(
  orgId: string,
  opts: { units?: number; holdPeriodDays?: number; width?: number; length?: number; webRateCents?: number } = {},
) {
  return withOrg(orgId, async (tx) => {
    const f = await createFacility(tx, orgId, ACTOR, {
      name: "Test Storage",
      slug: unique("fac"),
      timeZone: "America/Chicago",
      adminFeeCents: 2500,
      holdPeriodDays: opts.holdPeriodDays ?? 7,
    });
    const ut = await createUnitType(tx, orgId, ACTOR, {
      facilityId: f.id,
      name: `${opts.width ?? 10}x${opts.length ?? 10}`,
      widthFt: opts.width ?? 10,
      lengthFt: opts.length ?? 10,
      features: ["climate_controlled"],
      streetRateCents: 12_000,
      webRateCents: opts.webRateCents ?? 10_000,
    });
    if ((opts.units ?? 1) > 0)
      await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: ut.id, range: `A1-A${opts.units ?? 1}` });
    return { facility: f, unitType: ut };
  });
}
