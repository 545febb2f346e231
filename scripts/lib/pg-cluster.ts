import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Scratch PostgreSQL clusters made with the server's own tools (initdb, pg_ctl, pg_basebackup), for
 * `npm run bench:cluster`, `npm run dr:drill` and the replica test. Loopback only, trust auth,
 * data under a temporary directory that `remove()` deletes. As root (CI, containers) every tool
 * runs as the `postgres` user, because the server refuses to run as root.
 */
export interface PgTools {
  bin: string;
  version: number;
}

/** The newest PostgreSQL server binaries on this machine (PG_BIN_DIR, Debian's layout, or pg_config). */
export function findPgTools(): PgTools | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN_DIR) candidates.push(process.env.PG_BIN_DIR);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian))
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a)))
      candidates.push(path.join(debian, v, "bin"));
  try {
    candidates.push(execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim());
  } catch {
    // no pg_config on PATH
  }
  for (const bin of candidates) {
    if (!existsSync(path.join(bin, "initdb")) || !existsSync(path.join(bin, "pg_basebackup"))) continue;
    const out = spawnSync(path.join(bin, "postgres"), ["--version"], { encoding: "utf8" }).stdout ?? "";
    const version = Number(/(\d+)(?:\.\d+)?/.exec(out)?.[1] ?? 0);
    if (version) return { bin, version };
  }
  return null;
}

/**
 * The server binaries, installed from Debian's packages when missing (as root: `apt-get install
 * postgresql`, which brings initdb, pg_ctl and pg_basebackup). Throws with what to do otherwise.
 */
export function ensurePgTools(log: (line: string) => void = console.log): PgTools {
  const found = findPgTools();
  if (found) return found;
  if (!isRoot() || !existsSync("/usr/bin/apt-get"))
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_basebackup) not found. Install Debian's postgresql package (apt-get install postgresql) or set PG_BIN_DIR.",
    );
  log("PostgreSQL server binaries not found: apt-get install postgresql (Debian's packages)");
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "postgresql"],
  ]) {
    const res = spawnSync("apt-get", args, {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (res.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
  const installed = findPgTools();
  if (!installed) throw new Error("postgresql was installed but its binaries were not found under /usr/lib/postgresql");
  return installed;
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** The uid/gid the clusters run as: postgres when we are root, ourselves otherwise. */
function owner(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

/** Whether scratch clusters can be made here (binaries present; as root, a postgres user to run them). */
export function canRunScratchClusters(): boolean {
  if (!findPgTools()) return false;
  if (!isRoot()) return true;
  try {
    owner();
    return existsSync("/usr/sbin/runuser") || existsSync("/sbin/runuser");
  } catch {
    return false;
  }
}

export function run(tools: PgTools, tool: string, args: string[], opts: { quiet?: boolean } = {}): string {
  const exe = path.join(tools.bin, tool);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  const res = spawnSync(cmd, argv, { encoding: "utf8", cwd: os.tmpdir() });
  if (res.status !== 0)
    throw new Error(`${tool} ${args.join(" ")} failed (${res.status}):\n${res.stderr || res.stdout}`.trim());
  if (!opts.quiet && process.env.PG_CLUSTER_VERBOSE) process.stderr.write(res.stdout + res.stderr);
  return res.stdout;
}

/** A directory the cluster's user may write (owned by postgres when we are root). */
export function scratchDir(prefix: string, parent = os.tmpdir()): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, prefix));
  const o = owner();
  if (o) chownSync(dir, o.uid, o.gid);
  return dir;
}

/** A TCP port on 127.0.0.1 nobody listens on now (`preferred` first when given and free). */
export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(null));
      s.listen(port, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
  if (preferred) {
    const p = await tryPort(preferred);
    if (p) return p;
  }
  return (await tryPort(0))!;
}

export class PgCluster {
  readonly logFile: string;
  private running = false;

  constructor(
    readonly tools: PgTools,
    readonly dataDir: string,
    readonly port: number,
  ) {
    this.logFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.log`);
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlFor(database: string) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /**
   * A new primary: trust auth on loopback, replication allowed, and, with `archiveDir`, every
   * finished WAL segment copied there (continuous archiving, the basis of point-in-time recovery).
   */
  static init(
    tools: PgTools,
    opts: {
      dir: string;
      port: number;
      archiveDir?: string;
      settings?: Record<string, string | number>;
      /** WAL segment size in MB (initdb --wal-segsize): 1 keeps a drill's archive small. */
      walSegmentMb?: number;
    },
  ): PgCluster {
    const dataDir = path.join(opts.dir, "data");
    const args = ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-instructions", "-E", "UTF8"];
    if (opts.walSegmentMb) args.push(`--wal-segsize=${opts.walSegmentMb}`);
    run(tools, "initdb", args, { quiet: true });
    const settings: Record<string, string | number> = {
      listen_addresses: "'127.0.0.1'",
      port: opts.port,
      unix_socket_directories: `'${opts.dir}'`,
      wal_level: "replica",
      max_wal_senders: 10,
      max_connections: 200,
      hot_standby: "on",
      ...(opts.archiveDir
        ? {
            archive_mode: "on",
            // The command of the PostgreSQL manual: never overwrite a segment already archived.
            archive_command: `'test ! -f ${opts.archiveDir}/%f && cp %p ${opts.archiveDir}/%f'`,
            archive_timeout: 60,
          }
        : {}),
      ...opts.settings,
    };
    appendSettings(dataDir, settings);
    return new PgCluster(tools, dataDir, opts.port);
  }

  /**
   * A copy of `source` taken with pg_basebackup (WAL streamed alongside, so the copy is consistent
   * by itself). `standby: true` writes standby.signal and primary_conninfo (-R): it starts as a
   * streaming replica. Otherwise it is a plain backup directory to restore from.
   */
  static baseBackup(
    source: PgCluster,
    opts: { dir: string; port: number; standby: boolean; label?: string },
  ): PgCluster {
    const dataDir = path.join(opts.dir, "data");
    run(source.tools, "pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(source.port),
      "-U",
      "postgres",
      "-D",
      dataDir,
      "-X",
      "stream",
      "-c",
      "fast",
      "-l",
      opts.label ?? "storage-agent",
      ...(opts.standby ? ["-R"] : []),
    ]);
    appendSettings(dataDir, { port: opts.port, unix_socket_directories: `'${opts.dir}'` });
    return new PgCluster(source.tools, dataDir, opts.port);
  }

  appendSettings(settings: Record<string, string | number>) {
    appendSettings(this.dataDir, settings);
  }

  start(opts: { waitSeconds?: number } = {}) {
    run(
      this.tools,
      "pg_ctl",
      ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", String(opts.waitSeconds ?? 120), "start"],
      {
        quiet: true,
      },
    );
    this.running = true;
  }

  stop(mode: "fast" | "immediate" = "fast") {
    if (!this.running) return;
    try {
      run(this.tools, "pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "stop"], { quiet: true });
    } finally {
      this.running = false;
    }
  }

  get isRunning() {
    return this.running;
  }
}

function appendSettings(dataDir: string, settings: Record<string, string | number>) {
  // postgresql.auto.conf is read last, so these win over postgresql.conf (and over a copied primary's).
  const file = path.join(dataDir, "postgresql.auto.conf");
  appendFileSync(
    file,
    Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}\n`)
      .join(""),
  );
}

/** Deletes a scratch directory (as root the files belong to postgres; root may delete them anyway). */
export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}
