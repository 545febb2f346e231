import type { TestProject } from "vitest/node";

/**
 * Integration tests run on a real PostgreSQL: the server in DATABASE_URL (CI), or an embedded one
 * kept in .data/test. Migrations run once here; test files create uniquely named organizations, so
 * they run in parallel on one database without cleaning up after each other.
 */
export default async function setup(project: TestProject) {
  process.env.DATA_DIR ??= ".data/test";
  process.env.LOG_LEVEL ??= "warn";
  const { ensureDatabase } = await import("../src/server/db/bootstrap");
  const { closeDb } = await import("../src/server/db/client");
  const { embedded } = await ensureDatabase();
  project.provide("databaseUrl", process.env.DATABASE_URL!);
  await closeDb();
  return async () => {
    await embedded?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
