import path from "node:path";

import { migrate } from "drizzle-orm/node-postgres/migrator";

import { db, getPool } from "./client";
import { applyRowLevelSecurity } from "./rls";

const MIGRATION_LOCK = 7262541;

/**
 * Applies drizzle/ migrations and then row-level security. Several processes may start at once
 * (app server, worker, test workers), so the step runs while holding a Postgres advisory lock on a
 * connection of its own.
 */
export async function migrateDatabase() {
  const lockClient = await getPool().connect();
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder: path.resolve(process.cwd(), "drizzle") });
    await applyRowLevelSecurity(db);
  } finally {
    await lockClient.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    lockClient.release();
  }
}
