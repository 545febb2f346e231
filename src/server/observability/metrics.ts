import client from "prom-client";

import { getPool } from "@/server/db/client";
import { replicaStatus } from "@/server/db/replica";

/**
 * The service's Prometheus metrics. One registry per process: server.ts and Next's route bundles
 * each load their own copy of this module (and maybe of prom-client), so the registry and every
 * metric live on globalThis and both copies count into the same series. Callers use the helpers
 * below and never touch prom-client, so names and labels stay in one place (docs/operations.md).
 *
 * Label values are bounded on purpose: routes are normalised patterns (see ./routes.ts), other
 * labels are short identifiers cut to LABEL_MAX characters.
 */
const PREFIX = "storage_agent_";
const LABEL_MAX = 40;

type BacklogCollector = () => number | Promise<number>;

interface MetricsState {
  registry: client.Registry;
  httpRequests: client.Counter<"method" | "route" | "status_class">;
  httpDuration: client.Histogram<"method" | "route" | "status_class">;
  agentTurnDuration: client.Histogram<"brain" | "channel">;
  errors: client.Counter<"source">;
  webhookFailures: client.Counter<"provider" | "kind">;
  consistencyViolations: client.Gauge<"check">;
  pmsSyncDuration: client.Histogram<"provider" | "status">;
  pmsSyncFailures: client.Counter<"provider">;
  pmsWriteBacks: client.Counter<"provider" | "kind" | "status">;
  pmsLastSuccess: client.Gauge<"provider">;
  backlogCollectors: Map<string, BacklogCollector>;
}

const g = globalThis as typeof globalThis & { __storageAgentMetrics?: MetricsState };

function create(): MetricsState {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const backlogCollectors = new Map<string, BacklogCollector>();

  const state: MetricsState = {
    registry,
    backlogCollectors,
    httpRequests: new client.Counter({
      name: `${PREFIX}http_requests_total`,
      help: "HTTP requests served, by method, normalised route and status class (2xx, 4xx, 5xx...).",
      labelNames: ["method", "route", "status_class"] as const,
      registers,
    }),
    httpDuration: new client.Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "Time from request start to the response finishing, by method, normalised route and status class.",
      labelNames: ["method", "route", "status_class"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    agentTurnDuration: new client.Histogram({
      name: `${PREFIX}agent_turn_duration_seconds`,
      help: "Time the agent takes for one turn (caller input to reply), by brain and channel.",
      labelNames: ["brain", "channel"] as const,
      // A voice caller notices anything over a second; the tail up to a minute catches stuck model calls.
      buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 20, 30, 60],
      registers,
    }),
    errors: new client.Counter({
      name: `${PREFIX}errors_total`,
      help: "Errors by source: http (5xx responses), trpc, agent, workflow, webhook, ... (see docs/operations.md).",
      labelNames: ["source"] as const,
      registers,
    }),
    webhookFailures: new client.Counter({
      name: `${PREFIX}webhook_failures_total`,
      help: "Webhook deliveries we could not process (bad signature, handler error), by provider and kind.",
      labelNames: ["provider", "kind"] as const,
      registers,
    }),
    consistencyViolations: new client.Gauge({
      name: `${PREFIX}consistency_violations`,
      help: "Rows breaking each consistency check at its last run in this process (src/server/consistency/checks.ts); -1 when the check itself failed.",
      labelNames: ["check"] as const,
      registers,
    }),
    pmsSyncDuration: new client.Histogram({
      name: `${PREFIX}pms_sync_duration_seconds`,
      help: "Time one PMS sync took (pull and apply), by provider and outcome (succeeded, failed).",
      labelNames: ["provider", "status"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    pmsSyncFailures: new client.Counter({
      name: `${PREFIX}pms_sync_failures_total`,
      help: "PMS syncs that failed, by provider.",
      labelNames: ["provider"] as const,
      registers,
    }),
    // Lag is `time() - storage_agent_pms_last_sync_success_timestamp_seconds` (the Prometheus idiom:
    // no database read at scrape time). Settings > Integrations shows each connection's own lag.
    pmsLastSuccess: new client.Gauge({
      name: `${PREFIX}pms_last_sync_success_timestamp_seconds`,
      help: "Unix time of the last successful PMS sync this process ran, by provider; lag = time() minus this.",
      labelNames: ["provider"] as const,
      registers,
    }),
    pmsWriteBacks: new client.Counter({
      name: `${PREFIX}pms_write_backs_total`,
      help: "Leads, reservations and cancellations written back to a PMS, by provider, kind and outcome (succeeded, pending, refused, failed).",
      labelNames: ["provider", "kind", "status"] as const,
      registers,
    }),
  };

  new client.Gauge({
    name: `${PREFIX}workflow_backlog`,
    help: "Workflows waiting to run, by queue. Collected when scraped from callbacks registered with registerBacklogCollector.",
    labelNames: ["queue"] as const,
    registers,
    async collect() {
      this.reset();
      for (const [queue, fn] of backlogCollectors) {
        try {
          const value = await fn();
          if (Number.isFinite(value)) this.set({ queue }, value);
        } catch {
          // A failing collector leaves its queue out of this scrape rather than failing the whole scrape.
          state.errors.inc({ source: "metrics_collector" });
        }
      }
    },
  });

  new client.Gauge({
    name: `${PREFIX}db_pool_connections`,
    help: "PostgreSQL pool connections: total open, idle, and requests waiting for one.",
    labelNames: ["state"] as const,
    registers,
    collect() {
      const pool = dbPoolStats();
      if (!pool) return;
      this.set({ state: "total" }, pool.total);
      this.set({ state: "idle" }, pool.idle);
      this.set({ state: "waiting" }, pool.waiting);
    },
  });

  // Only with DATABASE_REPLICA_URL: a process without a replica exports none of these series.
  new client.Gauge({
    name: `${PREFIX}db_replica_lag_seconds`,
    help: "How far the read replica is behind the primary, measured by WAL position (src/server/db/replica.ts). Absent while it is down.",
    labelNames: ["replica"] as const,
    registers,
    async collect() {
      this.reset();
      const r = await replicaStatus();
      if (r.configured && r.lagSeconds !== null) this.set({ replica: r.address }, r.lagSeconds);
    },
  });
  new client.Gauge({
    name: `${PREFIX}db_replica_up`,
    help: "1 when the read replica answered the last check, 0 when not; serving is 1 when reads go to it (up and lag within REPLICA_MAX_LAG_SECONDS).",
    labelNames: ["replica", "state"] as const,
    registers,
    async collect() {
      this.reset();
      const r = await replicaStatus();
      if (!r.configured) return;
      this.set({ replica: r.address, state: "up" }, r.up ? 1 : 0);
      this.set({ replica: r.address, state: "serving" }, r.serving ? 1 : 0);
    },
  });
  new client.Counter({
    name: `${PREFIX}db_replica_reads_total`,
    help: "Replica-eligible reads by where they ran: replica, primary (replica down or lagging), fallback (failed on the replica, run again on the primary).",
    labelNames: ["replica", "target"] as const,
    registers,
    async collect() {
      this.reset();
      const r = await replicaStatus();
      if (!r.configured) return;
      for (const target of ["replica", "primary", "fallback"] as const)
        this.inc({ replica: r.address, target }, r.reads[target]);
    },
  });

  return state;
}

function metrics(): MetricsState {
  return (g.__storageAgentMetrics ??= create());
}

/** Cuts a label value to a short, printable identifier so a caller's typo cannot explode cardinality. */
export function labelValue(value: string | undefined | null): string {
  const v = (value ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.:/-]+/g, "_")
    .slice(0, LABEL_MAX);
  return v === "" ? "unknown" : v;
}

export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "unknown";
}

/** One HTTP request, recorded by instrumentRequest. `route` must already be normalised. */
export function observeHttp(o: { method: string; route: string; status: number; seconds: number }) {
  const labels = { method: o.method.toUpperCase().slice(0, 10), route: o.route, status_class: statusClass(o.status) };
  const m = metrics();
  m.httpRequests.inc(labels);
  m.httpDuration.observe(labels, o.seconds);
  if (o.status >= 500) m.errors.inc({ source: "http" });
}

/** One PMS sync (src/server/pms/sync.ts). */
export function recordPmsSync(provider: string, status: "succeeded" | "failed", ms: number) {
  const m = metrics();
  m.pmsSyncDuration.observe({ provider: labelValue(provider), status }, ms / 1000);
  if (status === "failed") m.pmsSyncFailures.inc({ provider: labelValue(provider) });
  else m.pmsLastSuccess.set({ provider: labelValue(provider) }, Date.now() / 1000);
}

/** One write-back attempt's outcome (src/server/pms/write-back.ts). */
export function recordPmsWriteBack(provider: string, kind: string, status: string) {
  metrics().pmsWriteBacks.inc({ provider: labelValue(provider), kind: labelValue(kind), status: labelValue(status) });
}

/** One agent turn: call when the reply is ready. `brain` is the model/engine, `channel` voice/sms/chat. */
export function observeAgentTurn(o: { brain: string; channel: string; seconds: number }) {
  metrics().agentTurnDuration.observe({ brain: labelValue(o.brain), channel: labelValue(o.channel) }, o.seconds);
}

/** Times `fn` as one agent turn (also when it throws, which additionally counts an "agent" error). */
export async function timeAgentTurn<T>(labels: { brain: string; channel: string }, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } catch (err) {
    countError("agent");
    throw err;
  } finally {
    observeAgentTurn({ ...labels, seconds: (performance.now() - started) / 1000 });
  }
}

/** Counts an error from `source` (e.g. "trpc", "agent", "workflow", "webhook", "email"). */
export function countError(source: string) {
  metrics().errors.inc({ source: labelValue(source) });
}

/** Counts a webhook we failed to process, e.g. ("twilio", "sms_status") or ("stripe", "signature"). */
export function countWebhookFailure(provider: string, kind: string) {
  const m = metrics();
  m.webhookFailures.inc({ provider: labelValue(provider), kind: labelValue(kind) });
  m.errors.inc({ source: "webhook" });
}

/**
 * Registers how to count the backlog of one workflow queue; it is called on every scrape (and by
 * the status page), so keep it to one cheap query. Registering the same queue again replaces it.
 * Returns a function that unregisters it.
 */
export function registerBacklogCollector(queue: string, fn: BacklogCollector): () => void {
  const name = labelValue(queue);
  const collectors = metrics().backlogCollectors;
  collectors.set(name, fn);
  return () => {
    if (collectors.get(name) === fn) collectors.delete(name);
  };
}

/** The outcome of one consistency check (`violations` found, or -1 when the check could not run). */
export function setConsistencyViolations(check: string, violations: number) {
  metrics().consistencyViolations.set({ check: labelValue(check) }, violations);
}

/** The pg pool's counters, or null when no database has been configured in this process. */
export function dbPoolStats(): { total: number; idle: number; waiting: number; max: number } | null {
  try {
    const pool = getPool();
    return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
  } catch {
    return null;
  }
}

/** The Prometheus text exposition of every metric, and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/** Every metric as prom-client JSON (name, type, values with labels): for the status page and tests. */
export async function metricsSnapshot() {
  return metrics().registry.getMetricsAsJSON();
}
