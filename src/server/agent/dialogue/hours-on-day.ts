/**
 * "Are you open on Christmas?", "what are your hours on the 25th?": the hours of the day asked
 * about, with the facility's dated closure for it ("We're closed on Friday, December 25th for
 * Christmas Day."), said before the weekly hours. The day is a date the caller said, a closure
 * named by its reason ("thanksgiving" for the closure "Thanksgiving"), a fixed-date holiday, or a US
 * holiday whose date moves (Thanksgiving, Memorial Day, Labor Day, Easter…), found for its next date.
 */
import { resolveFacilityId } from "@/server/agent/tools/channel";
import { closureOn } from "@/server/agent/tools/operator-text";
import type { Weekday } from "@/server/db/schema";
import { hoursOn, isAroundTheClock, localClock, rangesText } from "@/server/domain/facilities/office-hours";

import { say } from "./phrases";
import { closedWhy, day } from "./say";
import type { PolicyTurn } from "./turn";
import { first } from "./understand";

/** Holidays on the same date every year; order matters ("christmas eve" before "christmas"). */
const FIXED_HOLIDAYS: [RegExp, string][] = [
  [/\bchristmas eve\b|\bnochebuena\b/i, "12-24"],
  [/\bchristmas\b|\bxmas\b|\bnavidad\b/i, "12-25"],
  [/\bnew year'?s eve\b|\bfin de a[nñ]o\b/i, "12-31"],
  [/\bnew year'?s?\b|\ba[nñ]o nuevo\b/i, "01-01"],
  [/\b(fourth|4th) of july\b|\bindependence day\b|\bjuly (4th|fourth)\b/i, "07-04"],
  [/\bhalloween\b/i, "10-31"],
];

/** The nth (1-based; -1 = last) given weekday (0 = Sunday) of a month, as "MM-DD". */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const mm = String(month).padStart(2, "0");
  if (n > 0) {
    const firstDow = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return `${mm}-${String(1 + ((weekday - firstDow + 7) % 7) + (n - 1) * 7).padStart(2, "0")}`;
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lastDow = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return `${mm}-${String(lastDay - ((lastDow - weekday + 7) % 7)).padStart(2, "0")}`;
}

/** Easter Sunday (the Gregorian computus), as "MM-DD". */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`;
}

/** "MM-DD" moved by whole days within the year. */
const shift = (year: number, mmdd: string, days: number) =>
  new Date(Date.UTC(year, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(3)) + days)).toISOString().slice(5, 10);

/** US holidays whose date moves from year to year ("thanksgiving": the fourth Thursday of November). */
const MOVING_HOLIDAYS: [RegExp, (year: number) => string][] = [
  [/\bblack friday\b/i, (y) => shift(y, nthWeekday(y, 11, 4, 4), 1)],
  [/\bthanksgiving\b|\bd[ií]a de acci[oó]n de gracias\b/i, (y) => nthWeekday(y, 11, 4, 4)],
  [/\bmemorial day\b/i, (y) => nthWeekday(y, 5, 1, -1)],
  [/\blabou?r day\b/i, (y) => nthWeekday(y, 9, 1, 1)],
  [/\b(martin luther king|mlk)( jr\.?)?( day)?\b/i, (y) => nthWeekday(y, 1, 1, 3)],
  [/\bpresidents'? day\b/i, (y) => nthWeekday(y, 2, 1, 3)],
  [/\bgood friday\b|\bviernes santo\b/i, (y) => shift(y, easter(y), -2)],
  [/\beaster\b|\bpascua\b|\bdomingo de resurrecci[oó]n\b/i, (y) => easter(y)],
];

/** The date ("YYYY-MM-DD") in `year` of the moving holiday the text names, or null. */
export function movingHolidayIn(text: string, year: number): string | null {
  const found = MOVING_HOLIDAYS.find(([re]) => re.test(text))?.[1];
  return found ? `${year}-${found(year)}` : null;
}

const WEEKDAYS: Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const clockOf = (date: string) => ({
  date,
  weekday: WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!,
  time: "12:00",
});

/**
 * "Christmas Day" → "christmas", "New Year's Day" → "new year", "Día de Acción de Gracias" → "accion
 * de gracias": the words a caller would say (accents folded: a typed "accion" is the same word).
 */
const holidayWords = (reason: string) =>
  reason
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/'s\b/g, "")
    .replace(/\bday\b/g, "")
    // "Día de", not "día del": "trabajo" alone is too common a word to name Labor Day by.
    .replace(/\bdia\s+de\s+(?:la\s+|los\s+)?/g, "")
    .replace(/[^a-z0-9ñ ]/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function askedDate(
  text: string,
  today: string,
  closures: readonly { date: string; reason: string; reasonEs: string | null }[],
) {
  const said = ` ${holidayWords(text)} `;
  const named = (reason: string | null) =>
    !!reason && !!holidayWords(reason) && said.includes(` ${holidayWords(reason)} `);
  // By its reason in either language: "¿abren el día de acción de gracias?" names "Acción de Gracias".
  const closure = closures.find((c) => c.date >= today && (named(c.reason) || named(c.reasonEs)))?.date;
  const fixed = FIXED_HOLIDAYS.find(([re]) => re.test(text));
  // The facility's closure named by its reason, where it keeps the holiday ("Independence Day" on
  // Friday the 3rd); but "christmas eve" is not the closure "Christmas Day".
  if (closure && !(fixed && EVES.has(fixed[1]))) return closure;
  if (fixed) {
    const year = Number(today.slice(0, 4));
    const date = `${year}-${fixed[1]}`;
    return date >= today ? date : `${year + 1}-${fixed[1]}`;
  }
  const year = Number(today.slice(0, 4));
  const moving = movingHolidayIn(text, year);
  if (moving) return moving >= today ? moving : movingHolidayIn(text, year + 1);
  return null;
}

/** Fixed holidays that are the eve of one a closure may be named after. */
const EVES = new Set(["12-24", "12-31"]);

/**
 * The asked day's office or gate hours, or null when no day other than today was asked about;
 * `closed` when the office or gate is closed that day (the week's hours then follow).
 */
export async function hoursOnAskedDay(
  turn: PolicyTurn,
  kind: "hours" | "access",
): Promise<{ text: string; closed: boolean } | null> {
  const state = turn.ctx.state;
  const facilityId = await resolveFacilityId(turn.ctx);
  const f = facilityId ? await turn.ctx.facts.facility(facilityId) : null;
  if (!f) return null;
  const today = localClock(turn.ctx.now, f.timeZone).date;
  const closures = await turn.ctx.facts.closures(f.id);
  const said = first(turn.utterance, "date");
  // A month with no day ("are you open in december?") is no day to give hours for.
  // A holiday named comes first: "black friday" holds the weekday "friday" too.
  const date = askedDate(turn.utterance.text, today, closures) ?? (said?.monthOnly ? undefined : said?.date);
  if (!date || date === today) return null;
  const weekly = kind === "hours" ? f.officeHours : f.accessHours;
  if (Object.keys(weekly ?? {}).length === 0) return null;
  const hours = hoursOn(weekly, closures, clockOf(date));
  // Gate access around the clock needs no day of its own unless a closure stops it.
  if (kind === "access" && isAroundTheClock(weekly) && !hours.closedFor) return null;
  const values = {
    day: day(date, state),
    why: closedWhy(state, closureOn(closures, date, state.language)),
    hours: rangesText(hours.ranges, state.language),
  };
  if (hours.closedFor) {
    const text = say(
      state,
      kind === "hours" ? "info.office_closed_on_day_for" : "info.access_closed_on_day_for",
      values,
    );
    return { text, closed: true };
  }
  if (!hours.ranges.length)
    return {
      text: say(state, kind === "hours" ? "info.office_closed_on_day" : "info.access_closed_on_day", values),
      closed: true,
    };
  return {
    text: say(state, kind === "hours" ? "info.office_open_on_day" : "info.access_open_on_day", values),
    closed: false,
  };
}
