import { sql, type SQL } from "drizzle-orm";

import { db } from "@/server/db/client";

/**
 * Rows that only ever grow unless something removes them, and that nobody can use once they are
 * old: every key's rate-limit counter (sign-in accounts, web chat visitors' addresses and
 * conversations, Better Auth's per-IP paths, API keys' minutes), expired sessions and expired
 * verification tokens, and expired API idempotency keys. The hourly `housekeeping` workflow deletes them (docs/workflows.md).
 *
 * Each rule removes only what is already invisible: a counter untouched for longer than
 * STALE_AFTER has a window that ended (the longest is 15 minutes), and its next hit starts a new
 * one at 1 exactly as if the row were still there; an expired session or token is refused anyway.
 * Deletes go in batches of BATCH rows, so a first run on a large table holds no long lock.
 */
export const STALE_AFTER = "1 hour";
/** An expired session or token stays a day: an old link still gets "expired" rather than nothing. */
export const EXPIRED_KEPT = "1 day";
const BATCH = 5000;

const RULES = {
  authAttempts: { table: "auth_attempt", stale: sql.raw(`window_start < now() - interval '${STALE_AFTER}'`) },
  // Better Auth keeps `last_request` in epoch milliseconds.
  authRateLimits: {
    table: "rate_limit",
    stale: sql.raw(`last_request < (extract(epoch from now() - interval '${STALE_AFTER}') * 1000)::bigint`),
  },
  apiRateLimits: { table: "api_rate_limit", stale: sql.raw(`window_start < now() - interval '${STALE_AFTER}'`) },
  // Past its expiry an Idempotency-Key is already ignored (public-api/idempotency.ts).
  apiIdempotencyKeys: { table: "api_idempotency_key", stale: sql.raw(`expires_at < now()`) },
  sessions: { table: "session", stale: sql.raw(`expires_at < now() - interval '${EXPIRED_KEPT}'`) },
  verifications: { table: "verification", stale: sql.raw(`expires_at < now() - interval '${EXPIRED_KEPT}'`) },
} satisfies Record<string, { table: string; stale: SQL }>;

export type PruneCounts = Record<keyof typeof RULES, number>;

/** Deletes every stale row (all organizations: the system connection); returns the count per kind. */
export async function pruneStaleRows(): Promise<PruneCounts> {
  const counts = {} as PruneCounts;
  for (const [kind, rule] of Object.entries(RULES) as [keyof typeof RULES, (typeof RULES)[keyof typeof RULES]][]) {
    let total = 0;
    for (;;) {
      const table = sql.identifier(rule.table);
      const res = await db.execute(
        sql`delete from ${table} where ctid in (select ctid from ${table} where ${rule.stale} limit ${BATCH})`,
      );
      total += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < BATCH) break;
    }
    counts[kind] = total;
  }
  return counts;
}
