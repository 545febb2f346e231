import http from "node:http";

import { healthReport } from "@/server/health";
import { log } from "@/server/log";
import { readinessReport } from "@/server/observability/readiness";

/**
 * The worker's probes (`npm run worker` has no web server of its own): with WORKER_HEALTH_PORT set,
 * GET /api/health and /api/ready answer exactly as the app server's routes do (liveness: the
 * database answers; readiness: database, migrations, and not shutting down), so an orchestrator
 * probes both kinds of process the same way (deploy/k8s/worker.yaml).
 */
export function startHealthServer(port: number, host = "0.0.0.0"): http.Server {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const answer = (status: number, body: unknown) =>
      res
        .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
        .end(JSON.stringify(body));
    if (req.method !== "GET") return answer(405, { error: "GET only" });
    if (path === "/api/health")
      return void healthReport().then(
        (r) => answer(r.status === "ok" ? 200 : 503, r),
        (err: unknown) => answer(503, { error: String(err) }),
      );
    if (path === "/api/ready")
      return void readinessReport().then(
        (r) => answer(r.ready ? 200 : 503, r),
        (err: unknown) => answer(503, { error: String(err) }),
      );
    answer(404, { error: "not found" });
  });
  server.listen(port, host, () => log.info({ port }, "worker health endpoints listening"));
  return server;
}
