import { getPool } from "@/server/db/client";

/** App and database state for /api/health (liveness) and readiness checks. */
export async function healthReport() {
  const started = performance.now();
  let database: { ok: boolean; latencyMs?: number; error?: string };
  try {
    await getPool().query("SELECT 1");
    database = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    database = { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  return {
    status: database.ok ? ("ok" as const) : ("degraded" as const),
    app: { ok: true, uptimeSeconds: Math.round(process.uptime()), version: process.env.npm_package_version ?? "0.1.0" },
    database,
  };
}
