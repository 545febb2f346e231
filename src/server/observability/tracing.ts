import { createRequire } from "node:module";
import { syncBuiltinESMExports } from "node:module";

import { context, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";

import { env } from "@/env";
import { log } from "@/server/log";

import type { TracingState } from "./spans";

// withSpan lives in ./spans (no SDK import) so route bundles can use it; re-exported for server code.
export { tracingEnabled, withSpan } from "./spans";

/**
 * OpenTelemetry traces, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set: incoming and outgoing HTTP
 * (Twilio/Stripe webhooks in, API calls out), every PostgreSQL query, and the spans our code opens
 * with `withSpan` from ./spans (agent turns, tools). Spans go as OTLP/HTTP JSON to <endpoint>/v1/traces.
 *
 * server.ts must call startTracing() before it serves: the instrumentations patch node:http and
 * pg in place, and the provider is process-global, so Next's route bundles trace too. Only server.ts
 * should import this file (it loads the SDK); everything else imports ./spans.
 */

// Polled endlessly by monitors; a span each would drown the traces people look at.
const UNTRACED_PATHS = /^\/(metrics|api\/health|api\/ready|_next\/)/;

const g = globalThis as typeof globalThis & { __storageAgentTracing?: TracingState<TracerProvider> };

export interface TracingOptions {
  endpoint?: string;
  serviceName?: string;
  /** "k=v,k2=v2", as in OTEL_EXPORTER_OTLP_HEADERS. */
  headers?: string;
}

/** Starts tracing if an endpoint is configured; returns whether it is on. Safe to call twice. */
export function startTracing(options: TracingOptions = {}): boolean {
  if (g.__storageAgentTracing) return true;
  const endpoint = options.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return false;

  const exporter = new OTLPTraceExporter({
    url: `${endpoint.replace(/\/+$/, "")}/v1/traces`,
    headers: parseHeaders(options.headers ?? env.OTEL_EXPORTER_OTLP_HEADERS),
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName ?? env.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? "") }),
      // Only queries inside a traced operation: the pool's idle housekeeping is noise.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  // The instrumentations patch modules as they are require()d. server.ts imports node:http and pg as
  // ES modules before this runs, so require them once more to apply the patches to the loaded copies,
  // then refresh the ESM named exports of the built-ins from the patched objects.
  const require = createRequire(import.meta.url);
  for (const name of ["node:http", "node:https", "pg", "pg-pool"]) {
    try {
      require(name);
    } catch {
      // pg-pool is pg's dependency and may not be resolvable from here; pg's own patch still applies.
    }
  }
  syncBuiltinESMExports();

  g.__storageAgentTracing = { provider, endpoint };
  log.info({ endpoint }, "tracing on");
  return true;
}

/** Sends buffered spans and stops tracing; call on shutdown so the last spans are not lost. */
export async function stopTracing() {
  const state = g.__storageAgentTracing;
  if (!state) return;
  g.__storageAgentTracing = undefined;
  await state.provider.shutdown().catch((err: unknown) => log.warn({ err: String(err) }, "tracing shutdown failed"));
}

/** Sends buffered spans now (tests; before a process exits on purpose). */
export async function flushTracing() {
  await g.__storageAgentTracing?.provider.forceFlush();
}

export function parseHeaders(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    out[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return out;
}
