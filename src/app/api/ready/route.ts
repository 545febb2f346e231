import { readinessReport } from "@/server/observability/readiness";

// Readiness for load balancers and orchestrators: 200 when this process may take traffic, 503 with
// the failing check otherwise. Liveness is /api/health. See docs/operations.md.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET() {
  const report = await readinessReport();
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
