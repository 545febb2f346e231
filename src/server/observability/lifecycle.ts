/**
 * Whether this process is shutting down, for the readiness check: a load balancer should stop
 * sending new requests while the server drains. Kept on globalThis so /api/ready (a Next route
 * bundle) sees the flag set from server.ts.
 */
const g = globalThis as typeof globalThis & {
  __storageAgentShuttingDown?: boolean;
  __storageAgentShutdownWatch?: boolean;
};

export function markShuttingDown() {
  g.__storageAgentShuttingDown = true;
}

export function isShuttingDown(): boolean {
  return g.__storageAgentShuttingDown === true;
}

/**
 * Marks shutdown on SIGTERM/SIGINT, but only when the process already handles those signals itself
 * (server.ts does): adding a listener removes Node's default exit, and this module must never be
 * what keeps a process alive after a signal.
 */
export function watchShutdownSignals() {
  if (g.__storageAgentShutdownWatch) return;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    if (process.listenerCount(signal) > 0) {
      process.prependListener(signal, markShuttingDown);
      g.__storageAgentShutdownWatch = true;
    }
  }
}
