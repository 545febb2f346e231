import { env } from "@/env";
import { healthReport } from "@/server/health";
import { dbPoolStats } from "@/server/observability/metrics";
import { readinessReport } from "@/server/observability/readiness";
import { statusCounters } from "@/server/observability/status-summary";
import { tracingEnabled } from "@/server/observability/spans";

import { adminProcedure, createTRPCRouter } from "../trpc";

/**
 * The admin status page: this app process's health, readiness and key counters, the same numbers
 * /api/health, /api/ready and /metrics give operators' tooling. Service-wide, with no tenant data:
 * route labels are patterns (never slugs or ids), the rest are provider and queue names.
 */
export const statusRouter = createTRPCRouter({
  overview: adminProcedure.query(async () => {
    const [health, readiness, counters] = await Promise.all([healthReport(), readinessReport(), statusCounters()]);
    const memory = process.memoryUsage();
    return {
      checkedAt: new Date(),
      health,
      readiness,
      process: {
        uptimeSeconds: Math.round(process.uptime()),
        startedAt: new Date(Date.now() - process.uptime() * 1000),
        node: process.version,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      },
      dbPool: dbPoolStats(),
      monitoring: { metricsEndpoint: Boolean(env.METRICS_TOKEN), tracing: tracingEnabled() },
      counters,
    };
  }),
});
