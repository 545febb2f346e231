"use client";

import { BarChart } from "./charts";
import { COLORS } from "./parts";

const SERIES = [
  { key: "current", name: "This period", color: COLORS.current },
  { key: "previous", name: "Previous period", color: COLORS.previous },
];

/** Bars of this period beside the previous one, per category (vertical or, for long labels, horizontal). */
export function CompareBars({
  label,
  data,
  category,
  height = 240,
  horizontal = false,
}: {
  label: string;
  data: ({ current: number; previous: number } & Record<string, string | number>)[];
  category: string;
  height?: number;
  horizontal?: boolean;
}) {
  return (
    <BarChart label={label} data={data} category={category} series={SERIES} height={height} horizontal={horizontal} />
  );
}
