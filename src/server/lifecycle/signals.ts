/**
 * SIGTERM and SIGINT for the long-running processes (server.ts, scripts/worker.ts). When the process
 * was started with the preload `./early-signals.mjs` (the image's command, docs/deploy.md), a signal
 * that came before this call (while Node and tsx were still loading) was remembered there and is
 * handed to `handler` now; otherwise the handlers are installed here. This module imports nothing,
 * so it is loaded and run before anything heavy.
 */
export type StopSignal = "SIGTERM" | "SIGINT";

interface EarlySignals {
  pending: StopSignal | null;
  handler: ((signal: StopSignal) => void) | null;
}

export function handleStopSignals(handler: (signal: StopSignal) => void): void {
  const early = (globalThis as { __storageAgentSignals?: EarlySignals }).__storageAgentSignals;
  if (early) {
    early.handler = handler;
    if (early.pending) handler(early.pending);
    return;
  }
  process.on("SIGINT", () => handler("SIGINT"));
  process.on("SIGTERM", () => handler("SIGTERM"));
}
