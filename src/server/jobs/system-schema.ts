import { DBOS } from "@dbos-inc/dbos-sdk";

import { getPool } from "@/server/db/client";

import { dbosSystemDatabaseUrl, dbosSystemSchema } from "./config";

const g = globalThis as typeof globalThis & { __storageAgentDbosSchema?: Map<string, Promise<void>> };

/**
 * Creates or migrates DBOS's system tables (in their own schema of the app database) once per
 * process. Under a Postgres advisory lock, because the server, the worker and parallel test files
 * may all start at once and DBOS's migrations are not written to race each other.
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

async function migrateLocked(schema: string) {
  const client = await getPool().connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [`dbos-migrate:${schema}`]);
    try {
      await DBOS.migrate(dbosSystemDatabaseUrl(), { schemaName: schema });
    } finally {
      await client.query("select pg_advisory_unlock(hashtext($1))", [`dbos-migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
}
