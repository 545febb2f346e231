import { sql } from "drizzle-orm";

import { env } from "@/env";
import { db } from "@/server/db/client";

/**
 * Per-key fixed one-minute windows counted in Postgres, so every app process shares one budget.
 * Headers follow draft-ietf-httpapi-ratelimit-headers (-08 onwards): a named policy with quota `q`
 * per window `w` seconds, and the current state with `r` remaining and `t` seconds to the reset.
 */
export const RATE_LIMIT_WINDOW_SECONDS = 60;
export const RATE_LIMIT_POLICY = "per-key";

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
  allowed: boolean;
}

export async function takeToken(
  key: { id: string; organizationId: string },
  limit = env.API_RATE_LIMIT_PER_MINUTE,
): Promise<RateLimitState> {
  const res = await db.execute<{ count: number; reset: number }>(sql`
    insert into api_rate_limit (organization_id, api_key_id, window_start, count)
    values (${key.organizationId}, ${key.id}, date_trunc('minute', now()), 1)
    on conflict (api_key_id, window_start) do update set count = api_rate_limit.count + 1
    returning count, ceil(extract(epoch from (window_start + interval '1 minute' - now())))::int as reset`);
  const row = res.rows[0]!;
  const count = Number(row.count);
  // Old windows are useless; prune this key's now and then rather than with a separate job.
  if (count === 1)
    await db.execute(
      sql`delete from api_rate_limit where api_key_id = ${key.id} and window_start < date_trunc('minute', now())`,
    );
  return {
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Number(row.reset)),
    allowed: count <= limit,
  };
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    "RateLimit-Policy": `"${RATE_LIMIT_POLICY}";q=${s.limit};w=${RATE_LIMIT_WINDOW_SECONDS}`,
    RateLimit: `"${RATE_LIMIT_POLICY}";r=${s.remaining};t=${s.resetSeconds}`,
    ...(s.allowed ? {} : { "Retry-After": String(s.resetSeconds) }),
  };
}
