import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

import { scrubErrorText } from "./scrub";

/**
 * Spans for our own operations, usable from any module (route bundles included): it needs only
 * @opentelemetry/api, whose global provider tracing.ts registers when tracing is on. When it is
 * off, the API hands out no-op spans and withSpan costs next to nothing.
 */
const TRACER = "storage-agent";

export interface TracingState<P = unknown> {
  provider: P;
  endpoint: string;
}
const g = globalThis as typeof globalThis & { __storageAgentTracing?: TracingState };

/** Whether startTracing() turned tracing on in this process. */
export const tracingEnabled = () => Boolean(g.__storageAgentTracing);

/**
 * Runs `fn` in a span named `name` (e.g. "agent.turn", "agent.tool.quote"), child of the current one,
 * so a call's webhook, turn, tools and queries form one trace. Failures mark the span as an error
 * and are rethrown. Costs next to nothing when tracing is off.
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T> | T): Promise<T> {
  return trace.getTracer(TRACER).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      // Scrubbed like the log: a failed query's message carries its parameters (customers' data).
      const message = scrubErrorText(err instanceof Error ? err.message : String(err));
      span.recordException({ name: err instanceof Error ? err.name : "Error", message });
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      throw err;
    } finally {
      span.end();
    }
  });
}
