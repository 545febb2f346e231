"use client";

import { SimpleGrid, Tabs } from "@chakra-ui/react";

import { OUTCOME_LABEL } from "@/components/calls/format";
import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";
import type { FunnelRow } from "@/server/analytics/metrics";

import { CompareBars } from "./compare-bars";
import { formatCount, formatPercent } from "./format";
import { DataTable, Section } from "./parts";

const OUTCOMES = ["reservation", "lead", "question_answered", "transfer", "message", "abandoned", "none"] as const;

export function OutcomesSection({ filter }: { filter: AnalyticsFilter }) {
  const q = api.analytics.outcomes.useQuery(filter);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading outcomes" />;
  const { current: c, previous: p } = q.data;
  const data = OUTCOMES.map((o) => ({
    outcome: OUTCOME_LABEL[o] ?? "In progress",
    current: c.counts[o],
    previous: p.counts[o],
  }));
  return (
    <Section title="Outcomes" description="How the conversations of the period ended, beside the previous period.">
      <CompareBars label="Outcomes, this period and the previous one" data={data} category="outcome" horizontal />
      <DataTable
        caption="Outcomes"
        head={["Outcome", "Conversations", "Share", "Previous period"]}
        numeric={[1, 2, 3]}
        rows={OUTCOMES.map((o) => [
          OUTCOME_LABEL[o] ?? "In progress",
          formatCount(c.counts[o]),
          formatPercent(c.shares[o]),
          formatCount(p.counts[o]),
        ])}
      />
    </Section>
  );
}

const funnelRows = (rows: FunnelRow[]) =>
  rows.map((r) => [
    r.label,
    formatCount(r.conversations),
    formatCount(r.leads),
    formatCount(r.reservations),
    formatCount(r.moveIns),
    formatPercent(r.conversations ? r.reservations / r.conversations : null),
  ]);

export function FunnelSection({ filter }: { filter: AnalyticsFilter }) {
  const q = api.analytics.funnel.useQuery(filter);
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading the funnel" />;
  const { current: c, previous: p } = q.data;
  const stages = [
    { stage: "Conversations", current: c.total.conversations, previous: p.total.conversations },
    { stage: "Leads", current: c.total.leads, previous: p.total.leads },
    { stage: "Reservations", current: c.total.reservations, previous: p.total.reservations },
    { stage: "Move-ins", current: c.total.moveIns, previous: p.total.moveIns },
  ];
  const head = ["", "Conversations", "Leads", "Reservations", "Move-ins", "Booked"];
  return (
    <Section
      title="Funnel"
      description="Conversations of the period, and how many of them captured a lead, made a reservation and moved in (whenever the move-in happened)."
    >
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap={4}>
        <CompareBars label="Funnel from conversation to move-in" data={stages} category="stage" />
        <Tabs.Root defaultValue="source" size="sm">
          <Tabs.List>
            <Tabs.Trigger value="source">By source</Tabs.Trigger>
            <Tabs.Trigger value="facility">By facility</Tabs.Trigger>
            <Tabs.Trigger value="handler">Agent vs staff</Tabs.Trigger>
          </Tabs.List>
          <Tabs.Content value="source">
            <DataTable caption="Funnel by source" head={head} numeric={[1, 2, 3, 4, 5]} rows={funnelRows(c.bySource)} />
          </Tabs.Content>
          <Tabs.Content value="facility">
            <DataTable
              caption="Funnel by facility"
              head={head}
              numeric={[1, 2, 3, 4, 5]}
              rows={funnelRows(c.byFacility)}
            />
          </Tabs.Content>
          <Tabs.Content value="handler">
            <DataTable
              caption="Funnel by handler"
              head={head}
              numeric={[1, 2, 3, 4, 5]}
              rows={funnelRows(c.byHandler)}
            />
          </Tabs.Content>
        </Tabs.Root>
      </SimpleGrid>
    </Section>
  );
}
