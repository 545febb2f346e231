"use client";

import { Badge, Card, Code, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";

import { ErrorState, Loading, Notice, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

import { CountersTables } from "./counters-tables";
import { When } from "@/components/ui/when";
import { formatDateTime } from "@/lib/org-time";
import { useTimeZone } from "@/components/dashboard/org-context";

type Overview = inferRouterOutputs<AppRouter>["status"]["overview"];

/**
 * Settings > Service status: this app process's health at a glance, refreshed every 15 seconds. The
 * same checks and counters as /api/health, /api/ready and /metrics (docs/operations.md).
 */
export function ServiceStatus() {
  const q = api.status.overview.useQuery(undefined, { refetchInterval: 15_000 });
  return (
    <Stack gap={6}>
      <PageHeader
        title="Service status"
        description="Health, readiness and traffic of the app process serving you. Counts are since it started."
      />
      {q.isLoading ? <Loading label="Checking the service" /> : null}
      {q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : null}
      {q.data ? <StatusBody data={q.data} /> : null}
    </Stack>
  );
}

function StatusBody({ data }: { data: Overview }) {
  const timeZone = useTimeZone();
  const { health, readiness, process: proc, dbPool, counters, monitoring } = data;
  return (
    <Stack gap={6}>
      <SimpleGrid columns={{ base: 1, sm: 2, lg: 4 }} gap={4}>
        <Tile
          label="Health"
          ok={health.status === "ok"}
          value={health.status === "ok" ? "Healthy" : "Degraded"}
          detail={`Version ${health.app.version}`}
        />
        <Tile
          label="Ready for traffic"
          ok={readiness.ready}
          value={readiness.ready ? "Ready" : "Not ready"}
          detail={readinessDetail(readiness)}
        />
        <Tile
          label="Database"
          ok={health.database.ok}
          value={health.database.ok ? `${health.database.latencyMs ?? "?"} ms` : "Unreachable"}
          detail={health.database.error ?? "Round trip of SELECT 1"}
        />
        <Tile
          label="Uptime"
          value={duration(proc.uptimeSeconds)}
          detail={`Since ${formatDateTime(proc.startedAt, timeZone)}`}
        />
      </SimpleGrid>

      <SimpleGrid columns={{ base: 1, md: 3 }} gap={4}>
        <Card.Root>
          <Card.Body>
            <Text fontWeight="semibold" mb={2}>
              Database pool
            </Text>
            {dbPool ? (
              <Text>
                {dbPool.total} open of {dbPool.max} · {dbPool.idle} idle · {dbPool.waiting} waiting
              </Text>
            ) : (
              <Text color="fg.muted">No database configured in this process.</Text>
            )}
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Body>
            <Text fontWeight="semibold" mb={2}>
              Traffic
            </Text>
            <Text>
              {counters.http.requests.toLocaleString()} requests · {counters.http.serverErrors} server errors ·{" "}
              {counters.http.clientErrors} client errors
            </Text>
            <Text color="fg.muted" fontSize="sm">
              {counters.http.p95SecondsAtMost === null
                ? "No latency data yet."
                : `95% of requests finished within ${counters.http.p95SecondsAtMost * 1000} ms.`}
            </Text>
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Body>
            <Text fontWeight="semibold" mb={2}>
              Process
            </Text>
            <Text>
              Node {proc.node} · {mb(proc.rssBytes)} resident · {mb(proc.heapUsedBytes)} heap
            </Text>
            <HStack mt={2} gap={2} wrap="wrap">
              <Badge colorPalette={monitoring.metricsEndpoint ? "green" : "gray"}>
                /metrics {monitoring.metricsEndpoint ? "on" : "off"}
              </Badge>
              <Badge colorPalette={monitoring.tracing ? "green" : "gray"}>
                Tracing {monitoring.tracing ? "on" : "off"}
              </Badge>
            </HStack>
          </Card.Body>
        </Card.Root>
      </SimpleGrid>

      {!readiness.ready ? (
        <Notice status="warning" title="This process is not ready for traffic">
          {readinessDetail(readiness)}
        </Notice>
      ) : null}

      <CountersTables counters={counters} />

      <Text color="fg.muted" fontSize="sm">
        Checked <When at={data.checkedAt} show="time" />. Prometheus scrapes <Code>/metrics</Code>; load balancers poll{" "}
        <Code>/api/health</Code> and <Code>/api/ready</Code>.
      </Text>
    </Stack>
  );
}

function Tile({ label, value, detail, ok }: { label: string; value: string; detail?: string; ok?: boolean }) {
  return (
    <Card.Root>
      <Card.Body>
        <HStack justify="space-between" mb={1}>
          <Text color="fg.muted" fontSize="sm">
            {label}
          </Text>
          {ok === undefined ? null : <Badge colorPalette={ok ? "green" : "red"}>{ok ? "OK" : "Problem"}</Badge>}
        </HStack>
        <Text fontSize="2xl" fontWeight="semibold">
          {value}
        </Text>
        {detail ? (
          <Text color="fg.muted" fontSize="sm" lineClamp={2}>
            {detail}
          </Text>
        ) : null}
      </Card.Body>
    </Card.Root>
  );
}

function readinessDetail(r: Overview["readiness"]): string {
  const problems: string[] = [];
  if (!r.checks.database.ok) problems.push(`database: ${r.checks.database.error ?? "unreachable"}`);
  const m = r.checks.migrations;
  if (!m.ok)
    problems.push(
      m.pending?.length ? `migrations pending: ${m.pending.join(", ")}` : `migrations: ${m.error ?? "not applied"}`,
    );
  if (r.checks.shutdown.shuttingDown) problems.push("shutting down");
  return problems.length ? problems.join("; ") : `${m.applied ?? 0} migrations applied`;
}

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${seconds % 60}s`;
}

const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
