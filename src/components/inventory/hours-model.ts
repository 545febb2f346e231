/**
 * The hours picker's state (issue 22, item 5: "same hours Mon–Fri", closed days, holidays instead of
 * fourteen text boxes), kept apart from React so it is tested on its own. A day is closed, open all
 * day, or open in one to four ranges picked as times; "same hours Monday to Friday" makes Tuesday to
 * Friday follow Monday. Read back into the API's weekly hours, checked the way the server checks them
 * (times, open before close, no overlap), each error naming the day.
 */
import { WEEKDAY_NAMES, type TimeRange, type WeekdayKey, type WeeklyHours } from "./form-values";

export interface DayHours {
  closed: boolean;
  allDay: boolean;
  ranges: TimeRange[];
}
export interface WeekHours {
  days: Record<WeekdayKey, DayHours>;
  sameWeekdays: boolean;
}
type Read<T> = { ok: true; value: T } | { ok: false; error: string };

export const WORKDAYS: readonly WeekdayKey[] = ["mon", "tue", "wed", "thu", "fri"];
export const DEFAULT_RANGE: TimeRange = { open: "09:00", close: "17:00" };
export const MAX_RANGES = 4;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const ALL_DAY = (r: TimeRange[]) => r.length === 1 && r[0]!.open === "00:00" && r[0]!.close === "24:00";

export function dayFrom(ranges: TimeRange[] | undefined): DayHours {
  if (!ranges || ranges.length === 0) return { closed: true, allDay: false, ranges: [{ ...DEFAULT_RANGE }] };
  if (ALL_DAY(ranges)) return { closed: false, allDay: true, ranges: [{ ...DEFAULT_RANGE }] };
  return { closed: false, allDay: false, ranges: ranges.map((r) => ({ ...r })) };
}

const sameDay = (a: DayHours, b: DayHours) =>
  a.closed === b.closed &&
  a.allDay === b.allDay &&
  (a.closed ||
    a.allDay ||
    (a.ranges.length === b.ranges.length &&
      a.ranges.every((r, i) => r.open === b.ranges[i]!.open && r.close === b.ranges[i]!.close)));

/** The picker's state for saved hours; "same Monday to Friday" is on when those five days agree. */
export function weekFrom(hours: WeeklyHours | undefined): WeekHours {
  const days = Object.fromEntries(WEEKDAY_NAMES.map(([k]) => [k, dayFrom(hours?.[k])])) as Record<WeekdayKey, DayHours>;
  return { days, sameWeekdays: WORKDAYS.every((k) => sameDay(days[k], days.mon)) };
}

/** The day as it will be saved: with "same Monday to Friday", Tuesday to Friday are Monday. */
export function effectiveDay(week: WeekHours, key: WeekdayKey): DayHours {
  return week.sameWeekdays && WORKDAYS.includes(key) ? week.days.mon : week.days[key];
}

export function setDay(week: WeekHours, key: WeekdayKey, day: DayHours): WeekHours {
  return { ...week, days: { ...week.days, [key]: day } };
}

/** Turning "same Monday to Friday" off leaves Tuesday to Friday as Monday was, to change one by one. */
export function setSameWeekdays(week: WeekHours, same: boolean): WeekHours {
  if (same || !week.sameWeekdays) return { ...week, sameWeekdays: same };
  const days = { ...week.days };
  for (const k of WORKDAYS) days[k] = { ...week.days.mon, ranges: week.days.mon.ranges.map((r) => ({ ...r })) };
  return { days, sameWeekdays: false };
}

const DAY_NAME = Object.fromEntries(WEEKDAY_NAMES) as Record<WeekdayKey, string>;

/** The picker's state → the API's weekly hours, or an error naming the field and day. */
export function readWeekHours(week: WeekHours, what: string): Read<WeeklyHours> {
  const out: WeeklyHours = {};
  for (const [key] of WEEKDAY_NAMES) {
    const day = effectiveDay(week, key);
    const name = week.sameWeekdays && WORKDAYS.includes(key) ? "Monday to Friday" : DAY_NAME[key];
    const field = `${what}, ${name}`;
    if (day.closed) continue;
    if (day.allDay) {
      out[key] = [{ open: "00:00", close: "24:00" }];
      continue;
    }
    if (day.ranges.length === 0) return { ok: false, error: `${field}: give the hours or mark the day closed.` };
    if (day.ranges.length > MAX_RANGES)
      return { ok: false, error: `${field}: at most ${MAX_RANGES} time ranges a day.` };
    for (const r of day.ranges) {
      if (!TIME.test(r.open) || !TIME.test(r.close))
        return { ok: false, error: `${field}: pick both an opening and a closing time, or mark the day closed.` };
      if (r.open >= r.close)
        return { ok: false, error: `${field}: opens at ${r.open}, which is not before closing at ${r.close}.` };
    }
    const sorted = [...day.ranges].sort((a, b) => (a.open < b.open ? -1 : 1));
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i]!.open < sorted[i - 1]!.close)
        return {
          ok: false,
          error: `${field}: ${sorted[i - 1]!.open}–${sorted[i - 1]!.close} and ${sorted[i]!.open}–${sorted[i]!.close} overlap.`,
        };
    out[key] = sorted.map((r) => ({ open: r.open, close: r.close }));
  }
  return { ok: true, value: out };
}

/**
 * US holidays a storage office commonly closes on, as dates from `from` (an ISO day) on, a year
 * ahead, each with its Spanish name (reasonEs) so Spanish callers hear it in Spanish.
 */
export function upcomingUsHolidays(from: string): { date: string; reason: string; reasonEs: string }[] {
  const year = Number(from.slice(0, 4));
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  /** The nth (1-based; -1 = last) `weekday` (0 = Sunday) of a month. */
  const nth = (y: number, m: number, weekday: number, n: number) => {
    if (n > 0) {
      const first = new Date(Date.UTC(y, m - 1, 1)).getUTCDay();
      return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
    }
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const last = new Date(Date.UTC(y, m - 1, lastDay)).getUTCDay();
    return lastDay - ((last - weekday + 7) % 7);
  };
  const out: { date: string; reason: string; reasonEs: string }[] = [];
  for (const y of [year, year + 1]) {
    out.push(
      { date: iso(y, 1, 1), reason: "New Year's Day", reasonEs: "Año Nuevo" },
      { date: iso(y, 5, nth(y, 5, 1, -1)), reason: "Memorial Day", reasonEs: "Día de los Caídos" },
      { date: iso(y, 7, 4), reason: "Independence Day", reasonEs: "Día de la Independencia" },
      { date: iso(y, 9, nth(y, 9, 1, 1)), reason: "Labor Day", reasonEs: "Día del Trabajo" },
      { date: iso(y, 11, nth(y, 11, 4, 4)), reason: "Thanksgiving", reasonEs: "Día de Acción de Gracias" },
      { date: iso(y, 12, 25), reason: "Christmas Day", reasonEs: "Navidad" },
    );
  }
  const end = `${year + 1}${from.slice(4)}`;
  return out.filter((h) => h.date >= from && h.date < end).sort((a, b) => (a.date < b.date ? -1 : 1));
}
