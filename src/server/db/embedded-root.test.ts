import { spawn, execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { DatabaseSetupError, firstUnreachable, startEmbeddedPostgres } from "./embedded";

/**
 * Issue 22, item 5: `npm run dev` as root in a folder the `postgres` user cannot enter (a clone in
 * root's home, mode 700) says what to do instead of dying on an unhandled spawn error. Only
 * meaningful as root on a machine with a `postgres` user (the embedded server's own condition).
 */
const asRoot =
  process.getuid?.() === 0 &&
  (() => {
    try {
      execFileSync("id", ["-u", "postgres"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();

const uid = asRoot ? Number(execFileSync("id", ["-u", "postgres"]).toString()) : 0;
const gid = asRoot ? Number(execFileSync("id", ["-g", "postgres"]).toString()) : 0;
const home = mkdtempSync(path.join(tmpdir(), "sa-root-home-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(!asRoot)("embedded PostgreSQL as root", () => {
  it("finds the private folder on the way to the data directory, and none once it opens", () => {
    const data = path.join(home, "clone", ".data", "pg");
    mkdirSync(data, { recursive: true });
    chmodSync(home, 0o700);
    expect(firstUnreachable([data], uid, gid)).toBe(home);
    chmodSync(home, 0o711);
    expect(firstUnreachable([data], uid, gid)).toBeNull();
    chmodSync(home, 0o700);
  });

  it("refuses with what to do instead, before trying to start anything", async () => {
    chmodSync(home, 0o700);
    const err = await startEmbeddedPostgres(path.join(home, "clone", ".data")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as Error).message).toContain(`"postgres" cannot enter ${home}`);
    expect((err as Error).message).toContain("set DATABASE_URL");
  });

  it("npm run dev prints that message and exits 1, with no stack trace", async () => {
    chmodSync(home, 0o700);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: path.join(home, "clone", ".data"),
      NODE_ENV: "development",
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("Cannot start the embedded PostgreSQL");
    expect(stderr).toContain("run as an ordinary user");
    expect(stderr).not.toMatch(/Unhandled|EACCES|\n\s+at /);
  }, 60_000);
});
