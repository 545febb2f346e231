"use client";

import { SimpleGrid } from "@chakra-ui/react";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";

import { CompareBars } from "./compare-bars";
import { formatCount, formatPercent, formatSeconds } from "./format";
import { DataTable, Section, StatCard } from "./parts";

export function QualitySection({ filter }: { filter: AnalyticsFilter }) {
  const q = api.analytics.agentQuality.useQuery(filter);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading agent quality" />;
  const { current: c, previous: p } = q.data;
  const sentiment = (["positive", "neutral", "negative"] as const).map((k) => ({
    sentiment: k[0]!.toUpperCase() + k.slice(1),
    current: c.sentiment[k],
    previous: p.sentiment[k],
  }));
  return (
    <Section
      title="Agent quality"
      description="Conversations the agent handled. Success: ended with a reservation, a lead or the questions answered. Sentiment: stored, or scored from the summary's words (see docs/analytics.md)."
    >
      <SimpleGrid columns={{ base: 2, md: 4 }} gap={3}>
        <StatCard
          label="Task success"
          value={formatPercent(c.taskSuccessRate)}
          previous={formatPercent(p.taskSuccessRate)}
          current={c.taskSuccessRate}
          prevValue={p.taskSuccessRate}
        />
        <StatCard
          label="Transfers"
          value={`${formatCount(c.transfers)} (${formatPercent(c.transferRate)})`}
          previous={formatCount(p.transfers)}
          current={c.transfers}
          prevValue={p.transfers}
        />
        <StatCard
          label="Average turns"
          value={c.averageTurns === null ? "–" : String(c.averageTurns)}
          previous={p.averageTurns === null ? "–" : String(p.averageTurns)}
        />
        <StatCard
          label="Average call length"
          value={formatSeconds(c.averageDurationSeconds)}
          previous={formatSeconds(p.averageDurationSeconds)}
        />
      </SimpleGrid>
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap={4}>
        <CompareBars label="Caller sentiment" data={sentiment} category="sentiment" height={220} />
        <DataTable
          caption="Questions the agent could not handle"
          head={["What the caller said", "Classified as", "Times"]}
          numeric={[2]}
          rows={c.topUnhandled.map((u) => [
            u.text,
            u.intent === "out_of_scope" ? "Out of scope" : "Unclear",
            formatCount(u.count),
          ])}
        />
      </SimpleGrid>
    </Section>
  );
}
