import { createHash } from "node:crypto";

import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { QueryResult } from "pg";
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
 * free under the same other filters.
 *
 * An organization has thousands of unit types but few distinct (floor area, features)
 * combinations. Searches list those combinations with a loose index scan (one probe each), keep
 * the ones the size and features allow, take the cheapest page of each combination from the index
 * (organization_id, area_sq_ft, feature_bits, rate), and merge those pages; availability is then
 * counted only for the rows that make the page. So a search never reads a unit type of the wrong
 * size or features, and never sorts them all. (area_sq_ft and feature_bits are stored columns
 * because under row-level security only leakproof comparisons such as int4 = and > may use an
 * index.) A search within given facilities reads those facilities' types directly instead.
 */
export async function searchUnits(tx: Executor, organizationId: string, input: SearchUnitsInput) {
  const q = ZSearchUnits.parse(input);
  const rate =
    q.channel === "web" || q.channel === "chat" ? sql.raw("ut.web_rate_cents") : sql.raw("ut.street_rate_cents");
  const featureMask = q.features.reduce((m, f) => m | (2 ** UNIT_FEATURES.indexOf(f)), 0);
  const common: SQL[] = [sql`ut.organization_id = ${organizationId}`, sql`ut.active`];
  if (q.facilityIds?.length) common.push(sql`ut.facility_id in ${q.facilityIds}`);
  if (q.features.length) common.push(sql`ut.features @> ${`{${q.features.join(",")}}`}::text[]`);
  if (q.maxPriceCents !== undefined) common.push(sql`${rate} <= ${q.maxPriceCents}`);
  if (q.minAreaSqFt) common.push(sql`ut.area_sq_ft >= ${q.minAreaSqFt}`);
  if (q.maxAreaSqFt) common.push(sql`ut.area_sq_ft <= ${q.maxAreaSqFt}`);
  // Free to book: the trigger-kept available_units counter, or (types at zero only) a reserved unit
  // whose hold has lapsed, probed on the small partial index unit_reserved_by_type.
  common.push(sql`(ut.available_units > 0 or exists (
    select 1 from unit where unit.unit_type_id = ut.id and unit.status = 'reserved' and ${unitIsFree()}))`);
  // Which (area, features) combinations can hold a match, as SQL on the combination `c`.
  const comboFilter: SQL[] = [sql`c.bits & ${featureMask} = ${featureMask}`];
  if (q.minAreaSqFt) comboFilter.push(sql`c.area >= ${q.minAreaSqFt}`);
  if (q.maxAreaSqFt) comboFilter.push(sql`c.area <= ${q.maxAreaSqFt}`);
  const w = q.widthFt ?? q.lengthFt;
  const l = q.lengthFt ?? q.widthFt;
  const exact = q.widthFt !== undefined && q.lengthFt !== undefined;
  const size = exact
    ? sql`((ut.width_ft = ${w} and ut.length_ft = ${l}) or (ut.width_ft = ${l} and ut.length_ft = ${w}))`
    : w !== undefined
      ? sql`(ut.width_ft = ${w} or ut.length_ft = ${w})`
      : sql`true`;
  const sizeCombo = exact ? sql`c.area = ${w! * l!}` : w !== undefined ? sql`c.area % ${w} = 0` : sql`true`;
  const columns = sql`f.id as facility_id, f.name as facility_name, f.slug as facility_slug, f.city,
    ut.id as unit_type_id, ut.name as unit_type_name, ut.width_ft, ut.length_ft, ut.area_sq_ft, ut.features,
    ${rate} as rate_cents, ut.street_rate_cents, ut.web_rate_cents, ut.organization_id`;
  // The facility is read per unit type by primary key (OFFSET 0 keeps the planner from flattening
  // it into a join): with a feature filter the row estimate for unit_type can be off a hundredfold,
  // and a misjudged join order then loops over every facility for every type.
  const from = sql`from unit_type ut cross join lateral (
    select f.id, f.name, f.slug, f.city from facility f where f.id = ut.facility_id and f.active offset 0) f`;

  const page = (where: SQL[], combos: SQL[], order: SQL, limit: number) =>
    q.facilityIds?.length
      ? sql`select hit.*, row_number() over (order by ${order}) as position
          from (select ${columns} ${from} where ${sql.join(where, sql` and `)}) hit
          order by ${order} limit ${limit}`
      : sql`with recursive c(area, bits) as (
            (select area_sq_ft, feature_bits from unit_type where organization_id = ${organizationId} order by area_sq_ft, feature_bits limit 1)
            union all
            select next.area_sq_ft, next.feature_bits from c cross join lateral (
              select area_sq_ft, feature_bits from unit_type
              where organization_id = ${organizationId} and (area_sq_ft, feature_bits) > (c.area, c.bits)
              order by area_sq_ft, feature_bits limit 1) next
          )
          select hit.*, row_number() over (order by ${order}) as position
          from c cross join lateral (
            select ${columns} ${from}
            where ${sql.join(where, sql` and `)} and ut.area_sq_ft = c.area and ut.feature_bits = c.bits
            -- By rate alone, so the index order serves it in any plan (a cached generic plan
            -- included); WITH TIES keeps every row tied at the last rate for the final order.
            order by ${rate} fetch first (${limit}) rows with ties
          ) hit
          where ${sql.join(combos, sql` and `)}
          order by ${order} limit ${limit}`;

  const results = page(
    [...common, size],
    [...comboFilter, sizeCombo],
    sql`hit.rate_cents, hit.area_sq_ft, hit.facility_name, hit.unit_type_id`,
    q.limit,
  );
  if (w === undefined) return { results: (await withAvailable(tx, results)).map(({ row }) => row), alternatives: [] };
  // Alternatives in the same round trip: Postgres runs that branch only when the first is empty.
  const target = w * l!;
  const nearest = page(
    common,
    comboFilter,
    sql`abs(hit.area_sq_ft - ${target}), hit.rate_cents, hit.facility_name, hit.unit_type_id`,
    Math.min(q.limit, 10),
  );
  const rows = await withAvailable(
    tx,
    sql`with results as (${results}), nearest as (${nearest})
      select false as alternative, * from results
      union all
      select true, * from nearest where not exists (select 1 from results)`,
  );
  return {
    results: rows.filter((r) => !r.alternative).map(({ row }) => row),
    alternatives: rows.filter((r) => r.alternative).map(({ row }) => row),
  };
}

const dialect = new PgDialect();

/**
 * Runs a search statement as a named prepared statement, so each connection plans each shape of
 * search once (planning costs more than running these index-driven queries). The name is a hash of
 * the text: the same filters give the same statement, whatever their values.
 */
async function runPrepared(tx: Executor, statement: SQL) {
  const query = dialect.sqlToQuery(statement);
  const name = `search_units_${createHash("sha1").update(query.sql).digest("hex").slice(0, 20)}`;
  const res = await tx._.session
    .prepareQuery<{ execute: QueryResult<Record<string, unknown>>; all: unknown; values: unknown }>(
      query,
      undefined,
      name,
      false,
    )
    .execute();
  return res.rows;
}

/**
 * Runs `page` (unit-type rows numbered by `position`, optionally flagged `alternative`) and counts
 * free units for those rows only.
 */
async function withAvailable(tx: Executor, page: SQL) {
  const rows = await runPrepared(
    tx,
    sql`
    with page as (${page})
    select page.*, (
      select count(*)::int from unit
      where unit.unit_type_id = page.unit_type_id and unit.organization_id = page.organization_id
        and unit.status in ('available', 'reserved') and ${unitIsFree()}
    ) as available
    from page
    order by page.position`,
  );
  return rows.map((r) => ({
    alternative: r.alternative === true,
    row: {
      facilityId: r.facility_id as string,
      facilityName: r.facility_name as string,
      facilitySlug: r.facility_slug as string,
      city: r.city as string,
      unitTypeId: r.unit_type_id as string,
      unitTypeName: r.unit_type_name as string,
      widthFt: r.width_ft as number,
      lengthFt: r.length_ft as number,
      features: r.features as UnitFeature[],
      rateCents: r.rate_cents as number,
      streetRateCents: r.street_rate_cents as number,
      webRateCents: r.web_rate_cents as number,
      available: r.available as number,
    } satisfies SearchResult,
  }));
}
