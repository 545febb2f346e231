import { DBOS } from "@dbos-inc/dbos-sdk";

import { getPool } from "@/server/db/client";

import { dbosSystemDatabaseUrl, dbosSystemSchema } from "./config";

const g = globalThis as typeof globalThis & { __storageAgentDbosSchema?: Map<string, Promise<void>> };

/**
 * Creates or migrates DBOS's system tables (in their own schema of the app database) once per
 * process. Under a Postgres advisory lock, because the server, the worker and parallel test files
 * may all start at once and DBOS's migrations are not written to race each other. Tested by
 * tests/cluster/schedules-across-processes.integration.test.ts (two workers on a fresh database).
 */
export function ensureJobsSchema(): Promise<void> {
  const schema = dbosSystemSchema();
  g.__storageAgentDbosSchema ??= new Map();
  let done = g.__storageAgentDbosSchema.get(schema);
  if (!done) {
    done = migrateLocked(schema);
    g.__storageAgentDbosSchema.set(schema, done);
    done.catch(() => g.__storageAgentDbosSchema?.delete(schema));
  }
  return done;
}

/** How often a process waiting for another's DBOS migrations asks for the lock again. */
const LOCK_RETRY_MS = 100;

async function migrateLocked(schema: string) {
  const client = await getPool().connect();
  try {
    // Asked for again and again rather than waited for (pg_advisory_lock): DBOS's migrations build
    // indexes CONCURRENTLY, which wait for every statement running in the database to end, and a
    // session blocked in pg_advisory_lock is such a statement. Two processes starting at once on a
    // fresh database (a new deployment) then waited for each other forever: the one migrating for
    // the one waiting for its lock. Between two tries the waiting session runs nothing.
    while (
      !(
        await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1)) as ok", [
          `dbos-migrate:${schema}`,
        ])
      ).rows[0]?.ok
    )
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
    try {
      await DBOS.migrate(dbosSystemDatabaseUrl(), { schemaName: schema });
    } finally {
      await client.query("select pg_advisory_unlock(hashtext($1))", [`dbos-migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
}
