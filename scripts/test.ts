/**
 * `npm test`: every check, in the order that finishes soonest on a two-core machine (CI's).
 *
 *   1. static checks (Prettier, ESLint, tsc) beside the unit and integration tests
 *   2. the production build
 *   3. the browser tests against that build
 *
 * The static checks are CPU-bound on one core (type-aware lint is most of it) while the Vitest tier
 * mostly waits on PostgreSQL, so running them side by side saves most of the lint's minutes. A step
 * starts only when everything before it passed; both halves of step 1 always finish, so one run
 * reports a lint error and a failing test together. Each line is prefixed with its step's name.
 *
 * `npm run lint`, `npm run typecheck`, `npm run test:unit`, `npm run build` and `npm run test:e2e`
 * still run one step alone.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

interface Step {
  name: string;
  scripts: string[];
}

function run(label: string, script: string): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
    });
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
    if ((await run(step.name, script)) !== 0) return false;
  }
  return true;
}

async function main(): Promise<void> {
  const started = Date.now();
  const stages: Step[][] = [
    [
      { name: "static", scripts: ["lint", "typecheck"] },
      { name: "unit", scripts: ["test:unit"] },
    ],
    [{ name: "build", scripts: ["build"] }],
    [{ name: "e2e", scripts: ["test:e2e"] }],
  ];
  for (const stage of stages) {
    const results = await Promise.all(stage.map(sequence));
    const failed = stage.filter((_, i) => !results[i]).map((s) => s.name);
    if (failed.length > 0) {
      process.stdout.write(`npm test: failed in ${failed.join(", ")}; later steps did not run\n`);
      process.exit(1);
    }
  }
  process.stdout.write(`npm test: all passed in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

void main();
