import { metricsSnapshot } from "./metrics";

type Snapshot = Awaited<ReturnType<typeof metricsSnapshot>>;
type Labels = Partial<Record<string, string | number>>;

/**
 * The few numbers the admin status page shows, read from the same registry /metrics serves, so the
 * page and Prometheus never disagree. Counts are since this process started.
 */
export interface StatusCounters {
  http: {
    requests: number;
    serverErrors: number;
    clientErrors: number;
    p95SecondsAtMost: number | null;
    busiestRoutes: { route: string; requests: number; avgMs: number }[];
  };
  agentTurns: { brain: string; channel: string; turns: number; avgSeconds: number }[];
  errors: { source: string; count: number }[];
  webhookFailures: { provider: string; kind: string; count: number }[];
  workflowBacklog: { queue: string; waiting: number }[];
}

export async function statusCounters(): Promise<StatusCounters> {
  return summarise(await metricsSnapshot());
}

export function summarise(snapshot: Snapshot): StatusCounters {
  const values = (name: string) => snapshot.find((m) => m.name === `storage_agent_${name}`)?.values ?? [];
  const label = (labels: Labels, key: string) => String(labels[key] ?? "");

  const requests = values("http_requests_total");
  const sumWhere = (pred: (l: Labels) => boolean) =>
    requests.filter((v) => pred(v.labels)).reduce((s, v) => s + v.value, 0);

  const duration = values("http_request_duration_seconds");
  const byRoute = new Map<string, { requests: number; seconds: number }>();
  const buckets = new Map<number, number>();
  for (const v of duration) {
    const metricName = (v as { metricName?: string }).metricName ?? "";
    const route = label(v.labels, "route");
    const entry = byRoute.get(route) ?? { requests: 0, seconds: 0 };
    if (metricName.endsWith("_count")) entry.requests += v.value;
    else if (metricName.endsWith("_sum")) entry.seconds += v.value;
    else if (metricName.endsWith("_bucket")) {
      const le = v.labels.le === "+Inf" ? Infinity : Number(v.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + v.value);
    }
    byRoute.set(route, entry);
  }

  const turns = new Map<string, { brain: string; channel: string; turns: number; seconds: number }>();
  for (const v of values("agent_turn_duration_seconds")) {
    const metricName = (v as { metricName?: string }).metricName ?? "";
    const brain = label(v.labels, "brain");
    const channel = label(v.labels, "channel");
    const entry = turns.get(`${brain}\u0000${channel}`) ?? { brain, channel, turns: 0, seconds: 0 };
    if (metricName.endsWith("_count")) entry.turns += v.value;
    else if (metricName.endsWith("_sum")) entry.seconds += v.value;
    turns.set(`${brain}\u0000${channel}`, entry);
  }

  return {
    http: {
      requests: sumWhere(() => true),
      serverErrors: sumWhere((l) => l.status_class === "5xx"),
      clientErrors: sumWhere((l) => l.status_class === "4xx"),
      p95SecondsAtMost: quantileUpperBound(buckets, 0.95),
      busiestRoutes: [...byRoute.entries()]
        .filter(([, e]) => e.requests > 0)
        .map(([route, e]) => ({
          route,
          requests: e.requests,
          avgMs: Math.round((e.seconds / e.requests) * 10_000) / 10,
        }))
        .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route))
        .slice(0, 10),
    },
    agentTurns: [...turns.values()]
      .filter((t) => t.turns > 0)
      .map((t) => ({
        brain: t.brain,
        channel: t.channel,
        turns: t.turns,
        avgSeconds: Math.round((t.seconds / t.turns) * 1000) / 1000,
      })),
    errors: values("errors_total")
      .map((v) => ({ source: label(v.labels, "source"), count: v.value }))
      .filter((e) => e.count > 0),
    webhookFailures: values("webhook_failures_total")
      .map((v) => ({ provider: label(v.labels, "provider"), kind: label(v.labels, "kind"), count: v.value }))
      .filter((e) => e.count > 0),
    workflowBacklog: values("workflow_backlog").map((v) => ({ queue: label(v.labels, "queue"), waiting: v.value })),
  };
}

/** The smallest bucket bound under which at least `q` of the observations fall (histogram buckets are cumulative). */
function quantileUpperBound(buckets: Map<number, number>, q: number): number | null {
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return null;
  for (const le of [...buckets.keys()].sort((a, b) => a - b)) {
    if ((buckets.get(le) ?? 0) >= q * total) return Number.isFinite(le) ? le : null;
  }
  return null;
}
