import { sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { authAttempt } from "@/server/db/schema";
import { eq } from "drizzle-orm";

/**
 * Per-account brute-force protection: at most `max` sign-in attempts per account in a fixed window.
 * The counter lives in Postgres so all app processes share it; a successful sign-in clears it.
 */
export const ACCOUNT_WINDOW_MINUTES = 15;

export async function countAttempt(key: string): Promise<number> {
  const result = await db.execute<{ count: number }>(sql`
    INSERT INTO auth_attempt (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN auth_attempt.window_start < now() - make_interval(mins => ${ACCOUNT_WINDOW_MINUTES}) THEN 1 ELSE auth_attempt.count + 1 END,
      window_start = CASE WHEN auth_attempt.window_start < now() - make_interval(mins => ${ACCOUNT_WINDOW_MINUTES}) THEN now() ELSE auth_attempt.window_start END
    RETURNING count`);
  return Number(result.rows[0]?.count ?? 0);
}

export async function clearAttempts(key: string) {
  await db.delete(authAttempt).where(eq(authAttempt.key, key));
}
