import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getPool } from "@/server/db/client";

import { startOtlpReceiver } from "../../../tests/fakes/otlp-receiver";
import { flushTracing, parseHeaders, startTracing, stopTracing, tracingEnabled, withSpan } from "./tracing";

/**
 * Real exporter, real instrumentations, real Postgres; only the collector is a local fake. The pg
 * module is loaded (getPool import) before startTracing, as in server.ts, so this also proves the
 * late patching works.
 */
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

describe("tracing unconfigured", () => {
  it("stays off without OTEL_EXPORTER_OTLP_ENDPOINT, and withSpan still runs the work", async () => {
    expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? "").toBe("");
    expect(startTracing()).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(await withSpan("agent.turn", {}, () => 7)).toBe(7);
  });

  it("parses OTEL_EXPORTER_OTLP_HEADERS", () => {
    expect(parseHeaders("a=1, b = two ,broken,=x")).toEqual({ a: "1", b: "two" });
    expect(parseHeaders(undefined)).toEqual({});
  });
});

describe("tracing", () => {
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    expect(
      startTracing({
        endpoint: `${receiver.url}/`,
        serviceName: "storage-agent-test",
        headers: "x-collector-key=abc123",
      }),
    ).toBe(true);
    expect(tracingEnabled()).toBe(true);
  });

  afterAll(async () => {
    await stopTracing();
    await receiver.close();
  });

  it("exports withSpan spans with their database queries as children", async () => {
    const result = await withSpan("agent.turn", { "agent.channel": "voice", "agent.brain": "test" }, async () => {
      await withSpan("agent.tool.quote", { "tool.name": "quote" }, async () => {
        await getPool().query("SELECT 1 AS traced_query");
      });
      return 42;
    });
    expect(result).toBe(42);
    await flushTracing();

    const turn = receiver.spans.find((s) => s.name === "agent.turn");
    const tool = receiver.spans.find((s) => s.name === "agent.tool.quote");
    expect(turn?.attributes).toMatchObject({ "agent.channel": "voice", "agent.brain": "test" });
    expect(turn?.serviceName).toBe("storage-agent-test");
    expect(tool?.parentSpanId).toBe(turn?.spanId);
    expect(tool?.traceId).toBe(turn?.traceId);
    const query = receiver.spans.find((s) => s.parentSpanId === tool?.spanId && s.name !== "pg-pool.connect");
    expect(query, JSON.stringify(receiver.spans.map((s) => s.name))).toBeDefined();
    expect(String(query?.attributes["db.query.text"] ?? query?.attributes["db.statement"])).toContain("traced_query");
    expect(receiver.requests.at(-1)?.headers["x-collector-key"]).toBe("abc123");
  });

  it("marks a failing span as an error and rethrows", async () => {
    await expect(withSpan("agent.tool.broken", {}, () => Promise.reject(new Error("tool blew up")))).rejects.toThrow(
      "tool blew up",
    );
    await flushTracing();
    const broken = receiver.spans.find((s) => s.name === "agent.tool.broken");
    expect(broken?.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(broken?.status?.message).toBe("tool blew up");
  });

  it("traces incoming HTTP requests and continues the caller's trace (W3C traceparent)", async () => {
    const server = http.createServer((req, res) => {
      void withSpan("handler.work", {}, async () => {
        await getPool().query("SELECT 2 AS inside_request");
      }).then(() => res.end("ok"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await fetch(`http://127.0.0.1:${port}/api/twilio/voice?token=secret`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(await res.text()).toBe("ok");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await flushTracing();

    const incoming = receiver.spans.find((s) => s.traceId === traceId && s.kind === 2); // SERVER
    expect(incoming, JSON.stringify(receiver.spans.map((s) => [s.name, s.kind, s.traceId]))).toBeDefined();
    expect(incoming?.parentSpanId).toBe("00f067aa0ba902b7");
    const work = receiver.spans.find((s) => s.name === "handler.work");
    expect(work?.parentSpanId).toBe(incoming?.spanId);
    expect(
      receiver.spans.some(
        (s) =>
          s.parentSpanId === work?.spanId &&
          String(s.attributes["db.query.text"] ?? s.attributes["db.statement"]).includes("inside_request"),
      ),
    ).toBe(true);
  });

  it("does not trace health checks and metrics scrapes", async () => {
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
    for (const p of ["/api/health", "/metrics"]) {
      await (
        await fetch(`http://127.0.0.1:${port}${p}`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })
      ).text();
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await flushTracing();
    expect(receiver.spans.filter((s) => s.traceId === traceId && s.kind === 2)).toEqual([]);
  });
});
