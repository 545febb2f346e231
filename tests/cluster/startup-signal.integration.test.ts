import net from "node:net";

import { afterAll, describe, expect, it } from "vitest";

import { isolateWorkflows } from "../jobs-harness";

import { freePort, processGroup } from "./processes";

/**
 * A SIGTERM while a process is still starting (an orchestrator scaling down, a rolling deploy
 * giving up on a slow start) ends in a clean stop with exit 0, never in Node's default death by
 * the signal (exit 143) halfway through: server.ts and `npm run worker`, started exactly as the
 * image starts them (`node --import ./src/server/lifecycle/early-signals.mjs --import tsx …`).
 *  - while Node and tsx are still loading (before a line of server.ts ran: the preload holds it),
 *    signalled as soon as a test-only marker preload after early-signals.mjs says it ran;
 *  - after the database was migrated, and after the workflows were launched (what was started is
 *    stopped, the server never listens).
 * Before the preload and the dynamic imports of server.ts, a SIGTERM in the first seconds of
 * start-up killed the server by the signal.
 */
const iso = isolateWorkflows();
afterAll(() => iso.dropSchema()); // after hooks run in reverse: the children are killed first
const group = processGroup();

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

function start(script: "server.ts" | "scripts/worker.ts", port: number, env: Record<string, string> = {}) {
  return group.start(
    script,
    {
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DEMO_SEED: "false",
      DBOS_SYSTEM_SCHEMA: iso.schema,
      DBOS_APP_NAME: iso.appName,
      DBOS_EXECUTOR_ID: `${iso.executorId}-${script === "server.ts" ? "server" : "worker"}-${port}`,
      DISABLE_SCHEDULES: "true",
      SHUTDOWN_WORKFLOW_TIMEOUT_MS: "1000",
      ...env,
    },
    ["--import", "./src/server/lifecycle/early-signals.mjs", "--import", "./tests/cluster/preloaded-marker.mjs"],
  );
}

const PRELOADED = "test: early-signals preloaded";

describe("a SIGTERM during start-up", () => {
  it("server.ts, while Node and tsx still load: exits 0 without ever listening", async () => {
    const port = await freePort();
    const p = start("server.ts", port);
    // Right after the signal preload ran (a marker preload says so): tsx and the app take far longer to load.
    await p.waitFor(PRELOADED);
    p.child.kill("SIGTERM");
    const exit = await p.exited;
    expect(exit, p.output()).toEqual({ code: 0, signal: null });
    expect(p.output()).toContain("stopped while starting");
    expect(p.output()).not.toContain("Storage Agent is ready");
    expect(await listening(port)).toBe(false);
  }, 120_000);

  for (const moment of ["database migrated", "durable workflows running"])
    it(`server.ts, once "${moment}": stops what it started and exits 0, never listening`, async () => {
      const port = await freePort();
      const p = start("server.ts", port);
      await p.waitFor(moment);
      p.child.kill("SIGTERM");
      const exit = await p.exited;
      expect(exit, p.output()).toEqual({ code: 0, signal: null });
      expect(p.output()).toContain("stopped while starting");
      expect(p.output()).not.toContain("Storage Agent is ready");
      expect(await listening(port)).toBe(false);
    }, 180_000);

  for (const moment of [null, "database migrated"])
    it(`the worker, ${moment ? `once "${moment}"` : "while Node and tsx still load"}: exits 0`, async () => {
      const p = start("scripts/worker.ts", await freePort());
      await p.waitFor(moment ?? PRELOADED);
      p.child.kill("SIGTERM");
      const exit = await p.exited;
      expect(exit, p.output()).toEqual({ code: 0, signal: null });
      expect(p.output()).toContain("worker stopping");
      expect(p.output()).not.toContain("worker ready");
    }, 180_000);
});

describe("demo data at start-up", () => {
  it("with DATABASE_URL and DEMO_SEED unset: seeds nothing and says so, with how to get the demo", async () => {
    const port = await freePort();
    // DEMO_SEED empty reads as unset (src/env.ts); the tests' DATABASE_URL is a server of its own, not embedded.
    const p = start("server.ts", port, { DEMO_SEED: "" });
    await p.waitFor("Demo data not seeded");
    p.child.kill("SIGTERM");
    await p.exited;
    expect(p.output()).toContain("DEMO_SEED=true");
    expect(p.output()).not.toContain("demo organization ready");
  }, 180_000);
});
