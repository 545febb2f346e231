import type http from "node:http";

import { log } from "@/server/log";
import { isShuttingDown, markShuttingDown } from "@/server/observability/lifecycle";

/**
 * Graceful shutdown of an app server (server.ts), in the order a load balancer needs:
 *
 *   1. readiness goes red (`/api/ready` answers 503) while the server keeps serving everything, for
 *      `readinessDelayMs`, long enough for the balancer's health check to take it out of rotation;
 *   2. the listening socket closes (no new connections), idle keep-alive connections close, and
 *      every response from now on says `Connection: close`;
 *   3. requests in flight and the drain participants (ConversationRelay sessions finishing their
 *      turn and handing the call over) finish, for at most `timeoutMs` in all;
 *   4. whatever is still open then is cut, and the caller goes on to stop workflows and the pool.
 *
 * Kept apart from server.ts so it is tested with a real HTTP server (src/server/lifecycle/drain.integration.test.ts).
 */
export interface DrainOptions {
  readinessDelayMs: number;
  timeoutMs: number;
}

export interface DrainResult {
  /** Requests that were still running when the bound ran out and were cut. */
  cut: number;
  /** Participants that had not finished by then. */
  unfinished: string[];
  ms: number;
}

/** Counts requests in flight on a server and closes keep-alive connections once shutdown begins. */
export class RequestTracker {
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(server: http.Server) {
    server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => this.track(req, res));
  }

  get inFlight() {
    return this.active;
  }

  private track(_req: http.IncomingMessage, res: http.ServerResponse) {
    this.active++;
    // A client holding a keep-alive connection must not send its next request to a closed server.
    if (isShuttingDown() && !res.headersSent) res.setHeader("connection", "close");
    const done = () => {
      res.off("close", done);
      this.active--;
      if (this.active === 0) for (const w of this.waiters.splice(0)) w();
    };
    res.on("close", done);
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

type Participant = { name: string; drain: (deadline: number) => Promise<void> };
const g = globalThis as typeof globalThis & { __storageAgentDrainParticipants?: Map<string, Participant> };
const participants = () => (g.__storageAgentDrainParticipants ??= new Map());

/**
 * Something besides HTTP requests that must finish before the process exits (open WebSocket sessions).
 * `drain` gets the deadline (epoch ms) and should resolve before it. Returns an unregister function.
 */
export function onDrain(name: string, drain: (deadline: number) => Promise<void>): () => void {
  participants().set(name, { name, drain });
  return () => participants().delete(name);
}

export async function drainServer(
  server: http.Server,
  tracker: RequestTracker,
  opts: DrainOptions,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<DrainResult> {
  const started = Date.now();
  markShuttingDown();
  if (opts.readinessDelayMs > 0) await sleep(opts.readinessDelayMs);
  const deadline = Date.now() + opts.timeoutMs;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const unfinished = new Set<string>();
  const work = [
    tracker.idle(),
    ...[...participants().values()].map((p) => {
      unfinished.add(p.name);
      return p
        .drain(deadline)
        .catch((err: unknown) => log.error({ err: String(err), participant: p.name }, "drain participant failed"))
        .finally(() => unfinished.delete(p.name));
    }),
  ];
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(work),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
  ]);
  clearTimeout(timer);
  const cut = tracker.inFlight;
  const late = [...unfinished];
  if (cut > 0 || late.length > 0)
    log.warn({ cut, unfinished: late, timeoutMs: opts.timeoutMs }, "shutdown bound reached; cutting the rest");
  server.closeAllConnections();
  await closed;
  return { cut, unfinished: late, ms: Date.now() - started };
}
