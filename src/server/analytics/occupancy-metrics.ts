import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";

import { datesOf, daysInRange, localDateIn, optionalEq, ratio, type ParsedFilter } from "./filters";

/**
 * Occupancy and revenue, from units, unit types, rentals and payments.
 *
 * - A unit is occupied on a local date when a rental of it started on or before that date and has
 *   not moved out by then (moved_out_at, on the facility's clock, is after the date).
 * - The inventory is the units that exist now (the history of inventory size is not kept).
 * - Gross potential rent for the period: every unit at its street rate, prorated by days
 *   (monthly rate x 12 x days / 365). Economic occupancy: rent collected (payments received in the
 *   period) / gross potential rent. Revenue per available square foot: collected / total sq ft.
 * - Rent roll: the monthly rates of the rentals occupying units at the end of the period.
 */

const n = (v: unknown) => Number(v ?? 0);

export interface OccupancyRow {
  key: string;
  label: string;
  units: number;
  occupiedUnits: number;
  unitOccupancy: number | null;
  sqft: number;
  occupiedSqft: number;
  sqftOccupancy: number | null;
  /** Monthly rent of the occupied units at the end of the period. */
  rentRollCents: number;
  grossPotentialRentCents: number;
  collectedCents: number;
  economicOccupancy: number | null;
  /** Collected in the period per square foot of inventory, in cents (2 decimals). */
  revenuePerSqftCents: number | null;
}
export interface OccupancyFigures {
  asOf: string;
  total: OccupancyRow;
  byFacility: OccupancyRow[];
  byUnitType: OccupancyRow[];
  series: {
    date: string;
    occupiedUnits: number;
    unitOccupancy: number | null;
    occupiedSqft: number;
    sqftOccupancy: number | null;
  }[];
}

type Raw = {
  facility_id: string;
  facility_name: string;
  unit_type_id: string;
  unit_type_name: string;
  units: number;
  sqft: number;
  occupied_units: number;
  occupied_sqft: number;
  rent_roll: number;
  street_monthly: number;
  collected: number;
};

export async function occupancyFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<OccupancyFigures> {
  const days = daysInRange(f);
  const raw = await tx.execute<Raw>(sql`
    WITH occ AS (
      SELECT re.unit_id, re.monthly_rate_cents FROM rental re JOIN facility fa ON fa.id = re.facility_id
      WHERE re.organization_id = ${organizationId} AND re.start_date <= ${f.to}::date
        AND (re.moved_out_at IS NULL OR (re.moved_out_at AT TIME ZONE fa.time_zone)::date > ${f.to}::date)${optionalEq(sql`re.facility_id`, f.facilityId)}
    ),
    paid AS (
      SELECT u.unit_type_id, sum(p.amount_cents)::float8 AS cents
      FROM payment p JOIN rental re ON re.id = p.rental_id JOIN unit u ON u.id = re.unit_id JOIN facility fa ON fa.id = re.facility_id
      WHERE p.organization_id = ${organizationId} AND ${localDateIn(sql`p.received_at`, sql`fa.time_zone`, f)}${optionalEq(sql`re.facility_id`, f.facilityId)}
      GROUP BY u.unit_type_id
    )
    SELECT fa.id AS facility_id, fa.name AS facility_name, ut.id AS unit_type_id, ut.name AS unit_type_name,
      count(u.id)::int AS units, (count(u.id) * ut.width_ft * ut.length_ft)::float8 AS sqft,
      count(occ.unit_id)::int AS occupied_units, (count(occ.unit_id) * ut.width_ft * ut.length_ft)::float8 AS occupied_sqft,
      coalesce(sum(occ.monthly_rate_cents), 0)::float8 AS rent_roll, (count(u.id) * ut.street_rate_cents)::float8 AS street_monthly,
      coalesce(max(paid.cents), 0)::float8 AS collected
    FROM unit_type ut JOIN facility fa ON fa.id = ut.facility_id
    LEFT JOIN unit u ON u.unit_type_id = ut.id
    LEFT JOIN occ ON occ.unit_id = u.id
    LEFT JOIN paid ON paid.unit_type_id = ut.id
    WHERE ut.organization_id = ${organizationId}${optionalEq(sql`ut.facility_id`, f.facilityId)}
    GROUP BY fa.id, fa.name, ut.id, ut.name, ut.width_ft, ut.length_ft, ut.street_rate_cents`);

  const toRow = (key: string, label: string, rows: Raw[]): OccupancyRow => {
    const s = (k: keyof Raw) => rows.reduce((acc, r) => acc + n(r[k]), 0);
    const units = s("units");
    const sqft = s("sqft");
    const collectedCents = s("collected");
    const grossPotentialRentCents = Math.round((s("street_monthly") * 12 * days) / 365);
    return {
      key,
      label,
      units,
      occupiedUnits: s("occupied_units"),
      unitOccupancy: ratio(s("occupied_units"), units),
      sqft,
      occupiedSqft: s("occupied_sqft"),
      sqftOccupancy: ratio(s("occupied_sqft"), sqft),
      rentRollCents: s("rent_roll"),
      grossPotentialRentCents,
      collectedCents,
      economicOccupancy: ratio(collectedCents, grossPotentialRentCents),
      revenuePerSqftCents: sqft ? Math.round((collectedCents / sqft) * 100) / 100 : null,
    };
  };
  const groupBy = (keyOf: (r: Raw) => [string, string]) => {
    const groups = new Map<string, { label: string; rows: Raw[] }>();
    for (const r of raw.rows) {
      const [key, label] = keyOf(r);
      const g = groups.get(key) ?? { label, rows: [] };
      g.rows.push(r);
      groups.set(key, g);
    }
    return [...groups].map(([key, g]) => toRow(key, g.label, g.rows)).sort((a, b) => a.label.localeCompare(b.label));
  };
  const total = toRow("all", "All facilities", raw.rows);
  return {
    asOf: f.to,
    total,
    byFacility: groupBy((r) => [r.facility_id, r.facility_name]),
    byUnitType: groupBy((r) => [r.unit_type_id, `${r.facility_name} · ${r.unit_type_name}`]),
    series: await seriesFor(tx, organizationId, f, total),
  };
}

/** Occupied units and square feet on each date: move-ins minus move-outs, accumulated. */
async function seriesFor(tx: Executor, organizationId: string, f: ParsedFilter, total: OccupancyRow) {
  const changes = await tx.execute<{ day: string; units: number; sqft: number }>(sql`
    SELECT day::text AS day, sum(units)::int AS units, sum(sqft)::float8 AS sqft FROM (
      SELECT re.start_date AS day, 1 AS units, ut.width_ft * ut.length_ft AS sqft, re.facility_id
      FROM rental re JOIN unit u ON u.id = re.unit_id JOIN unit_type ut ON ut.id = u.unit_type_id
      WHERE re.organization_id = ${organizationId} AND re.start_date <= ${f.to}::date
      UNION ALL
      SELECT (re.moved_out_at AT TIME ZONE fa.time_zone)::date, -1, -(ut.width_ft * ut.length_ft), re.facility_id
      FROM rental re JOIN unit u ON u.id = re.unit_id JOIN unit_type ut ON ut.id = u.unit_type_id JOIN facility fa ON fa.id = re.facility_id
      WHERE re.organization_id = ${organizationId} AND re.moved_out_at IS NOT NULL AND (re.moved_out_at AT TIME ZONE fa.time_zone)::date <= ${f.to}::date
    ) x WHERE true${optionalEq(sql`x.facility_id`, f.facilityId)}
    GROUP BY day ORDER BY day`);
  let units = 0;
  let sqft = 0;
  let i = 0;
  const rows = changes.rows;
  return datesOf(f).map((date) => {
    while (i < rows.length && rows[i]!.day <= date) {
      units += n(rows[i]!.units);
      sqft += n(rows[i]!.sqft);
      i++;
    }
    return {
      date,
      occupiedUnits: units,
      unitOccupancy: ratio(units, total.units),
      occupiedSqft: sqft,
      sqftOccupancy: ratio(sqft, total.sqft),
    };
  });
}
