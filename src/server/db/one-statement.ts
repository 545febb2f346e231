import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

import type { Executor } from "./client";

/**
 * Runs several independent writes (drizzle insert/update builders, not yet awaited) as one
 * statement: `WITH w0 AS (…), w1 AS (…) SELECT 1`. One round trip instead of one per write, with the
 * same effect: each write runs exactly once, to completion, in the caller's transaction, and the
 * statement fails (and so changes nothing) if any of them does. The writes share one snapshot, so
 * they must not depend on each other's effects or touch the same row (PostgreSQL, "Data-Modifying
 * Statements in WITH").
 */
export async function writeInOneStatement(
  ex: Executor,
  writes: (SQLWrapper | null | undefined | false)[],
): Promise<void> {
  const parts = writes.filter((w): w is SQLWrapper => Boolean(w)).map((w) => w.getSQL());
  if (parts.length === 0) return;
  if (parts.length === 1) {
    await ex.execute(parts[0]!);
    return;
  }
  const ctes: SQL[] = parts.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`);
  await ex.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}
