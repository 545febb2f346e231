import { AsyncLocalStorage } from "node:async_hooks";

import { trace } from "@opentelemetry/api";

/**
 * Per-request context (the request id) carried through async work, so a `log` line written deep in
 * a procedure still says which request it belongs to. server.ts and Next's route bundles each load
 * their own copy of this module, so the storage lives on globalThis: both copies share one.
 */
export interface RequestContext {
  requestId: string;
}

const g = globalThis as typeof globalThis & { __storageAgentRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (g.__storageAgentRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with `ctx` as the request context (for work started outside an HTTP request, e.g. a job). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/**
 * Makes `ctx` the context of the current execution and everything it starts. Used by
 * instrumentRequest, which runs at the top of server.ts's request listener and cannot wrap it.
 */
export function enterRequestContext(ctx: RequestContext) {
  storage.enterWith(ctx);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Fields added to every log line: the request id, and the trace id when tracing is on. */
export function logContextFields(): { requestId?: string; traceId?: string } {
  const out: { requestId?: string; traceId?: string } = {};
  const ctx = storage.getStore();
  if (ctx) out.requestId = ctx.requestId;
  const span = trace.getActiveSpan()?.spanContext();
  // The no-op tracer (tracing off) hands out an all-zero trace id; leave it out.
  if (span && /[1-9a-f]/.test(span.traceId)) out.traceId = span.traceId;
  return out;
}
