import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

import { afterAll } from "vitest";

/**
 * Child processes for the cluster tests: each on a free loopback port, its output kept for the
 * failure message, and every one still running killed when the file ends (also when a test
 * failed half-way). Call `processGroup()` once at the top level of a test file.
 */
const root = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `text` was printed; rejects if the process exits first or after `ms`. */
  waitFor: (text: string, ms?: number) => Promise<void>;
  stop: () => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function processGroup() {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const c of children) c.kill("SIGKILL");
  });

  function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
    const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", script], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.add(child);
    let output = "";
    child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("exit", (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      }),
    );
    const waitFor = (text: string, ms = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes(text)) return done(resolve);
          if (child.exitCode !== null || child.signalCode !== null)
            return done(() => reject(new Error(`${script} exited before "${text}":\n${output}`)));
        }, 20);
        const limit = setTimeout(
          () => done(() => reject(new Error(`${script}: no "${text}" in time:\n${output}`))),
          ms,
        );
        const done = (f: () => void) => {
          clearInterval(timer);
          clearTimeout(limit);
          f();
        };
      });
    const stop = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    };
    return { child, output: () => output, exited, waitFor, stop };
  }

  /** An app server (tests/cluster/app-process.ts) on a free port, once it listens. */
  async function startApp(env: Record<string, string> = {}) {
    const port = await freePort();
    // Next loads route handlers under the react-server condition (so `server-only` is empty there): so does this.
    const app = start("tests/cluster/app-process.ts", { PORT: String(port), ...env }, ["--conditions", "react-server"]);
    await app.waitFor("app ready", 200_000);
    return { ...app, port, url: `http://127.0.0.1:${port}` };
  }

  /** `npm run worker` (scripts/worker.ts), once it says it is ready. */
  async function startWorker(env: Record<string, string>) {
    const worker = start("scripts/worker.ts", env);
    await worker.waitFor("worker ready", 200_000);
    return worker;
  }

  return { start, startApp, startWorker };
}
