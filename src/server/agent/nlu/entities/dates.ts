/**
 * Dates relative to "now" in the facility's time zone: "tomorrow", "this saturday", "next friday",
 * "december 3rd", "the 15th", "in two weeks", Spanish "el sabado", "manana"; with a year, "december 3rd
 * 2027", "december 2028", "next year in december" (a month alone is `monthOnly`). Calendar math uses
 * UTC-midnight Date objects so daylight-saving changes never shift a day.
 */
import { parseNumberAt } from "@/server/agent/voice/number-words";

import { spanOf, type Token } from "./token-utils";
import type { Entity, ExtractContext } from "./types";

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  domingo: 0,
  lunes: 1,
  martes: 2,
  miercoles: 3,
  jueves: 4,
  viernes: 5,
  sabado: 6,
  sun: 0,
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
};
/** "tomorrow" as it is typed in a hurry. */
const TOMORROW = new Set([
  "tomorrow",
  "tmrw",
  "tmr",
  "tmrow",
  "tmrrw",
  "tomorow",
  "tommorow",
  "tommorrow",
  "2morrow",
  "2moro",
]);
/** Words before a three-letter day that make it one ("this sat", "next fri", "on wed"). */
const SHORT_DAY_BEFORE = new Set(["this", "next", "on", "by", "until", "til", "till", "for"]);

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  enero: 1,
  febrero: 2,
  marzo: 3,
  abril: 4,
  mayo: 5,
  junio: 6,
  julio: 7,
  agosto: 8,
  septiembre: 9,
  setiembre: 9,
  octubre: 10,
  noviembre: 11,
  diciembre: 12,
};

/** Words after which a month alone is a time to move in: "in december", "for june", "next july". */
const MONTH_LEADS = new Set([
  "in",
  "for",
  "by",
  "until",
  "till",
  "around",
  "next",
  "early",
  "mid",
  "late",
  "en",
  "para",
  "proximo",
]);

const NOT_DAY_NOUNS = new Set([
  "floor",
  "level",
  "time",
  "unit",
  "one",
  "ones",
  "thing",
  "place",
  "location",
  "step",
  "option",
  "door",
  "row",
  "building",
  "choice",
  "name",
  "number",
  "piso",
  "vez",
  "day",
  "days",
  "week",
  "weeks",
  "month",
  "months",
  "year",
  "payment",
  "bill",
  "mes",
  "dia",
  "semana",
]);

/** Today's calendar date in `timeZone`, as a UTC-midnight Date. */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localToday(now: Date, timeZone: string): Date {
  // Building an Intl.DateTimeFormat costs far more than using one; keep one per zone.
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")));
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

function validDay(year: number, month: number, day: number): Date | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : undefined;
}

/** Next occurrence of month/day on or after today (a date already past this year means next year). */
function upcoming(today: Date, month: number, day: number): Date | undefined {
  const y = today.getUTCFullYear();
  const d = validDay(y, month, day);
  if (d && d >= today) return d;
  return validDay(y + 1, month, day);
}

/** "this saturday" → the first Saturday after today (today itself only with "this"/"today"). */
function weekdayDate(today: Date, weekday: number, mode: "bare" | "this" | "next"): Date {
  const delta = (weekday - today.getUTCDay() + 7) % 7;
  if (delta === 0) return mode === "this" ? today : addDays(today, 7);
  const bare = addDays(today, delta);
  if (mode !== "next") return bare;
  // "next friday" said on a Tuesday means the Friday of next week; said on a Saturday, "next monday" is in 2 days.
  const mondayIndex = (d: Date) => Math.floor((d.getTime() / 86_400_000 + 3) / 7); // weeks since a Monday epoch
  return mondayIndex(bare) > mondayIndex(today) ? bare : addDays(bare, 7);
}

/** "last monday" → the latest Monday strictly before today. */
function lastWeekday(today: Date, weekday: number): Date {
  const back = (today.getUTCDay() - weekday + 7) % 7 || 7;
  return addDays(today, -back);
}

/**
 * A year said after a date or a month, from `k`: "2028", "of 2028", "next year", "of next year",
 * "de 2028", "del año que viene", "del próximo año". Without a year, "december 3rd" is the coming one.
 */
function yearAt(words: readonly string[], k: number, today: Date): { year: number; last: number } | undefined {
  const thisYear = today.getUTCFullYear();
  if (words[k] === "of" || words[k] === "de" || words[k] === "del") {
    k++;
    if (words[k] === "el") k++;
  }
  const w = words[k];
  if (w !== undefined && /^\d{4}$/.test(w) && Number(w) >= 2000) return { year: Number(w), last: k };
  if ((w === "next" || w === "proximo") && (words[k + 1] === "year" || words[k + 1] === "ano"))
    return { year: thisYear + 1, last: k + 1 };
  if (w === "ano" && words[k + 1] === "que" && words[k + 2] === "viene") return { year: thisYear + 1, last: k + 2 };
  if (w === "ano" && words[k + 1] === "proximo") return { year: thisYear + 1, last: k + 1 };
  return undefined;
}

/** "next year in december", "el año que viene en diciembre": a year said before its month (the index of the month). */
function yearBefore(words: readonly string[], i: number, today: Date): { year: number; monthAt: number } | undefined {
  let k = i;
  if (words[k] === "el") k++;
  const said =
    (words[k] === "next" || words[k] === "proximo") && (words[k + 1] === "year" || words[k + 1] === "ano")
      ? k + 2
      : words[k] === "ano" && words[k + 1] === "que" && words[k + 2] === "viene"
        ? k + 3
        : undefined;
  if (said === undefined) return undefined;
  const m = ["in", "en", "on"].includes(words[said] ?? "") ? said + 1 : said;
  const month = MONTHS[words[m] ?? ""];
  return month === undefined ? undefined : { year: today.getUTCFullYear() + 1, monthAt: m };
}

export function extractDates(text: string, tokens: readonly Token[], ctx: ExtractContext): Entity[] {
  const today = localToday(ctx.now, ctx.timeZone);
  const words = tokens.map((t) => t.text);
  const out: Entity[] = [];
  const push = (first: number, last: number, d: Date | undefined) => {
    if (d) out.push({ type: "date", date: isoDate(d), ...spanOf(text, tokens, first, last) });
  };
  // A month just said alone ("in december"), for the day said after it.
  let namedMonth: Entity | undefined;
  const tokenAt = (e: Entity) => tokens.findIndex((t) => t.start === e.start);
  const pushMonth = (first: number, last: number, year: number, month: number) => {
    const d = validDay(year, month, 1);
    if (d) out.push({ type: "date", date: isoDate(d), monthOnly: true, ...spanOf(text, tokens, first, last) });
  };

  // "sat", "fri", "wed" are days where a day was asked, after "this", "next" or "on", or said alone
  // ("sat?"); elsewhere they are words ("i sat down", "fri" in a name).
  const shortDayOk = (i: number) =>
    ctx.expecting === "date" || SHORT_DAY_BEFORE.has(words[i - 1] ?? "") || words.length === 1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (w === "today" || w === "tonight" || w === "hoy") {
      push(i, i, today);
      continue;
    }
    if (w === "day" && next === "after" && words[i + 2] === "tomorrow") {
      push(i, i + 2, addDays(today, 2));
      i += 2;
      continue;
    }
    if (w === "pasado" && next === "manana") {
      push(i, i + 1, addDays(today, 2));
      i++;
      continue;
    }
    // "mañana" after "la"/"esta" is "the morning", not tomorrow.
    if (TOMORROW.has(w) || (w === "manana" && words[i - 1] !== "la" && words[i - 1] !== "esta")) {
      push(i, i, addDays(today, 1));
      continue;
    }
    // Past dates are extracted as the past dates they are, so the dialogue can say the day has gone
    // instead of silently booking the next one.
    if (w === "yesterday" || w === "ayer") {
      push(i, i, addDays(today, -1));
      continue;
    }
    if (w === "anteayer" || (w === "day" && next === "before" && words[i + 2] === "yesterday")) {
      const end = w === "day" ? i + 2 : i;
      push(i, end, addDays(today, -2));
      i = end;
      continue;
    }
    if ((w === "last" || w === "past") && next === "week") {
      push(i, i + 1, addDays(today, -7));
      i++;
      continue;
    }

    const weekday = WEEKDAYS[w];
    if (weekday !== undefined && (w.length > 3 || shortDayOk(i))) {
      const prev = words[i - 1];
      const prev2 = words[i - 2];
      // "last monday", "this past monday", "el lunes pasado": the most recent one before today.
      if (prev === "last" || prev === "past" || (prev === "el" && next === "pasado")) {
        const first = prev === "el" ? i - 1 : prev === "past" && prev2 === "this" ? i - 2 : i - 1;
        const last = next === "pasado" ? i + 1 : i;
        push(first, last, lastWeekday(today, weekday));
        i = last;
        continue;
      }
      // "tuesday the fifteenth", "tuesday december 15th": the day of the month (read next) is the
      // date; the weekday only names it.
      const after = next === "the" || next === "el" ? words[i + 2] : next;
      if (
        after !== undefined &&
        (MONTHS[after] !== undefined || parseNumberAt(words, next === after ? i + 1 : i + 2)?.ordinal)
      )
        continue;
      // "saturday after next": the one a week after the coming one.
      if (next === "after" && words[i + 2] === "next") {
        push(i, i + 2, addDays(weekdayDate(today, weekday, "bare"), 7));
        i += 2;
        continue;
      }
      const mode =
        prev === "next" || prev === "proximo" || (prev === "el" && next === "que" && words[i + 2] === "viene")
          ? "next"
          : prev === "this" || prev === "este"
            ? "this"
            : "bare";
      const first =
        prev === "next" || prev === "this" || prev === "proximo" || prev === "este"
          ? prev2 === "el"
            ? i - 2
            : i - 1
          : prev === "on" || prev === "el"
            ? i - 1
            : i;
      push(first, i, weekdayDate(today, weekday, mode));
      continue;
    }
    if ((w === "this" || w === "next" || w === "este") && (next === "weekend" || next === "fin")) {
      const sat = weekdayDate(today, 6, "this");
      const base = today.getUTCDay() === 0 ? today : sat;
      push(i, next === "fin" ? i + 3 : i + 1, w === "next" ? addDays(base, 7) : base);
      i += 1;
      continue;
    }
    if (w === "next" && next === "week") {
      push(i, i + 1, addDays(today, 7));
      i++;
      continue;
    }
    if (w === "next" && next === "month") {
      push(i, i + 1, new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1)));
      i++;
      continue;
    }
    // "in two weeks", "in 3 days", "en dos semanas", "a week from today"
    if (w === "in" || w === "en") {
      const n = next === "a" ? { value: 1, consumed: 1, ordinal: false } : parseNumberAt(words, i + 1);
      const unit = n ? words[i + 1 + n.consumed] : undefined;
      if (n && !n.ordinal && unit) {
        const days = /^(days?|dias?)$/.test(unit)
          ? n.value
          : /^(weeks?|semanas?)$/.test(unit)
            ? n.value * 7
            : undefined;
        if (days !== undefined && days <= 366) {
          push(i, i + 1 + n.consumed, addDays(today, days));
          i += 1 + n.consumed;
          continue;
        }
      }
    }
    // "a week from saturday", "two weeks from today", "ten days from tomorrow": counted from that day.
    const count = w === "a" ? { value: 1, consumed: 1, ordinal: false } : parseNumberAt(words, i);
    const countUnit = count && !count.ordinal ? words[i + count.consumed] : undefined;
    if (count && countUnit && /^(days?|weeks?)$/.test(countUnit) && words[i + count.consumed + 1] === "from") {
      const days = countUnit.startsWith("week") ? count.value * 7 : count.value;
      const anchorAt = i + count.consumed + 2;
      const anchor = words[anchorAt];
      const anchorDay = anchor === undefined ? undefined : WEEKDAYS[anchor];
      const base =
        anchor === "tomorrow"
          ? addDays(today, 1)
          : anchorDay !== undefined && anchor!.length > 3
            ? weekdayDate(today, anchorDay, "bare")
            : anchor === "today" || anchor === "now"
              ? today
              : undefined;
      if (days <= 366) {
        const last = base === undefined ? anchorAt - 1 : anchorAt;
        push(i, Math.min(last, words.length - 1), addDays(base ?? today, days));
        i = last;
        continue;
      }
    }

    // "next year in december", "el año que viene en diciembre": the month of next year (its day, if said).
    const ahead = yearBefore(words, i, today);
    if (ahead) {
      const m = ahead.monthAt;
      const month = MONTHS[words[m]!]!;
      const j = words[m + 1] === "the" ? m + 2 : m + 1;
      const day = parseNumberAt(words, j);
      if (day && day.value >= 1 && day.value <= 31) {
        push(i, j + day.consumed - 1, validDay(ahead.year, month, day.value));
        i = j + day.consumed - 1;
      } else {
        pushMonth(i, m, ahead.year, month);
        i = m;
      }
      continue;
    }
    // "december 3rd", "dec 3", "december the third"; "december 3rd 2027", "december 3rd of next year"
    const month = MONTHS[w];
    if (month !== undefined && !(w === "may" && !/^\d|first|second|third|th$/.test(next ?? ""))) {
      let j = i + 1;
      if (words[j] === "the") j++;
      const day = parseNumberAt(words, j);
      if (day && day.value >= 1 && day.value <= 31) {
        const end = j + day.consumed - 1;
        const year = yearAt(words, end + 1, today);
        // "next june 20th" said in June is next year's.
        const nextOne = words[i - 1] === "next" && month === today.getUTCMonth() + 1;
        push(
          i,
          year?.last ?? end,
          year
            ? validDay(year.year, month, day.value)
            : nextOne
              ? validDay(today.getUTCFullYear() + 1, month, day.value)
              : upcoming(today, month, day.value),
        );
        i = year?.last ?? end;
        continue;
      }
      // "december 2028", "december of next year", "diciembre del año que viene": a month, no day.
      const year = yearAt(words, i + 1, today);
      if (year) {
        pushMonth(i, year.last, year.year, month);
        i = year.last;
        continue;
      }
      // "in december", "for august", "next june", "en octubre": the coming one (a month with no day),
      // said after a word that leads to a month, or as the answer to the date question; "june carter"
      // and "may I" are not months, nor abbreviations ("jan") alone.
      const lead = words[i - 1] ?? "";
      if (
        w.length > 3 &&
        w !== "may" &&
        w !== "march" &&
        (MONTH_LEADS.has(lead) || (i === 0 && ctx.expecting === "date"))
      ) {
        const thisMonth = today.getUTCMonth() + 1;
        const later = lead === "next" || lead === "proximo" ? month <= thisMonth : month < thisMonth;
        pushMonth(i, i, today.getUTCFullYear() + (later ? 1 : 0), month);
        namedMonth = out[out.length - 1]!;
        continue;
      }
    }
    // "the 3rd of december", "3 de diciembre", "the 15th", "the first of the month"
    const lead = parseNumberAt(words, i);
    // "cinco de diciembre", "five of december": a cardinal day counts only right before "de/of <month>".
    const beforeMonth =
      lead !== undefined &&
      ["de", "of"].includes(words[i + lead.consumed] ?? "") &&
      MONTHS[words[i + lead.consumed + 1] ?? ""] !== undefined;
    const isDayStart = w === "the" || w === "el" || /^\d/.test(w) || lead?.ordinal || beforeMonth;
    if (isDayStart) {
      const j = w === "the" || w === "el" ? i + 1 : i;
      const day = parseNumberAt(words, j);
      if (!day || day.value < 1 || day.value > 31) continue;
      const after = j + day.consumed;
      const ofWord = words[after];
      if ((ofWord === "of" || ofWord === "de") && MONTHS[words[after + 1] ?? ""] !== undefined) {
        const month = MONTHS[words[after + 1]!]!;
        const year = yearAt(words, after + 2, today);
        push(
          i,
          year?.last ?? after + 1,
          year ? validDay(year.year, month, day.value) : upcoming(today, month, day.value),
        );
        i = year?.last ?? after + 1;
        continue;
      }
      if (ofWord === "of" && words[after + 1] === "the" && words[after + 2] === "month") {
        push(i, after + 2, nextDayOfMonth(today, day.value, ctx.month));
        i = after + 2;
        continue;
      }
      // A bare ordinal is a day of the month only when introduced by "the"/"on" or when we asked for a date.
      const introduced = w === "the" || words[i - 1] === "on" || words[i - 1] === "the";
      // "the first floor", "the second one": an ordinal describing a noun, not a day.
      const describesNoun = NOT_DAY_NOUNS.has(words[after] ?? "");
      // Spanish days are cardinal: "el 5", "el cinco" answering the date question.
      const spanishDay = w === "el" && !day.ordinal && (ctx.expecting === "date" || !!ctx.month);
      if ((day.ordinal || spanishDay) && !describesNoun && (introduced || ctx.expecting === "date")) {
        // "in december, on the 5th": December's 5th, one date from the month to the day.
        const said = namedMonth;
        const inMonth = said?.type === "date" ? said.date.slice(0, 7) : undefined;
        if (said && inMonth && said === out[out.length - 1]) {
          const d = nextDayOfMonth(today, day.value, inMonth);
          out.pop();
          if (d) out.push({ type: "date", date: isoDate(d), ...spanOf(text, tokens, tokenAt(said), after - 1) });
        } else push(i, after - 1, nextDayOfMonth(today, day.value, ctx.month));
        namedMonth = undefined;
        i = after - 1;
      }
    }
  }
  // Numeric "12/5" (month/day, US order)
  for (const m of text.matchAll(/\b(1[0-2]|0?[1-9])\/(3[01]|[12]\d|0?[1-9])\b(?!\/\d)/g)) {
    const d = upcoming(today, Number(m[1]), Number(m[2]));
    if (d) out.push({ type: "date", date: isoDate(d), start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  // Typed with its year (chat, SMS): "1/15/2027", "1/15/27", "01-15-2027", and ISO "2027-01-15".
  for (const m of text.matchAll(/\b(1[0-2]|0?[1-9])([/-])(3[01]|[12]\d|0?[1-9])\2(\d{4}|\d{2})\b(?![/-]\d)/g)) {
    const year = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    const d = year >= 2000 ? validDay(year, Number(m[1]), Number(m[3])) : undefined;
    if (d) out.push({ type: "date", date: isoDate(d), start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  for (const m of text.matchAll(/\b(20\d\d)-(1[0-2]|0[1-9])-(3[01]|[12]\d|0[1-9])\b(?!-\d)/g)) {
    const d = validDay(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) out.push({ type: "date", date: isoDate(d), start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/**
 * The next time the month reaches this day (this month if still ahead, else next month); in `month`
 * ("YYYY-MM", a month the caller named without its day) when it is that month's and not past.
 */
function nextDayOfMonth(today: Date, day: number, month?: string): Date | undefined {
  if (month) {
    const named = validDay(Number(month.slice(0, 4)), Number(month.slice(5, 7)), day);
    if (named && named >= today) return named;
  }
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth() + 1;
  const thisMonth = validDay(y, m, day);
  if (thisMonth && thisMonth >= today) return thisMonth;
  for (let k = 1; k <= 3; k++) {
    const mm = ((m - 1 + k) % 12) + 1;
    const yy = y + Math.floor((m - 1 + k) / 12);
    const d = validDay(yy, mm, day);
    if (d) return d;
  }
  return undefined;
}
