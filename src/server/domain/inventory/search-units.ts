import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { CHANNELS, UNIT_FEATURES, type UnitFeature } from "@/server/db/schema";

import { unitIsFree } from "./availability-sql";

export const ZSearchUnits = z.object({
  facilityIds: z.array(z.uuid()).max(100).optional(),
  /** Exact size; either orientation matches (10x15 finds 15x10). */
  widthFt: z.number().int().positive().optional(),
  lengthFt: z.number().int().positive().optional(),
  minAreaSqFt: z.number().int().positive().optional(),
  maxAreaSqFt: z.number().int().positive().optional(),
  features: z.array(z.enum(UNIT_FEATURES)).default([]),
  maxPriceCents: z.number().int().min(0).optional(),
  channel: z.enum(CHANNELS).default("web"),
  limit: z.number().int().min(1).max(100).default(20),
});
export type SearchUnitsInput = z.input<typeof ZSearchUnits>;

export interface SearchResult {
  facilityId: string;
  facilityName: string;
  facilitySlug: string;
  city: string;
  unitTypeId: string;
  unitTypeName: string;
  widthFt: number;
  lengthFt: number;
  features: UnitFeature[];
  /** The rate for the searched channel (web rate online, street rate otherwise), before promotions. */
  rateCents: number;
  streetRateCents: number;
  webRateCents: number;
  available: number;
}

/**
 * Bookable unit types across the organization's active facilities, cheapest first. When an exact
 * size is asked for and none is free, `alternatives` lists the nearest sizes by floor area that are
 * free under the same other filters. Availability is counted only for rows that make the page:
 * the LATERAL count runs after ordering, so a large organization stays fast.
 */
export async function searchUnits(tx: Executor, organizationId: string, input: SearchUnitsInput) {
  const q = ZSearchUnits.parse(input);
  const rate = q.channel === "web" || q.channel === "chat" ? sql.raw("ut.web_rate_cents") : sql.raw("ut.street_rate_cents");
  const common: SQL[] = [sql`ut.organization_id = ${organizationId}`, sql`ut.active`, sql`f.active`];
  if (q.facilityIds?.length) common.push(sql`ut.facility_id in ${q.facilityIds}`);
  if (q.features.length) common.push(sql`ut.features @> ${`{${q.features.join(",")}}`}::text[]`);
  if (q.maxPriceCents !== undefined) common.push(sql`${rate} <= ${q.maxPriceCents}`);
  if (q.minAreaSqFt) common.push(sql`ut.width_ft * ut.length_ft >= ${q.minAreaSqFt}`);
  if (q.maxAreaSqFt) common.push(sql`ut.width_ft * ut.length_ft <= ${q.maxAreaSqFt}`);
  const sized = q.widthFt !== undefined && q.lengthFt !== undefined;
  const size = sized
    ? sql`((ut.width_ft = ${q.widthFt} and ut.length_ft = ${q.lengthFt}) or (ut.width_ft = ${q.lengthFt} and ut.length_ft = ${q.widthFt}))`
    : q.widthFt !== undefined
      ? sql`(ut.width_ft = ${q.widthFt} or ut.length_ft = ${q.widthFt})`
      : q.lengthFt !== undefined
        ? sql`(ut.width_ft = ${q.lengthFt} or ut.length_ft = ${q.lengthFt})`
        : sql`true`;

  // Two steps: pick the page of unit types that have at least one free unit (the trigger-kept
  // available_units counter; only types at zero are probed for lapsed holds, on the small partial
  // index unit_free_by_type), then count free units for those rows only.
  const run = async (where: SQL[], orderBy: SQL, limit: number) => {
    const res = await tx.execute<Record<string, unknown>>(sql`
      with page as (
        select f.id as facility_id, f.name as facility_name, f.slug as facility_slug, f.city,
               ut.id as unit_type_id, ut.name as unit_type_name, ut.width_ft, ut.length_ft, ut.features,
               ${rate} as rate_cents, ut.street_rate_cents, ut.web_rate_cents, ut.organization_id,
               row_number() over (order by ${orderBy}) as position
        from unit_type ut
        join facility f on f.id = ut.facility_id
        where ${sql.join(where, sql` and `)}
          and (ut.available_units > 0 or exists (
            select 1 from unit where unit.unit_type_id = ut.id and unit.status = 'reserved' and ${unitIsFree()}))
        order by ${orderBy}
        limit ${limit}
      )
      select page.*, (
        select count(*)::int from unit
        where unit.unit_type_id = page.unit_type_id and unit.organization_id = page.organization_id
          and unit.status in ('available', 'reserved') and ${unitIsFree()}
      ) as available
      from page
      order by page.position`);
    return res.rows.map(
      (r): SearchResult => ({
        facilityId: r.facility_id as string, facilityName: r.facility_name as string, facilitySlug: r.facility_slug as string,
        city: r.city as string, unitTypeId: r.unit_type_id as string, unitTypeName: r.unit_type_name as string,
        widthFt: r.width_ft as number, lengthFt: r.length_ft as number, features: r.features as UnitFeature[],
        rateCents: r.rate_cents as number, streetRateCents: r.street_rate_cents as number, webRateCents: r.web_rate_cents as number,
        available: r.available as number,
      }),
    );
  };

  const results = await run([...common, size], sql`${rate}, ut.width_ft * ut.length_ft, f.name, ut.id`, q.limit);
  let alternatives: SearchResult[] = [];
  if (results.length === 0 && (q.widthFt !== undefined || q.lengthFt !== undefined)) {
    const target = (q.widthFt ?? q.lengthFt!) * (q.lengthFt ?? q.widthFt!);
    alternatives = await run(common, sql`abs(ut.width_ft * ut.length_ft - ${target}), ${rate}, f.name, ut.id`, Math.min(q.limit, 10));
  }
  return { results, alternatives };
}
