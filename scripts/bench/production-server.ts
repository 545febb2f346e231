/**
 * Starts a checkout's production server for a benchmark: `server.ts` with NODE_ENV=production
 * serving that checkout's `npm run build` output (`.next`), exactly as `npm start` runs it, on a
 * loopback port of our choosing. Used by bench:voice (this checkout and, for a before/after in the
 * same run, a worktree of main) and bench:pages.
 */
import { execFileSync, execSync, spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
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

/** The newest modification time of the files a production build is made from (src/, Next's config). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|css|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Why a checkout needs `npm run build` before it can be measured, or null when its build is current. */
export function buildNeeded(dir: string): string | null {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "it has no production build";
  const builtAt = statSync(buildId).mtimeMs;
  const config = ["next.config.ts", "package-lock.json"]
    .map((f) => path.join(dir, f))
    .filter((f) => existsSync(f))
    .map((f) => statSync(f).mtimeMs);
  if (Math.max(newestSource(path.join(dir, "src")), ...config) > builtAt)
    return `its sources are newer than its build (${readFileSync(buildId, "utf8").trim()})`;
  return null;
}

/**
 * Makes sure a checkout has a current production build: runs `npm run build` there when it has
 * none or its sources changed since (BENCH_BUILD=0: refuse instead). The build runs at the lowest
 * priority (nice 19, as every build on a shared machine should): it is not what is measured.
 */
export async function ensureBuild(dir: string): Promise<void> {
  const why = buildNeeded(dir);
  if (!why) return;
  if (process.env.BENCH_BUILD === "0")
    throw new Error(`${dir}: ${why}; run \`npm run build\` there (or leave BENCH_BUILD unset and the bench builds)`);
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-build-")), "build.log");
  console.log(`building ${dir} (${why}): npm run build at nice 19, a few minutes; log ${log}`);
  const started = Date.now();
  const out = openSync(log, "a");
  const nice = existsSync("/usr/bin/nice") ? ["/usr/bin/nice", "-n", "19"] : [];
  const [cmd, ...args] = [...nice, "npm", "run", "build"];
  const child = spawn(cmd!, args, { cwd: dir, stdio: ["ignore", out, out] });
  const code = await new Promise<number>((resolve) => {
    child.once("exit", (c) => resolve(c ?? -1));
    child.once("error", () => resolve(-1));
  });
  if (code !== 0) {
    console.log(readFileSync(log, "utf8").split("\n").slice(-40).join("\n"));
    throw new Error(`npm run build failed in ${dir} (exit ${code}); log ${log}`);
  }
  console.log(`built ${dir} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Whether two checkouts lock the same packages (byte-identical package-lock.json; false when one has none). */
export function sameDependencies(a: string, b: string): boolean {
  const lock = (dir: string) => {
    const file = path.join(dir, "package-lock.json");
    return existsSync(file) ? readFileSync(file) : null;
  };
  const [x, y] = [lock(a), lock(b)];
  return x !== null && y !== null && x.equals(y);
}

/**
 * A checkout to measure against: a folder as given, or a git commit or branch of this repository,
 * exported (git archive) once into the temporary folder as storage-agent-<commit>, with this
 * checkout's node_modules as hard links when both lock the same packages (same file system) and its
 * own `npm ci` otherwise. Built by startProductionServer when first started, kept for the next run.
 */
export function checkoutOf(refOrDir: string): string {
  if (existsSync(refOrDir) && statSync(refOrDir).isDirectory()) return path.resolve(refOrDir);
  let sha: string;
  try {
    sha = execFileSync("git", ["rev-parse", "--verify", "--quiet", `${refOrDir}^{commit}`], {
      encoding: "utf8",
    }).trim();
  } catch {
    throw new Error(`${refOrDir} is neither a folder nor a commit of this repository`);
  }
  const dir = path.join(os.tmpdir(), `storage-agent-${sha.slice(0, 12)}`);
  if (existsSync(path.join(dir, "package.json"))) return dir;
  console.log(`exporting ${refOrDir} (${sha.slice(0, 12)}) into ${dir}`);
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(partial)}`);
  // This checkout's packages (hard links, instantly) when the commit locks the same ones; its own
  // (npm ci) when they differ: a package added or removed since would fail its build or its run.
  let linked = false;
  if (sameDependencies(process.cwd(), partial))
    try {
      execFileSync("cp", ["-al", "node_modules", path.join(partial, "node_modules")]);
      linked = true;
    } catch {
      rmSync(path.join(partial, "node_modules"), { recursive: true, force: true });
    }
  if (!linked) {
    console.log(`installing its packages (npm ci) in ${partial}`);
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: partial, stdio: "inherit" });
  }
  renameSync(partial, dir);
  return dir;
}

/** Servers still running, stopped if the bench is interrupted or throws past its own clean-up. */
const running = new Set<ProductionServer>();
let stopOnSignal = false;
function stopAllOnSignals() {
  if (stopOnSignal) return;
  stopOnSignal = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.once(signal, () => {
      console.log(`\n${signal}: stopping ${running.size} server(s)`);
      void Promise.all([...running].map((s) => s.stop())).finally(() => process.exit(130));
    });
  // Last resort (process.exit elsewhere, an uncaught error): no server outlives the bench.
  process.once("exit", () => {
    for (const s of running) s.child.kill("SIGKILL");
  });
}

export async function startProductionServer(opts: {
  dir: string;
  port: number;
  env: Record<string, string>;
  /** Write a V8 CPU profile (--cpu-prof) of the server process; read it after stop(). */
  profile?: boolean;
}): Promise<ProductionServer> {
  await ensureBuild(opts.dir);
  stopAllOnSignals();
  console.log(`starting the production server of ${opts.dir} on port ${opts.port}`);
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

  const server: ProductionServer = {
    base,
    dir: opts.dir,
    logFile,
    profileDir,
    child,
    async stop() {
      running.delete(server);
      if (exited !== null) return;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM"); // server.ts shuts down and exits 0, which writes the CPU profile
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await done;
      clearTimeout(timer);
    },
  };
  running.add(server);

  const deadline = Date.now() + 240_000;
  for (;;) {
    if (exited !== null) {
      running.delete(server);
      throw new Error(`server in ${opts.dir} exited (${exited}) before it was ready; log: ${logFile}`);
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server in ${opts.dir} not ready after 240 s; log: ${logFile}`);
    }
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  console.log(`server ready at ${base} (log ${logFile})`);
  return server;
}
