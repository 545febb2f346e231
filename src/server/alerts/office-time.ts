import { hoursOn, isOpenAt, localClock } from "@/server/domain/facilities/office-hours";
import type { WeeklyHours } from "@/server/db/schema";

/**
 * Office time between two instants, on the facility's clock (weekly hours, dated closures, DST):
 * "no calls for 4 hours" means 4 hours the office was open, so a quiet night or Sunday never
 * counts. Sampled every 5 minutes backwards from `now`, stopping as soon as `minutes` is reached.
 */
const STEP_MINUTES = 5;
const MAX_LOOKBACK_MS = 14 * 86_400_000;

export interface OfficeSchedule {
  timeZone: string;
  officeHours: WeeklyHours;
  closures: readonly { date: string; reason: string }[];
}

export function isOfficeOpen(s: OfficeSchedule, at: Date): boolean {
  const clock = localClock(at, s.timeZone);
  return isOpenAt(hoursOn(s.officeHours, s.closures, clock), clock.time);
}

/** Whether the office was open for at least `minutes` between `since` and `now`. */
export function officeOpenFor(s: OfficeSchedule, since: Date, now: Date, minutes: number): boolean {
  const floor = Math.max(since.getTime(), now.getTime() - MAX_LOOKBACK_MS);
  let open = 0;
  for (let t = now.getTime() - STEP_MINUTES * 60_000; t >= floor; t -= STEP_MINUTES * 60_000) {
    if (isOfficeOpen(s, new Date(t))) open += STEP_MINUTES;
    if (open >= minutes) return true;
  }
  return false;
}
