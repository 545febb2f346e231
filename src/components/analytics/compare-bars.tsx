"use client";

import { Box } from "@chakra-ui/react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { COLORS } from "./parts";

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
    <Box height={`${height}px`} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout={horizontal ? "vertical" : "horizontal"}
          margin={horizontal ? { left: 24 } : undefined}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={horizontal} horizontal={!horizontal} />
          {horizontal ? (
            <XAxis type="number" allowDecimals={false} fontSize={12} />
          ) : (
            <XAxis dataKey={category} fontSize={12} />
          )}
          {horizontal ? (
            <YAxis type="category" dataKey={category} width={110} fontSize={12} />
          ) : (
            <YAxis allowDecimals={false} fontSize={12} />
          )}
          <Tooltip />
          <Legend />
          <Bar dataKey="current" name="This period" fill={COLORS.current} />
          <Bar dataKey="previous" name="Previous period" fill={COLORS.previous} />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}
