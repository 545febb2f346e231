/**
 * Starts a checkout's production server for a benchmark: `server.ts` with NODE_ENV=production
 * serving that checkout's `npm run build` output (`.next`), exactly as `npm start` runs it, on a
 * loopback port of our choosing. Used by bench:voice (this checkout and, for a before/after in the
 * same run, a worktree of main) and bench:pages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface ProductionServer {
  /** http://127.0.0.1:<port> */
  base: string;
  dir: string;
  logFile: string;
  /** The .cpuprofile written on exit when started with `profile` (after stop()). */
  profileDir: string | null;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The newest modification time under a folder (source files only). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|css)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Refuses a checkout without a production build, and warns when its sources are newer than the build. */
export function checkBuild(dir: string): void {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error(`${dir} has no production build: run \`npm run build\` there first`);
  const builtAt = statSync(buildId).mtimeMs;
  if (newestSource(path.join(dir, "src")) > builtAt)
    console.warn(
      `warning: ${dir}/src has files newer than its build (${readFileSync(buildId, "utf8")}): rebuild to measure them`,
    );
}

export async function startProductionServer(opts: {
  dir: string;
  port: number;
  env: Record<string, string>;
  /** Write a V8 CPU profile (--cpu-prof) of the server process; read it after stop(). */
  profile?: boolean;
}): Promise<ProductionServer> {
  checkBuild(opts.dir);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-server-"));
  const logFile = path.join(tmp, "server.log");
  const out = openSync(logFile, "a");
  const profileDir = opts.profile ? path.join(tmp, "profile") : null;
  const flags = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "--cpu-prof-interval=250"] : [];
  // `npm start` is `NODE_ENV=production tsx server.ts`; node --import tsx is the same loader without
  // the tsx CLI's wrapper process, so a profile and a signal reach the server itself.
  const child = spawn(process.execPath, [...flags, "--import", "tsx", "server.ts"], {
    cwd: opts.dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DEMO_SEED: "false",
      HOST: "127.0.0.1",
      PORT: String(opts.port),
      ...opts.env,
    },
    stdio: ["ignore", out, out],
  });
  const base = `http://127.0.0.1:${opts.port}`;
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));

  const deadline = Date.now() + 240_000;
  for (;;) {
    if (exited !== null)
      throw new Error(`server in ${opts.dir} exited (${exited}) before it was ready; log: ${logFile}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server in ${opts.dir} not ready after 240 s; log: ${logFile}`);
    }
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    base,
    dir: opts.dir,
    logFile,
    profileDir,
    child,
    async stop() {
      if (exited !== null) return;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM"); // server.ts shuts down and exits 0, which writes the CPU profile
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await done;
      clearTimeout(timer);
    },
  };
}
