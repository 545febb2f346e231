/**
 * Office and access hours in the facility's own time zone: whether it is open now, today's hours
 * (dated closures win over the weekly schedule) and a short spoken description of the week.
 */
import { WEEKDAYS, type TimeRange, type Weekday, type WeeklyHours } from "@/server/db/schema";

const clockFormatters = new Map<string, Intl.DateTimeFormat>();
const JS_DAY: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

export interface LocalClock {
  weekday: Weekday;
  /** "YYYY-MM-DD" in the facility's zone. */
  date: string;
  /** "HH:MM", 24 h. */
  time: string;
}

export function localClock(now: Date, timeZone: string): LocalClock {
  let fmt = clockFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    clockFormatters.set(timeZone, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(now)) p[part.type] = part.value;
  return {
    weekday: JS_DAY[p.weekday ?? "Mon"] ?? "mon",
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
  };
}

export interface DayHours {
  date: string;
  weekday: Weekday;
  ranges: TimeRange[];
  closedFor: string | null;
}

/** Today's hours: a dated closure empties the day and says why. */
export function hoursOn(
  hours: WeeklyHours,
  closures: readonly { date: string; reason: string }[],
  clock: LocalClock,
): DayHours {
  const closure = closures.find((c) => c.date === clock.date);
  if (closure)
    return { date: clock.date, weekday: clock.weekday, ranges: [], closedFor: closure.reason || "a closure" };
  return { date: clock.date, weekday: clock.weekday, ranges: hours[clock.weekday] ?? [], closedFor: null };
}

export function isOpenAt(day: DayHours, time: string): boolean {
  return day.ranges.some((r) => r.open <= time && time < r.close);
}

/** Whether the schedule covers every hour of every day (24-hour access). */
export function isAroundTheClock(hours: WeeklyHours): boolean {
  return WEEKDAYS.every((d) =>
    (hours[d] ?? []).some((r) => r.open === "00:00" && (r.close === "24:00" || r.close === "23:59")),
  );
}

const NAMES = {
  en: {
    mon: "Monday",
    tue: "Tuesday",
    wed: "Wednesday",
    thu: "Thursday",
    fri: "Friday",
    sat: "Saturday",
    sun: "Sunday",
  },
  es: { mon: "lunes", tue: "martes", wed: "miércoles", thu: "jueves", fri: "viernes", sat: "sábado", sun: "domingo" },
} as const;

export function rangesText(ranges: readonly TimeRange[], lang: "en" | "es"): string {
  const fmt = (t: string) => formatTime(t, lang);
  return ranges
    .map((r) => (lang === "es" ? `de ${fmt(r.open)} a ${fmt(r.close)}` : `${fmt(r.open)} to ${fmt(r.close)}`))
    .join(lang === "es" ? " y " : " and ");
}

/** "09:00" → "9 AM" / "9:30 AM"; Spanish "9 a. m." style kept simple: "9:00". */
export function formatTime(t: string, lang: "en" | "es"): string {
  const [h = 0, m = 0] = t.split(":").map(Number);
  if (lang === "es") return `${h}:${String(m).padStart(2, "0")}`;
  if (h === 24 || (h === 0 && m === 0)) return "midnight";
  if (h === 12 && m === 0) return "noon";
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, "0")}` : ""} ${h < 12 ? "AM" : "PM"}`;
}

/** "Monday to Friday 9 AM to 6 PM; Saturday 9 AM to 5 PM; closed Sunday": consecutive equal days grouped. */
export function describeWeek(hours: WeeklyHours, lang: "en" | "es"): string {
  if (isAroundTheClock(hours)) return lang === "es" ? "las 24 horas, todos los días" : "24 hours a day, every day";
  const groups: { from: Weekday; to: Weekday; key: string; ranges: TimeRange[] }[] = [];
  for (const d of WEEKDAYS) {
    const ranges = hours[d] ?? [];
    const key = JSON.stringify(ranges);
    const last = groups.at(-1);
    if (last && last.key === key) last.to = d;
    else groups.push({ from: d, to: d, key, ranges });
  }
  const names = NAMES[lang];
  return groups
    .map((g) => {
      const days = g.from === g.to ? names[g.from] : `${names[g.from]} ${lang === "es" ? "a" : "to"} ${names[g.to]}`;
      return g.ranges.length
        ? `${days} ${rangesText(g.ranges, lang)}`
        : lang === "es"
          ? `${days} cerrado`
          : `closed ${days}`;
    })
    .join("; ");
}
