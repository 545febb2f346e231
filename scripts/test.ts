/**
 * `npm test`: every check, arranged to finish soonest on a two-core machine (CI's). Two lanes run side
 * by side:
 *
 *   checks:  static checks (Prettier, import cycles, ESLint, tsc) -> the production build -> the
 *            browser tests against that build
 *   unit:    the unit and integration tests (Vitest)
 *
 * The unit tier mostly waits on PostgreSQL and on the servers its cross-process tests start, so the
 * other lane's CPU work fits beside it; run one after the other, the two took about 30 minutes in CI.
 * Inside a lane a step starts only when the one before it passed; the lanes do not wait for each
 * other, so one run reports a lint error and a failing test together. Each line is prefixed with its
 * step's name.
 *
 * `npm run lint`, `npm run typecheck`, `npm run test:unit`, `npm run build` and `npm run test:e2e`
 * still run one step alone.
 */
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { createInterface } from "node:readline";

import pg from "pg";

interface Step {
  name: string;
  scripts: string[];
  /** Variables this step's scripts get on top of npm test's own. */
  env?: Record<string, string>;
  /** Niceness of its processes (inherited by everything they start); 0 when unset. */
  nice?: number;
}

function run(label: string, script: string, extraEnv: Record<string, string> = {}, nice = 0): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...extraEnv, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
    });
    // Set before npm has started anything (it takes a moment to load): its children inherit it.
    if (nice !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, nice);
      } catch {
        // Not permitted here: the lanes just share the CPU evenly.
      }
    }
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        process.stdout.write(`[${label}] ${line}\n`);
      });
    }
    child.on("close", (code, signal) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const status = code ?? (signal ? `signal ${signal}` : 1);
      process.stdout.write(`[${label}] npm run ${script}: exit ${status} after ${seconds} s\n`);
      resolve(code ?? 1);
    });
  });
}

/** Runs a step's scripts one after another; stops at the first failure. */
async function sequence(step: Step): Promise<boolean> {
  for (const script of step.scripts) {
    if ((await run(step.name, script, step.env, step.nice)) !== 0) return false;
  }
  return true;
}

/**
 * The browser tests' own database beside DATABASE_URL's (`<name>_e2e` on the same server), made
 * empty: their app server runs the scheduled sweeps and workflows of every organization it finds,
 * which must never act on the rows the unit tier is testing at the same moment. Without
 * DATABASE_URL each tier starts its own embedded PostgreSQL (.data/test, .data/e2e) and this is null.
 */
async function e2eDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const url = new URL(base);
  const name = `${decodeURIComponent(url.pathname.slice(1)) || "postgres"}_e2e`.slice(0, 63);
  const quoted = `"${name.replaceAll('"', '""')}"`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${quoted}`);
  url.pathname = `/${encodeURIComponent(name)}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const e2eDb = await e2eDatabase();
  const lanes: Step[][] = [
    [
      { name: "static", scripts: ["lint", "typecheck"] },
      { name: "build", scripts: ["build"] },
      { name: "e2e", scripts: ["test:e2e"], env: e2eDb ? { DATABASE_URL: e2eDb.url } : {} },
    ],
    // The unit lane yields the CPU to this one when both want it (nice 5: a third of the
    // other lane's CPU share): the checks lane is the longer one, so the run ends when it does, and its
    // browser tests wait on wall-clock timeouts (a page, a sweep) that a starved app server misses,
    // where the unit tier passed even at load 17. The unit lane still has every core the other leaves idle.
    [{ name: "unit", scripts: ["test:unit"], nice: 5 }],
  ];
  const failed: string[] = [];
  await Promise.all(
    lanes.map(async (lane) => {
      for (const step of lane) {
        if (!(await sequence(step))) {
          const skipped = lane.slice(lane.indexOf(step) + 1).map((s) => s.name);
          failed.push(skipped.length > 0 ? `${step.name} (so ${skipped.join(", ")} did not run)` : step.name);
          return;
        }
      }
    }),
  );
  await e2eDb?.drop().catch((error: unknown) => {
    process.stdout.write(`npm test: could not drop the browser tests' database: ${String(error)}\n`);
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (failed.length > 0) {
    process.stdout.write(`npm test: failed in ${failed.join("; ")} after ${seconds} s\n`);
    process.exit(1);
  }
  process.stdout.write(`npm test: all passed in ${seconds} s\n`);
}

void main();
