/**
 * Times as the operator reads them: in the organization's time zone (its first facility's, see
 * orgTimeZoneSql), never the browser's or UTC, in US English. The same string on the server and in
 * the browser, so a server-rendered time does not change (or mismatch) when the page hydrates.
 */
type When = Date | string | number | null | undefined;

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, kind: "dateTime" | "date" | "time" | "dateTimeZone"): Intl.DateTimeFormat {
  const key = `${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === "date"
        ? { dateStyle: "medium" }
        : kind === "time"
          ? { hour: "numeric", minute: "2-digit" }
          : kind === "dateTimeZone"
            ? {
                month: "short",
                day: "numeric",
                year: "numeric",
                hour: "numeric",
                minute: "2-digit",
                timeZoneName: "short",
              }
            : { dateStyle: "medium", timeStyle: "short" };
    try {
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    } catch {
      // An unknown zone name (never saved: facilities validate it) falls back to UTC rather than throwing in a render.
      f = new Intl.DateTimeFormat("en-US", { ...options, timeZone: "UTC" });
    }
    cache.set(key, f);
  }
  return f;
}

function toDate(value: When): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Dec 6, 2026, 4:03 PM" in `timeZone`; "" for no time. */
export function formatDateTime(value: When, timeZone: string): string {
  const d = toDate(value);
  return d ? formatter(timeZone, "dateTime").format(d) : "";
}

/** "Dec 6, 2026, 4:03 PM CST": the zone named, for what is forwarded or compared across zones. */
export function formatDateTimeZone(value: When, timeZone: string): string {
  const d = toDate(value);
  return d ? formatter(timeZone, "dateTimeZone").format(d) : "";
}

/** "Dec 6, 2026" in `timeZone`. */
export function formatDate(value: When, timeZone: string): string {
  const d = toDate(value);
  return d ? formatter(timeZone, "date").format(d) : "";
}

/** "4:03 PM" in `timeZone`. */
export function formatTime(value: When, timeZone: string): string {
  const d = toDate(value);
  return d ? formatter(timeZone, "time").format(d) : "";
}

/**
 * A calendar date stored as text ("2026-12-06", a move-in day) as "Dec 6, 2026": it names a day,
 * not an instant, so no zone shifts it.
 */
export function formatIsoDay(day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? "";
  return formatter("UTC", "date").format(new Date(`${day}T12:00:00Z`));
}

/** The zone's offset from UTC at instant `t`, in milliseconds (negative west of Greenwich). */
function zoneOffsetMs(t: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    }).formatToParts(new Date(t));
  } catch {
    return 0;
  }
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return local - Math.floor(t / 1000) * 1000;
}

/**
 * The instant a calendar day ("2026-12-06") starts in `timeZone`, `plusDays` later: a date filter
 * means "calls that started that day at the facility", not in the browser's zone. null for a bad day.
 */
export function dayStartIn(day: string, timeZone: string, plusDays = 0): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const midnightUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  if (Number.isNaN(midnightUtc)) return null;
  // Local midnight is UTC midnight less the offset; asked again at that instant for a DST change.
  let t = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  t = midnightUtc - zoneOffsetMs(t, timeZone);
  return new Date(t);
}

/**
 * Today's calendar day ("2026-12-06") in `timeZone` (UTC for an unknown zone): the same on the
 * server and in the browser, wherever either is, so a server-rendered "today" does not mismatch
 * when the page hydrates.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let f: Intl.DateTimeFormat;
  try {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  } catch {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit" });
  }
  const parts = f.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}
