import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The processes of `npm run bench:cluster`: app servers (server.ts, production build), workflow
 * workers (scripts/worker.ts) and HAProxy in front, each a child of the benchmark, stopped by it.
 */
const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist");

/**
 * A start-up timeout for a machine as busy as this one is now: `baseMs` on an idle machine, times the
 * load per core when that is above 1 (two app servers starting beside eight engineers' builds took
 * over 180 s at a load of 25 on two cores), at most 20 minutes. BENCH_READY_TIMEOUT_MS overrides it.
 */
export function startTimeout(baseMs: number): number {
  const fixed = Number(process.env.BENCH_READY_TIMEOUT_MS);
  if (Number.isFinite(fixed) && fixed > 0) return fixed;
  const perCore = os.loadavg()[0]! / Math.max(1, os.cpus().length);
  return Math.min(20 * 60_000, Math.round(baseMs * Math.max(1, perCore)));
}

export interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * node with tsx's loader directly (no tsx CLI parent), so signals reach the process itself; with the
 * image's preload first, which holds a SIGTERM that comes while tsx is still loading (docs/deploy.md).
 */
export function startNode(name: string, script: string, env: NodeJS.ProcessEnv): Proc {
  const child = spawn(
    process.execPath,
    [
      "--import",
      `file://${path.join(root, "src/server/lifecycle/early-signals.mjs")}`,
      "--require",
      path.join(tsx, "preflight.cjs"),
      "--import",
      `file://${path.join(tsx, "loader.mjs")}`,
      script,
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { name, child, output: () => out, exited };
}

export async function waitForOutput(p: Proc, text: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!p.output().includes(text)) {
    if (p.child.exitCode !== null || p.child.signalCode !== null)
      throw new Error(`${p.name} exited before "${text}":\n${p.output().slice(-3000)}`);
    if (Date.now() > deadline)
      throw new Error(`${p.name}: no "${text}" within ${timeoutMs} ms:\n${p.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls GET url until it answers `status` (readiness of an app server, through or around HAProxy). */
export async function waitForStatus(url: string, status: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** HAProxy from Debian's packages, installed when missing (as root). */
export function ensureHaproxy(log: (line: string) => void): string {
  const which = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
  if (which) return which;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get"))
    throw new Error("haproxy not found: install Debian's haproxy package (apt-get install haproxy)");
  log("haproxy not found: apt-get install haproxy (Debian's packages)");
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "haproxy"],
  ]) {
    const res = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (res.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
  // Debian starts its own haproxy service on install; ours runs from our own config only.
  spawnSync("sh", ["-c", "command -v systemctl >/dev/null && systemctl stop haproxy || service haproxy stop || true"]);
  return spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim() || "/usr/sbin/haproxy";
}

/**
 * The balancer, as deploy/haproxy.cfg: round robin over the app servers, a server in rotation only
 * while its /api/ready answers 200 (checked every second, 5 s to answer, out after 2 failures). A
 * request whose connection could not be opened is sent to another server; one whose server died
 * before answering (SIGKILL, a lost machine) is sent again only when a replay is safe: Twilio's
 * webhooks (each idempotent: a message by its MessageSid, a turn by CallSid and turn number, a
 * status by CallSid), requests with an Idempotency-Key, and GETs. Any other POST is not replayed
 * behind the client's back.
 */
export function startHaproxy(bin: string, dir: string, port: number, backends: { name: string; port: number }[]): Proc {
  const cfg = path.join(dir, "haproxy.cfg");
  writeFileSync(
    cfg,
    [
      "global",
      "  maxconn 4096",
      "defaults",
      "  mode http",
      "  timeout connect 2s",
      "  timeout client 60s",
      "  timeout server 60s",
      "  timeout check 5s",
      "  option redispatch",
      "  retries 3",
      "  retry-on conn-failure empty-response junk-response",
      "frontend storage_agent",
      `  bind 127.0.0.1:${port}`,
      "  option forwardfor",
      "  acl replay_safe path_beg /api/twilio/",
      "  acl replay_safe req.hdr(idempotency-key) -m found",
      "  acl replay_safe method GET HEAD",
      "  http-request disable-l7-retry unless replay_safe",
      "  default_backend app",
      "backend app",
      "  balance roundrobin",
      "  option httpchk GET /api/ready",
      "  http-check expect status 200",
      "  default-server inter 1s fall 2 rise 2",
      ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`),
      "",
    ].join("\n"),
  );
  const child = spawn(bin, ["-f", cfg, "-db"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr!.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { name: "haproxy", child, output: () => out, exited };
}
