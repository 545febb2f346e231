"use client";

import { Box, Card, SimpleGrid, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

import type { inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "@/server/api/root";
import { Table } from "@/components/ui/table";

type Counters = inferRouterOutputs<AppRouter>["status"]["overview"]["counters"];

/** The tables under the service status tiles: busiest routes, agent turns, errors, webhooks, backlog. */
export function CountersTables({ counters }: { counters: Counters }) {
  return (
    <SimpleGrid columns={{ base: 1, lg: 2 }} gap={4}>
      <Section title="Busiest routes" empty="No requests yet." rows={counters.http.busiestRoutes.length}>
        <Grid
          head={["Route", "Requests", "Average"]}
          rows={counters.http.busiestRoutes.map((r) => [r.route, r.requests.toLocaleString(), `${r.avgMs} ms`])}
        />
      </Section>
      <Section title="Agent turns" empty="No agent turns yet." rows={counters.agentTurns.length}>
        <Grid
          head={["Brain", "Channel", "Turns", "Average"]}
          rows={counters.agentTurns.map((t) => [t.brain, t.channel, t.turns.toLocaleString(), `${t.avgSeconds} s`])}
        />
      </Section>
      <Section title="Errors" empty="No errors counted." rows={counters.errors.length}>
        <Grid head={["Source", "Count"]} rows={counters.errors.map((e) => [e.source, e.count.toLocaleString()])} />
      </Section>
      <Section title="Webhook failures" empty="No failed webhooks." rows={counters.webhookFailures.length}>
        <Grid
          head={["Provider", "Kind", "Count"]}
          rows={counters.webhookFailures.map((w) => [w.provider, w.kind, w.count.toLocaleString()])}
        />
      </Section>
      <Section
        title="Workflow backlog"
        empty="No workflow queues report a backlog."
        rows={counters.workflowBacklog.length}
      >
        <Grid
          head={["Queue", "Waiting"]}
          rows={counters.workflowBacklog.map((b) => [b.queue, b.waiting.toLocaleString()])}
        />
      </Section>
    </SimpleGrid>
  );
}

function Section({
  title,
  empty,
  rows,
  children,
}: {
  title: string;
  empty: string;
  rows: number;
  children: ReactNode;
}) {
  return (
    <Card.Root>
      <Card.Body>
        <Text fontWeight="semibold" mb={2}>
          {title}
        </Text>
        {rows === 0 ? <Text color="fg.muted">{empty}</Text> : children}
      </Card.Body>
    </Card.Root>
  );
}

function Grid({ head, rows }: { head: string[]; rows: string[][] }) {
  return (
    <Box overflowX="auto">
      <Table.Root aria-label={head.join(", ")}>
        <Table.Header>
          <Table.Row>
            {head.map((h, i) => (
              <Table.ColumnHeader key={h} textAlign={i === 0 ? "start" : "end"}>
                {h}
              </Table.ColumnHeader>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((r) => (
            <Table.Row key={r.join("\u0000")}>
              {r.map((c, i) => (
                <Table.Cell key={i} textAlign={i === 0 ? "start" : "end"} fontFamily={i === 0 ? "mono" : undefined}>
                  {c}
                </Table.Cell>
              ))}
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Root>
    </Box>
  );
}
