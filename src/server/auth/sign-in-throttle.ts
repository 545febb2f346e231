import { createHash, randomBytes } from "node:crypto";

import { inArray, sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { authAttempt } from "@/server/db/schema";

/**
 * Sign-in throttling (issue 20, item 12): failed passwords slow the guesser down with growing delays;
 * nobody can lock the real owner out by failing on purpose.
 *
 * Two counters of failures, each with an exponential back-off once its free failures are spent
 * (wait 1 s, 2 s, 4 s … after the last failure, up to its cap):
 *
 * - per account and client: the client is the browser's "known device" cookie (set by a successful
 *   sign-in to this account, signed with the server's secret) or, without one, the IP address.
 *   A guesser on one address is slowed to one try per CLIENT_CAP_SECONDS;
 * - per account, from clients that are not a known device: a guesser spread over many addresses is
 *   slowed to one try per ACCOUNT_CAP_SECONDS for the whole account.
 *
 * The owner's browser, once it has signed in, is a known device: the account-wide counter does not
 * apply to it, so failures from elsewhere never delay it. A new browser waits at most
 * ACCOUNT_CAP_SECONDS between tries while someone guesses. Only failures count (the check itself
 * counts nothing); a success clears its own client's counter. Counters reset after
 * an hour without failures (RESET_SECONDS; housekeeping prunes them as it does every auth_attempt row).
 * Per address, whatever the account, Better Auth's own limiter still applies (AUTH_RATE_LIMIT_PER_IP).
 */
export const CLIENT_FREE_FAILURES = 3;
export const CLIENT_CAP_SECONDS = 15 * 60;
export const ACCOUNT_CAP_SECONDS = 5 * 60;
const RESET_SECONDS = 60 * 60;

export interface ThrottleKeys {
  client: string;
  /** Null for a known device: the account-wide counter does not slow it. */
  account: string | null;
}

const digest = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 22);

/** The counters of one sign-in attempt. Account and address are hashed: the table holds no e-mail. */
export function throttleKeys(email: string, ip: string | null, knownDevice: string | null): ThrottleKeys {
  const account = digest(email);
  return {
    client: knownDevice
      ? `sign-in:device:${knownDevice}:${account}`
      : `sign-in:ip:${digest(ip ?? "unknown")}:${account}`,
    account: knownDevice ? null : `sign-in:account:${account}`,
  };
}

/** Seconds to wait after `failures` failures, `free` of which cost nothing, capped at `cap`. */
export function backoffSeconds(failures: number, free: number, cap: number): number {
  if (failures < free) return 0;
  return Math.min(cap, 2 ** Math.min(failures - free, 30));
}

/**
 * The seconds this attempt must still wait (0: go ahead). `accountFree` is the failures an account
 * takes from unknown clients before they are all slowed (AUTH_RATE_LIMIT_PER_ACCOUNT).
 */
export async function signInWait(keys: ThrottleKeys, accountFree: number): Promise<number> {
  const wanted = [keys.client, ...(keys.account ? [keys.account] : [])];
  const rows = await db
    .select({
      key: authAttempt.key,
      count: authAttempt.count,
      since: sql<number>`extract(epoch from (now() - ${authAttempt.windowStart}))::float8`,
    })
    .from(authAttempt)
    .where(inArray(authAttempt.key, wanted));
  let wait = 0;
  for (const row of rows) {
    if (row.since > RESET_SECONDS) continue;
    const delay =
      row.key === keys.client
        ? backoffSeconds(row.count, CLIENT_FREE_FAILURES, CLIENT_CAP_SECONDS)
        : backoffSeconds(row.count, accountFree, ACCOUNT_CAP_SECONDS);
    wait = Math.max(wait, Math.ceil(delay - Number(row.since)));
  }
  return Math.max(0, wait);
}

/** One more failure on each counter; `window_start` holds the time of the last one. */
export async function recordSignInFailure(keys: ThrottleKeys): Promise<void> {
  for (const key of [keys.client, ...(keys.account ? [keys.account] : [])]) {
    await db.execute(sql`
      INSERT INTO auth_attempt (key, window_start, count) VALUES (${key}, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN auth_attempt.window_start < now() - make_interval(secs => ${RESET_SECONDS}) THEN 1 ELSE auth_attempt.count + 1 END,
        window_start = now()`);
  }
}

/**
 * A successful sign-in: its client's counter starts again. The account-wide one is left to decay
 * (RESET_SECONDS): the owner signing in must not hand a guesser elsewhere fresh free tries.
 */
export async function clearSignInFailures(keys: ThrottleKeys): Promise<void> {
  await db.delete(authAttempt).where(inArray(authAttempt.key, [keys.client]));
}

/** A known-device cookie's value: a random id bound to the account (the cookie is signed). */
export function newKnownDevice(email: string): string {
  return `${randomBytes(16).toString("base64url")}.${digest(email)}`;
}

/** The device id of a (signature-checked) cookie value when it was issued for `email`, else null. */
export function knownDeviceFor(cookieValue: string | null | undefined, email: string): string | null {
  if (!cookieValue) return null;
  const [id, account] = cookieValue.split(".");
  return id && account === digest(email) ? id : null;
}
