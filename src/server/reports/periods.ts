import { localDate } from "@/server/domain/facilities/local-date";
import type { ReportFrequency } from "@/server/db/schema";

/**
 * The period a scheduled report covers when it runs at `now`: the last complete week (Monday to
 * Sunday) or calendar month, on the schedule's clock. Its key names it ("2026-W47", "2026-11") and
 * is half of the (schedule, period) pair that makes each period go out once.
 */
export interface ReportPeriod {
  key: string;
  from: string;
  to: string;
}

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** ISO-8601 week number of a date ("YYYY-Www"; weeks start Monday, week 1 holds January 4th). */
export function isoWeekKey(date: string): string {
  const ms = utc(date);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0
  const thursday = ms + (3 - weekday) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

export function lastCompletePeriod(frequency: ReportFrequency, now: Date, timeZone: string): ReportPeriod {
  const today = localDate(timeZone, now);
  if (frequency === "weekly") {
    const weekday = (new Date(utc(today)).getUTCDay() + 6) % 7;
    const monday = utc(today) - weekday * DAY;
    const from = iso(monday - 7 * DAY);
    return { key: isoWeekKey(from), from, to: iso(monday - DAY) };
  }
  const [y, m] = today.split("-").map(Number) as [number, number];
  const firstOfThis = Date.UTC(y, m - 1, 1);
  const from = iso(Date.UTC(y, m - 2, 1));
  return { key: from.slice(0, 7), from, to: iso(firstOfThis - DAY) };
}
