"use client";

import { Box, SimpleGrid, Text } from "@chakra-ui/react";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";

import { formatCount, formatPercent, shortDate } from "./format";
import { BarChart } from "./charts";
import styles from "./charts.module.css";
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
      <BarChart
        label="Calls and messages by day"
        height={260}
        data={c.byDay.map((d) => ({ ...d, label: shortDate(d.date) }))}
        category="label"
        stacked
        series={[
          { key: "calls", name: "Calls", color: COLORS.current },
          { key: "messages", name: "Messages", color: COLORS.second },
        ]}
      />
      <Box>
        <Text fontWeight="medium" mb={2}>
          When people get in touch (local time)
        </Text>
        <Box overflowX="auto">
          <div className={styles.heatmap} role="table" aria-label="Conversations by weekday and hour">
            <div />
            {Array.from({ length: 24 }, (_, h) => (
              <span key={h} className={styles.heatHour}>
                {h % 3 === 0 ? h : ""}
              </span>
            ))}
            {c.heatmap.map((row, d) => [
              <span key={`l${d}`} className={styles.heatDay}>
                {WEEKDAYS[d]}
              </span>,
              ...row.map((count, h) => (
                <div
                  key={`${d}-${h}`}
                  className={styles.heatCell}
                  style={count ? { background: COLORS.current, opacity: 0.2 + (0.8 * count) / max } : undefined}
                  title={`${WEEKDAYS[d]} ${h}:00: ${count}`}
                  aria-label={`${WEEKDAYS[d]} ${h}:00, ${count} conversations`}
                  role="cell"
                />
              )),
            ])}
          </div>
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
