/**
 * When to try a failed delivery again: the first attempt is immediate, then these waits after each
 * failure (about 22.7 hours in all), then the delivery is given up. An endpoint that has failed
 * without a single success for ENDPOINT_DISABLE_AFTER_MS is disabled and its owners told.
 */
export const RETRY_DELAYS_SECONDS = [5, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
export const ENDPOINT_DISABLE_AFTER_MS = 3 * 24 * 3600 * 1000;

/** After `attempts` failed attempts: the next attempt time, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_SECONDS[attempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}
