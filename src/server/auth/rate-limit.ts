import "server-only";

import { sql } from "drizzle-orm";

import { db } from "@/server/db/client";

/**
 * One more hit on `key` in its fixed window of `windowSeconds`: the count so far (this one included)
 * and the seconds until the window resets. Used by the web chat's per-IP and
 * per-conversation limits (keys are namespaced by their users, e.g. `chat:ip:...`).
 */
export async function countInWindow(
  key: string,
  windowSeconds: number,
): Promise<{ count: number; resetSeconds: number }> {
  const result = await db.execute<{ count: number; reset: number }>(sql`
    INSERT INTO auth_attempt (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN auth_attempt.window_start < now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE auth_attempt.count + 1 END,
      window_start = CASE WHEN auth_attempt.window_start < now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE auth_attempt.window_start END
    RETURNING count, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS reset`);
  const row = result.rows[0];
  return { count: Number(row?.count ?? 0), resetSeconds: Math.max(1, Number(row?.reset ?? windowSeconds)) };
}
