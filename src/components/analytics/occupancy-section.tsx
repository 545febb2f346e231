"use client";

import { SimpleGrid } from "@chakra-ui/react";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";
import type { OccupancyRow } from "@/server/analytics/metrics";

import { formatCount, formatMoney, formatPercent, shortDate } from "./format";
import { StepLineChart } from "./charts";
import { COLORS, DataTable, Section, StatCard } from "./parts";

const rowCells = (r: OccupancyRow) => [
  r.label,
  `${formatCount(r.occupiedUnits)} / ${formatCount(r.units)}`,
  formatPercent(r.unitOccupancy),
  formatPercent(r.sqftOccupancy),
  formatMoney(r.rentRollCents),
  formatMoney(r.grossPotentialRentCents),
  formatMoney(r.collectedCents),
  formatPercent(r.economicOccupancy),
  r.revenuePerSqftCents === null ? "–" : `$${(r.revenuePerSqftCents / 100).toFixed(2)}`,
];
const HEAD = [
  "",
  "Occupied units",
  "Unit occupancy",
  "Sq ft occupancy",
  "Rent roll (monthly)",
  "Gross potential rent",
  "Collected",
  "Economic occupancy",
  "Revenue / sq ft",
];

export function OccupancySection({ filter }: { filter: AnalyticsFilter }) {
  const q = api.analytics.occupancy.useQuery({ from: filter.from, to: filter.to, facilityId: filter.facilityId });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading occupancy" />;
  const { current: c, previous: p } = q.data;
  return (
    <Section
      title="Occupancy and revenue"
      description={`Occupancy on ${c.asOf} (previous: ${p.asOf}). Economic occupancy: rent collected in the period / every unit at street rate for the period.`}
    >
      <SimpleGrid columns={{ base: 2, md: 3, lg: 5 }} gap={3}>
        <StatCard
          label="Unit occupancy"
          value={formatPercent(c.total.unitOccupancy)}
          previous={formatPercent(p.total.unitOccupancy)}
          current={c.total.unitOccupancy}
          prevValue={p.total.unitOccupancy}
        />
        <StatCard
          label="Sq ft occupancy"
          value={formatPercent(c.total.sqftOccupancy)}
          previous={formatPercent(p.total.sqftOccupancy)}
          current={c.total.sqftOccupancy}
          prevValue={p.total.sqftOccupancy}
        />
        <StatCard
          label="Economic occupancy"
          value={formatPercent(c.total.economicOccupancy)}
          previous={formatPercent(p.total.economicOccupancy)}
          current={c.total.economicOccupancy}
          prevValue={p.total.economicOccupancy}
        />
        <StatCard
          label="Rent roll"
          value={formatMoney(c.total.rentRollCents)}
          previous={formatMoney(p.total.rentRollCents)}
          current={c.total.rentRollCents}
          prevValue={p.total.rentRollCents}
        />
        <StatCard
          label="Collected"
          value={formatMoney(c.total.collectedCents)}
          previous={formatMoney(p.total.collectedCents)}
          current={c.total.collectedCents}
          prevValue={p.total.collectedCents}
        />
      </SimpleGrid>
      <StepLineChart
        label="Occupancy over time"
        data={c.series.map((s) => ({
          label: shortDate(s.date),
          units: s.unitOccupancy === null ? null : Math.round(s.unitOccupancy * 1000) / 10,
          sqft: s.sqftOccupancy === null ? null : Math.round(s.sqftOccupancy * 1000) / 10,
        }))}
        category="label"
        max={100}
        unit="%"
        series={[
          { key: "units", name: "By units", color: COLORS.current },
          { key: "sqft", name: "By square feet", color: COLORS.third },
        ]}
      />
      <DataTable
        caption="Occupancy by facility"
        head={["Facility", ...HEAD.slice(1)]}
        numeric={[1, 2, 3, 4, 5, 6, 7, 8]}
        rows={c.byFacility.map(rowCells)}
      />
      <DataTable
        caption="Occupancy by unit type"
        head={["Unit type", ...HEAD.slice(1)]}
        numeric={[1, 2, 3, 4, 5, 6, 7, 8]}
        rows={c.byUnitType.map(rowCells)}
      />
    </Section>
  );
}
