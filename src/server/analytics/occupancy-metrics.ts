import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";

import { datesOf, daysInRange, optionalEq, ratio, type ParsedFilter } from "./filters";

/**
 * Occupancy and revenue, from units, unit types and the occupancy rollup (rentals and payments by
 * local day, src/server/analytics/rollups.ts).
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
  // From the occupancy rollup (analytics_occupancy_daily) and the inventory, each summed to one row
  // per unit type before they meet (MATERIALIZED): single-table reads by index, so no plan the
  // statistics suggest can multiply rows (docs/analytics.md, "Plans that cannot degrade").
  const raw = await tx.execute<Raw>(sql`
    WITH occ AS MATERIALIZED (
      -- As of the last day: the all-time total minus the changes after that day, and the rent
      -- collected in the period; the days after the period and the period's days, never all history.
      SELECT x.unit_type_id, sum(x.units)::int AS units, sum(x.rent)::float8 AS rent_roll, sum(x.collected)::float8 AS collected
      FROM (
        SELECT t.unit_type_id, t.units, t.rent_cents AS rent, 0::bigint AS collected
        FROM analytics_occupancy_total t
        WHERE t.organization_id = ${organizationId}${optionalEq(sql`t.facility_id`, f.facilityId)}
        UNION ALL
        SELECT o.unit_type_id, o.move_outs - o.move_ins, o.rent_out_cents - o.rent_in_cents, 0
        FROM analytics_occupancy_daily o
        WHERE o.organization_id = ${organizationId} AND o.local_date > ${f.to}::date${optionalEq(sql`o.facility_id`, f.facilityId)}
        UNION ALL
        SELECT o.unit_type_id, 0, 0, o.collected_cents
        FROM analytics_occupancy_daily o
        WHERE o.organization_id = ${organizationId} AND o.local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`o.facility_id`, f.facilityId)}
      ) x
      GROUP BY x.unit_type_id
    ),
    inv AS MATERIALIZED (
      SELECT u.unit_type_id, count(*)::int AS units FROM unit u
      WHERE u.organization_id = ${organizationId}${optionalEq(sql`u.facility_id`, f.facilityId)}
      GROUP BY u.unit_type_id
    )
    SELECT fa.id AS facility_id, fa.name AS facility_name, ut.id AS unit_type_id, ut.name AS unit_type_name,
      coalesce(inv.units, 0) AS units, (coalesce(inv.units, 0) * ut.width_ft * ut.length_ft)::float8 AS sqft,
      coalesce(occ.units, 0) AS occupied_units, (coalesce(occ.units, 0) * ut.width_ft * ut.length_ft)::float8 AS occupied_sqft,
      coalesce(occ.rent_roll, 0) AS rent_roll, (coalesce(inv.units, 0) * ut.street_rate_cents)::float8 AS street_monthly,
      coalesce(occ.collected, 0) AS collected
    FROM unit_type ut JOIN facility fa ON fa.id = ut.facility_id
    LEFT JOIN inv ON inv.unit_type_id = ut.id
    LEFT JOIN occ ON occ.unit_type_id = ut.id
    WHERE ut.organization_id = ${organizationId}${optionalEq(sql`ut.facility_id`, f.facilityId)}`);

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

/**
 * Occupied units and square feet on each date of the period, counted back from the last day's
 * figure: a move-in after a date was not there yet on it, a move-out after it still was. Only the
 * period's days of the rollup are read.
 */
async function seriesFor(tx: Executor, organizationId: string, f: ParsedFilter, total: OccupancyRow) {
  const changes = await tx.execute<{ day: string; units: number; sqft: number }>(sql`
    SELECT o.local_date::text AS day, sum(o.move_ins - o.move_outs)::int AS units, sum(o.sqft_in - o.sqft_out)::float8 AS sqft
    FROM analytics_occupancy_daily o
    WHERE o.organization_id = ${organizationId} AND o.local_date > ${f.from}::date AND o.local_date <= ${f.to}::date${optionalEq(sql`o.facility_id`, f.facilityId)}
    GROUP BY o.local_date`);
  // Walk back from the last day: the figure on date d is the next date's minus the changes of that next date.
  const byDay = new Map(changes.rows.map((r) => [r.day, { units: n(r.units), sqft: n(r.sqft) }]));
  const dates = datesOf(f);
  const series: OccupancyFigures["series"] = [];
  let units = total.occupiedUnits;
  let sqft = total.occupiedSqft;
  for (let i = dates.length - 1; i >= 0; i--) {
    const date = dates[i]!;
    series.push({
      date,
      occupiedUnits: units,
      unitOccupancy: ratio(units, total.units),
      occupiedSqft: sqft,
      sqftOccupancy: ratio(sqft, total.sqft),
    });
    const change = byDay.get(date);
    if (change) {
      units -= change.units;
      sqft -= change.sqft;
    }
  }
  return series.reverse();
}
