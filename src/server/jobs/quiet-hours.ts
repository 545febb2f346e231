/**
 * Quiet hours: texts go out only inside a daily window in the facility's time zone (default
 * 08:00–21:00). Pure functions over Intl, so they are exact across daylight-saving changes.
 */
export interface SendWindow {
  /** "HH:MM", inclusive. */
  start: string;
  /** "HH:MM", exclusive; "24:00" is the end of the day. start "00:00" + end "24:00" means always. */
  end: string;
}

export const DEFAULT_WINDOW: SendWindow = { start: "08:00", end: "21:00" };
const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

export function parseClock(value: string): number {
  const m = HHMM.exec(value);
  if (!m) throw new Error(`"${value}" is not a time of day as HH:MM`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60) throw new Error(`"${value}" is past 24:00`);
  return minutes;
}

export function validateWindow(w: SendWindow): string | null {
  try {
    const s = parseClock(w.start);
    const e = parseClock(w.end);
    if (s >= e) return "Quiet hours must end after they start (a window across midnight is not supported).";
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(tz, f);
  }
  return f;
}

function localParts(at: Date, tz: string): LocalParts & { second: number } {
  const parts = Object.fromEntries(
    formatter(tz)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Offset (local minus UTC, in ms) of `tz` at instant `at`. */
function offsetAt(at: number, tz: string): number {
  const p = localParts(new Date(at), tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The first instant at or after local wall time `minutes` on the given local date. A wall time
 * that does not exist (skipped by a spring-forward change) resolves to the moment the clocks jump
 * to, i.e. the first existing local time after it.
 */
export function zonedTime(year: number, month: number, day: number, minutes: number, tz: string): Date {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // Two candidate offsets: the one before and the one after any change near this wall time.
  const candidates = [offsetAt(wall - 86_400_000, tz), offsetAt(wall + 86_400_000, tz), offsetAt(wall, tz)];
  const exact = candidates.map((o) => wall - o).filter((t) => offsetAt(t, tz) === wall - t);
  if (exact.length) return new Date(Math.min(...exact));
  // In a gap: the transition lies between the two offsets' readings; the later reading is the jump.
  const lo = Math.min(...candidates.map((o) => wall - o));
  const hi = Math.max(...candidates.map((o) => wall - o));
  let a = lo;
  let b = hi;
  // Binary search for the first instant whose local time is past the wall time.
  while (b - a > 1000) {
    const mid = Math.floor((a + b) / 2 / 1000) * 1000;
    const p = localParts(new Date(mid), tz);
    const local = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes);
    if (local >= wall) b = mid;
    else a = mid;
  }
  return new Date(b);
}

function addDays(year: number, month: number, day: number, n: number) {
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * When a text that wants to go out at `now` may go out: `now` itself inside the window, otherwise
 * the next opening of the window in the facility's time zone.
 */
export function nextSendTime(now: Date, tz: string, window: SendWindow = DEFAULT_WINDOW): Date {
  const start = parseClock(window.start);
  const end = parseClock(window.end);
  if (start === 0 && end >= 24 * 60) return now;
  const p = localParts(now, tz);
  if (p.minutes >= start && p.minutes < end) return now;
  if (p.minutes < start) {
    const today = zonedTime(p.year, p.month, p.day, start, tz);
    if (today.getTime() >= now.getTime()) return today;
  }
  const next = addDays(p.year, p.month, p.day, 1);
  return zonedTime(next.year, next.month, next.day, start, tz);
}

/** Whether `at` is inside the window. */
export const inSendWindow = (at: Date, tz: string, window: SendWindow = DEFAULT_WINDOW) =>
  nextSendTime(at, tz, window).getTime() === at.getTime();

/**
 * The move-in reminder moment: `atLocal` ("HH:MM") on the day before the move-in date
 * ("YYYY-MM-DD"), in the facility's time zone.
 */
export function dayBeforeAt(moveInDate: string, tz: string, atLocal = "10:00"): Date {
  const [y, m, d] = moveInDate.split("-").map(Number) as [number, number, number];
  const prev = addDays(y, m, d, -1);
  return zonedTime(prev.year, prev.month, prev.day, parseClock(atLocal), tz);
}
