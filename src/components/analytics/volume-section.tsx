"use client";

import { Box, Grid, SimpleGrid, Text } from "@chakra-ui/react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";

import { formatCount, formatPercent, shortDate } from "./format";
import { COLORS, DataTable, Section, StatCard } from "./parts";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export function VolumeSection({ filter }: { filter: AnalyticsFilter }) {
  const volume = api.analytics.volume.useQuery(filter);
  const leads = api.analytics.leads.useQuery(filter);
  if (volume.error) return <ErrorState error={volume.error} onRetry={() => void volume.refetch()} />;
  if (!volume.data) return <Loading label="Loading calls" />;
  const { current: c, previous: p } = volume.data;
  const leadsOn = new Map((leads.data?.current.byDay ?? []).map((d) => [d.date, d.leads]));
  const max = Math.max(1, ...c.heatmap.flat());
  return (
    <Section
      title="Calls and messages"
      description="Conversations that started each day on the facility's clock. After hours: the office was closed (weekly hours and holidays)."
    >
      <SimpleGrid columns={{ base: 2, md: 4 }} gap={3}>
        <StatCard
          label="Calls"
          value={formatCount(c.calls)}
          previous={formatCount(p.calls)}
          current={c.calls}
          prevValue={p.calls}
        />
        <StatCard
          label="Messages"
          value={formatCount(c.messages)}
          previous={formatCount(p.messages)}
          current={c.messages}
          prevValue={p.messages}
        />
        <StatCard
          label="After hours"
          value={formatCount(c.afterHours)}
          previous={formatCount(p.afterHours)}
          current={c.afterHours}
          prevValue={p.afterHours}
        />
        <StatCard
          label="After-hours share"
          value={formatPercent(c.afterHoursShare)}
          previous={formatPercent(p.afterHoursShare)}
          current={c.afterHoursShare}
          prevValue={p.afterHoursShare}
        />
      </SimpleGrid>
      <Box height="260px" aria-label="Calls and messages by day" role="img">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={c.byDay.map((d) => ({ ...d, label: shortDate(d.date) }))}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip />
            <Legend />
            <Bar dataKey="calls" name="Calls" stackId="a" fill={COLORS.current} />
            <Bar dataKey="messages" name="Messages" stackId="a" fill={COLORS.second} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
      <Box>
        <Text fontWeight="medium" mb={2}>
          When people get in touch (local time)
        </Text>
        <Box overflowX="auto">
          <Grid
            templateColumns="3em repeat(24, minmax(18px, 1fr))"
            gap="2px"
            minW="560px"
            role="table"
            aria-label="Conversations by weekday and hour"
          >
            <Box />
            {Array.from({ length: 24 }, (_, h) => (
              <Text key={h} fontSize="2xs" color="fg.muted" textAlign="center">
                {h % 3 === 0 ? h : ""}
              </Text>
            ))}
            {c.heatmap.map((row, d) => [
              <Text key={`l${d}`} fontSize="xs" color="fg.muted">
                {WEEKDAYS[d]}
              </Text>,
              ...row.map((count, h) => (
                <Box
                  key={`${d}-${h}`}
                  height="18px"
                  borderRadius="sm"
                  bg={count ? COLORS.current : "bg.muted"}
                  opacity={count ? 0.2 + (0.8 * count) / max : 1}
                  title={`${WEEKDAYS[d]} ${h}:00: ${count}`}
                  aria-label={`${WEEKDAYS[d]} ${h}:00, ${count} conversations`}
                  role="cell"
                />
              )),
            ])}
          </Grid>
        </Box>
      </Box>
      <Box maxH="360px" overflowY="auto" tabIndex={0} aria-label="Daily figures, scrollable">
        <DataTable
          caption="Daily figures"
          head={["Date", "Calls", "Messages", "Leads"]}
          numeric={[1, 2, 3]}
          rows={[...c.byDay].reverse().map((d) => [d.date, d.calls, d.messages, leadsOn.get(d.date) ?? 0])}
        />
      </Box>
    </Section>
  );
}
