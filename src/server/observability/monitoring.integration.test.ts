import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { GET as metricsRoute } from "@/app/metrics/route";
import { log } from "@/server/log";

import { instrumentRequest, REQUEST_ID_HEADER } from "./http";
import { metricsResponse } from "./metrics-endpoint";
import {
  countError,
  countWebhookFailure,
  observeAgentTurn,
  registerBacklogCollector,
  renderMetrics,
  timeAgentTurn,
} from "./metrics";

/**
 * /metrics, request ids, request logs and metric values, through a real node:http server wired the
 * way server.ts wires it (instrumentRequest first in the request listener).
 */
const TOKEN = "test-metrics-token-0123456789";

/** The value of one sample in Prometheus text, matched by name and a subset of its labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(): Promise<string> {
  const res = await metricsResponse(
    new Request("http://x/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }),
    TOKEN,
  );
  expect(res.status).toBe(200);
  return res.text();
}

let base: string;
let server: http.Server;
const seenByHandler: { requestId?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    instrumentRequest(req, res);
    // Stands in for Next: async work, a log line, and a status picked by the path.
    setTimeout(() => {
      seenByHandler.push({ requestId: req.headers[REQUEST_ID_HEADER] as string });
      const url = new URL(req.url ?? "/", "http://x");
      log.warn({ step: "inside handler", path: url.pathname }, "handler log");
      const status = Number(url.searchParams.get("status") ?? 200);
      res.writeHead(status).end("done");
    }, 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("/metrics", () => {
  it("does not exist without METRICS_TOKEN (the test environment sets none)", async () => {
    expect((await metricsResponse(new Request("http://x/metrics"), undefined)).status).toBe(404);
    expect(
      (await metricsRoute(new Request("http://x/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }))).status,
    ).toBe(404);
  });

  it("refuses a missing, malformed or wrong token", async () => {
    for (const authorization of [
      undefined,
      TOKEN,
      `Basic ${TOKEN}`,
      "Bearer wrong-token-wrong-token",
      `Bearer ${TOKEN}x`,
    ]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const res = await metricsResponse(new Request("http://x/metrics", { headers }), TOKEN);
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(await res.text()).not.toContain("storage_agent");
    }
  });

  it("serves Prometheus text with process metrics and ours", async () => {
    const res = await metricsResponse(
      new Request("http://x/metrics", { headers: { authorization: `bearer ${TOKEN}` } }),
      TOKEN,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
      "storage_agent_http_requests_total",
      "storage_agent_agent_turn_duration_seconds",
      "storage_agent_errors_total",
      "storage_agent_webhook_failures_total",
      "storage_agent_workflow_backlog",
      "storage_agent_db_pool_connections",
    ]) {
      expect(text, name).toContain(`# TYPE ${name}`);
    }
  });
});

describe("request instrumentation", () => {
  it("counts requests by method, route pattern and status class, with latency", async () => {
    const before = await scrape();
    const labels = { method: "GET", route: "/:org/leads/:id", status_class: "2xx" };
    const startCount = sample(before, "storage_agent_http_requests_total", labels) ?? 0;
    for (let i = 0; i < 3; i++)
      await (await fetch(`${base}/org-metrics-test/leads/Ld7k2mQ9xZ${i}?token=not-a-label`)).text();
    await (await fetch(`${base}/org-metrics-test/leads/Ld7k2mQ9xZ9?status=503`)).text();
    await (await fetch(`${base}/api/trpc/team.list`, { method: "POST" })).text();

    const after = await scrape();
    expect(sample(after, "storage_agent_http_requests_total", labels)).toBe(startCount + 3);
    expect(sample(after, "storage_agent_http_request_duration_seconds_count", labels)).toBe(startCount + 3);
    expect(sample(after, "storage_agent_http_request_duration_seconds_bucket", { ...labels, le: "+Inf" })).toBe(
      startCount + 3,
    );
    expect(sample(after, "storage_agent_http_requests_total", { ...labels, status_class: "5xx" })).toBe(1);
    expect(
      sample(after, "storage_agent_http_requests_total", {
        method: "POST",
        route: "/api/trpc/team.list",
        status_class: "2xx",
      }),
    ).toBe(1);
    expect(sample(after, "storage_agent_errors_total", { source: "http" })).toBe(1);
    expect(after).not.toContain("org-metrics-test");
    expect(after).not.toContain("Ld7k2mQ9xZ");
    expect(after).not.toContain("not-a-label");
  });

  it("keeps a sane incoming X-Request-Id and passes it to the handler and the response", async () => {
    const res = await fetch(`${base}/api/twilio/sms`, { headers: { "x-request-id": "edge-req-1234abcd" } });
    await res.text();
    expect(res.headers.get("x-request-id")).toBe("edge-req-1234abcd");
    expect(seenByHandler.at(-1)?.requestId).toBe("edge-req-1234abcd");
  });

  it("replaces a missing or unsafe X-Request-Id with a generated one", async () => {
    for (const incoming of [undefined, "short", "has spaces in it", "x".repeat(200), "inject\"quote'12345"]) {
      const res = await fetch(`${base}/api/twilio/sms`, { headers: incoming ? { "x-request-id": incoming } : {} });
      await res.text();
      const id = res.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(seenByHandler.at(-1)?.requestId).toBe(id);
    }
  });

  it("writes the request id into log lines inside the request and one request line, without query strings", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const res = await fetch(`${base}/org-log-test/calls/Cc8d3kLm2q?status=500&token=super-secret-query-token`, {
        headers: { "x-request-id": "log-test-req-0001" },
      });
      await res.text();
      // The request line is written on "finish", which may land just after the client has the body.
      await vi.waitFor(() => expect(lines.some((l) => l.includes('"msg":"request"'))).toBe(true));
    } finally {
      spy.mockRestore();
    }
    const parsed = lines.flatMap((l) => l.trim().split("\n")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const inside = parsed.find((l) => l.msg === "handler log");
    expect(inside).toMatchObject({ level: "warn", requestId: "log-test-req-0001", step: "inside handler" });
    const request = parsed.find((l) => l.msg === "request");
    expect(request).toMatchObject({
      level: "error",
      requestId: "log-test-req-0001",
      method: "GET",
      route: "/:org/calls/:id",
      status: 500,
    });
    expect(typeof request?.durationMs).toBe("number");
    expect(lines.join("")).not.toContain("super-secret-query-token");
    expect(JSON.stringify(request)).not.toContain("org-log-test");
  });
});

describe("metric helpers", () => {
  it("records agent turns, errors and webhook failures with bounded labels", async () => {
    observeAgentTurn({ brain: "OpenAI:gpt-test", channel: "voice", seconds: 0.8 });
    observeAgentTurn({ brain: "OpenAI:gpt-test", channel: "voice", seconds: 2.5 });
    await expect(
      timeAgentTurn({ brain: "rules", channel: "sms" }, () => Promise.reject(new Error("model down"))),
    ).rejects.toThrow("model down");
    expect(await timeAgentTurn({ brain: "rules", channel: "sms" }, () => Promise.resolve("reply"))).toBe("reply");
    countWebhookFailure("Twilio", "sms status");
    countWebhookFailure("stripe", "signature");
    countError("workflow");

    const text = await scrape();
    const voice = { brain: "openai:gpt-test", channel: "voice" };
    expect(sample(text, "storage_agent_agent_turn_duration_seconds_count", voice)).toBe(2);
    expect(sample(text, "storage_agent_agent_turn_duration_seconds_sum", voice)).toBeCloseTo(3.3);
    expect(sample(text, "storage_agent_agent_turn_duration_seconds_bucket", { ...voice, le: "1" })).toBe(1);
    expect(sample(text, "storage_agent_agent_turn_duration_seconds_count", { brain: "rules", channel: "sms" })).toBe(2);
    expect(sample(text, "storage_agent_errors_total", { source: "agent" })).toBe(1);
    expect(sample(text, "storage_agent_webhook_failures_total", { provider: "twilio", kind: "sms_status" })).toBe(1);
    expect(sample(text, "storage_agent_webhook_failures_total", { provider: "stripe", kind: "signature" })).toBe(1);
    expect(sample(text, "storage_agent_errors_total", { source: "webhook" })).toBe(2);
    expect(sample(text, "storage_agent_errors_total", { source: "workflow" })).toBe(1);
  });

  it("collects the workflow backlog from registered callbacks at scrape time", async () => {
    let waiting = 3;
    const unregister = registerBacklogCollector("reminders", async () => waiting);
    registerBacklogCollector("broken-queue", () => {
      throw new Error("queue table missing");
    });
    expect(sample(await scrape(), "storage_agent_workflow_backlog", { queue: "reminders" })).toBe(3);
    waiting = 11;
    const text = await scrape();
    expect(sample(text, "storage_agent_workflow_backlog", { queue: "reminders" })).toBe(11);
    expect(sample(text, "storage_agent_workflow_backlog", { queue: "broken-queue" })).toBeUndefined();
    expect(sample(text, "storage_agent_errors_total", { source: "metrics_collector" })).toBeGreaterThanOrEqual(1);
    unregister();
    expect(
      sample(await renderMetrics().then((m) => m.body), "storage_agent_workflow_backlog", { queue: "reminders" }),
    ).toBeUndefined();
  });

  it("reports the database pool", async () => {
    const { getPool } = await import("@/server/db/client");
    const pool = getPool();
    const client = await pool.connect();
    try {
      const text = await scrape();
      expect(sample(text, "storage_agent_db_pool_connections", { state: "total" })).toBe(pool.totalCount);
      expect(sample(text, "storage_agent_db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
      expect(sample(text, "storage_agent_db_pool_connections", { state: "idle" })).toBe(pool.idleCount);
      expect(sample(text, "storage_agent_db_pool_connections", { state: "waiting" })).toBe(0);
    } finally {
      client.release();
    }
  });
});
