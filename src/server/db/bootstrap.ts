import { env } from "@/env";
import { log } from "@/server/log";

import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded";
import { migrateDatabase } from "./migrate";

/**
 * Makes sure a migrated database is reachable: the server named by DATABASE_URL, or an embedded
 * PostgreSQL kept in DATA_DIR when it is unset. Returns the embedded server (to stop) if one started.
 */
export async function ensureDatabase(): Promise<{ embedded: EmbeddedDatabase | null }> {
  let embedded: EmbeddedDatabase | null = null;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres(env.DATA_DIR);
    process.env.DATABASE_URL = embedded.url;
  }
  await migrateDatabase();
  log.info({ embedded: Boolean(embedded) }, "database migrated");
  return { embedded };
}
