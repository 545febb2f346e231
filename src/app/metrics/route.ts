import { env } from "@/env";
import { metricsResponse } from "@/server/observability/metrics-endpoint";

// Prometheus scrapes /metrics (its default path). Protected by METRICS_TOKEN; see docs/operations.md.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(req: Request) {
  return metricsResponse(req, env.METRICS_TOKEN);
}
