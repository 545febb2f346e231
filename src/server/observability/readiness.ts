import { readFile } from "node:fs/promises";
import path from "node:path";

import { getPool } from "@/server/db/client";

import { isShuttingDown } from "./lifecycle";

const DB_TIMEOUT_MS = 3_000;

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export interface ReadinessReport {
  ready: boolean;
  checks: {
    database: { ok: boolean; latencyMs?: number; error?: string };
    migrations: { ok: boolean; applied?: number; expected?: number; pending?: string[]; error?: string };
    shutdown: { ok: boolean; shuttingDown: boolean };
  };
}

/**
 * Readiness (GET /api/ready): may this process take traffic? The database answers, every migration
 * in drizzle/meta/_journal.json has been applied, and the process is not shutting down. Liveness is
 * /api/health: a process that is alive but not ready should be left running, not restarted.
 */
export async function readinessReport(options: { journalPath?: string } = {}): Promise<ReadinessReport> {
  const journalPath = options.journalPath ?? path.resolve(process.cwd(), "drizzle/meta/_journal.json");
  const [database, migrations] = await Promise.all([checkDatabase(), checkMigrations(journalPath)]);
  const shuttingDown = isShuttingDown();
  const shutdown = { ok: !shuttingDown, shuttingDown };
  return { ready: database.ok && migrations.ok && shutdown.ok, checks: { database, migrations, shutdown } };
}

async function checkDatabase(): Promise<ReadinessReport["checks"]["database"]> {
  const started = performance.now();
  try {
    await withTimeout(getPool().query("SELECT 1"), DB_TIMEOUT_MS, "database did not answer within 3 s");
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    return { ok: false, error: message(err) };
  }
}

/**
 * Drizzle's migrator records each applied migration with the journal entry's `when` as created_at
 * and applies entries newer than the last recorded one, so "pending" is exactly the journal entries
 * after the newest created_at. A database ahead of this build (a newer release migrated it) counts
 * as ready: migrations only add.
 */
async function checkMigrations(journalPath: string): Promise<ReadinessReport["checks"]["migrations"]> {
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(journalPath, "utf8")) as Journal;
  } catch (err) {
    return { ok: false, error: `cannot read the migration journal: ${message(err)}` };
  }
  try {
    const res = await withTimeout(
      getPool().query<{ applied: number; last: string | null }>(
        "SELECT count(*)::int AS applied, max(created_at)::text AS last FROM drizzle.__drizzle_migrations",
      ),
      DB_TIMEOUT_MS,
      "database did not answer within 3 s",
    );
    const applied = res.rows[0]?.applied ?? 0;
    const last = Number(res.rows[0]?.last ?? 0);
    const pending = journal.entries.filter((e) => e.when > last).map((e) => e.tag);
    return {
      ok: pending.length === 0 && applied >= journal.entries.length,
      applied,
      expected: journal.entries.length,
      pending,
    };
  } catch (err) {
    const text = message(err);
    if (/does not exist/.test(text))
      return {
        ok: false,
        applied: 0,
        expected: journal.entries.length,
        pending: journal.entries.map((e) => e.tag),
        error: "no migrations applied yet",
      };
    return { ok: false, expected: journal.entries.length, error: text };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(error)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
