/**
 * Text normalisation OUT: reply text rewritten the way a speech engine says it well. Prices arrive
 * in integer cents; dates as ISO calendar dates; times as "HH:MM" (24 h); phones as E.164.
 */
import { stripMarkdown } from "./markdown";
import { numberToSpanishWords, numberToWords, ordinalSuffix } from "./number-words";

export type SpeechLanguage = "en" | "es";

/** 4900 → "forty-nine dollars"; 100 → "one dollar"; 1250 → "twelve dollars and fifty cents". */
export function speakPrice(cents: number, lang: SpeechLanguage = "en"): string {
  if (!Number.isInteger(cents) || cents < 0)
    throw new RangeError(`speakPrice: cents must be a non-negative integer, got ${cents}`);
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  if (lang === "es") {
    const d = `${esApocope(numberToSpanishWords(dollars))} ${dollars === 1 ? "dólar" : "dólares"}`;
    if (rest === 0) return d;
    const c = `${esApocope(numberToSpanishWords(rest))} ${rest === 1 ? "centavo" : "centavos"}`;
    return dollars === 0 ? c : `${d} con ${c}`;
  }
  const d = `${numberToWords(dollars)} ${dollars === 1 ? "dollar" : "dollars"}`;
  if (rest === 0) return d;
  const c = `${numberToWords(rest)} ${rest === 1 ? "cent" : "cents"}`;
  return dollars === 0 ? c : `${d} and ${c}`;
}

/** Before a noun Spanish shortens "uno": "un dólar", "veintiún dólares", "treinta y un centavos". */
function esApocope(words: string): string {
  return words.replace(/veintiuno$/, "veintiún").replace(/uno$/, "un");
}

/** (10, 15) → "ten by fifteen"; Spanish "diez por quince". */
export function speakSize(width: number, length: number, lang: SpeechLanguage = "en"): string {
  return lang === "es"
    ? `${numberToSpanishWords(width)} por ${numberToSpanishWords(length)}`
    : `${numberToWords(width)} by ${numberToWords(length)}`;
}

const EN_DIGITS = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const ES_DIGITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];

/** "+15105550123" → "five one oh, five five five, oh one two three" (the pauses are the commas). */
export function speakPhone(phone: string, lang: SpeechLanguage = "en"): string {
  let digits = phone.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("1")) digits = digits.slice(1);
  const names = lang === "es" ? ES_DIGITS : EN_DIGITS;
  const say = (s: string) => [...s].map((d) => names[Number(d)]).join(" ");
  if (digits.length === 10) return [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)].map(say).join(", ");
  if (digits.length === 7) return [digits.slice(0, 3), digits.slice(3)].map(say).join(", ");
  return say(digits);
}

/** "K7M4" → "K, 7, M, 4": one character at a time so nothing is misheard. */
export function speakCode(code: string): string {
  return [...code.replace(/[^A-Za-z0-9]/g, "").toUpperCase()].join(", ");
}

const EN_WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const EN_MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const ES_WEEKDAYS = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];
const ES_MONTHS = [
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "octubre",
  "noviembre",
  "diciembre",
];

/** "2026-12-05" → "Saturday, December 5th"; Spanish "sábado 5 de diciembre". */
export function speakDate(isoDate: string, lang: SpeechLanguage = "en"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`speakDate: expected YYYY-MM-DD, got ${isoDate}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const day = d.getUTCDate();
  if (lang === "es") return `${ES_WEEKDAYS[d.getUTCDay()]} ${day} de ${ES_MONTHS[d.getUTCMonth()]}`;
  return `${EN_WEEKDAYS[d.getUTCDay()]}, ${EN_MONTHS[d.getUTCMonth()]} ${ordinalSuffix(day)}`;
}

/** "09:00" → "9 AM", "17:30" → "5:30 PM", "12:00" → "noon"; Spanish "9 de la mañana". */
export function speakTime(hhmm: string, lang: SpeechLanguage = "en"): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`speakTime: expected HH:MM, got ${hhmm}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59) throw new RangeError(`speakTime: invalid time ${hhmm}`);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const clock = min ? `${h12}:${m[2]}` : `${h12}`;
  if (lang === "es") {
    const part = h < 12 || h === 24 ? "de la mañana" : h < 19 ? "de la tarde" : "de la noche";
    return h === 12 && min === 0 ? "mediodía" : `${clock} ${part}`;
  }
  if (h === 12 && min === 0) return "noon";
  if ((h === 0 || h === 24) && min === 0) return "midnight";
  return `${clock} ${h < 12 || h === 24 ? "AM" : "PM"}`;
}

const STREET_SUFFIXES: Record<string, string> = {
  Dr: "Drive",
  St: "Street",
  Ave: "Avenue",
  Blvd: "Boulevard",
  Rd: "Road",
  Ln: "Lane",
  Hwy: "Highway",
  Pkwy: "Parkway",
  Ct: "Court",
  Pl: "Place",
  Cir: "Circle",
  Ste: "Suite",
  Fwy: "Freeway",
  Expy: "Expressway",
};
const US_STATES: Record<string, string> = {
  AL: "Alabama",
  AK: "Alaska",
  AZ: "Arizona",
  AR: "Arkansas",
  CA: "California",
  CO: "Colorado",
  CT: "Connecticut",
  DE: "Delaware",
  DC: "D.C.",
  FL: "Florida",
  GA: "Georgia",
  HI: "Hawaii",
  ID: "Idaho",
  IL: "Illinois",
  IN: "Indiana",
  IA: "Iowa",
  KS: "Kansas",
  KY: "Kentucky",
  LA: "Louisiana",
  ME: "Maine",
  MD: "Maryland",
  MA: "Massachusetts",
  MI: "Michigan",
  MN: "Minnesota",
  MS: "Mississippi",
  MO: "Missouri",
  MT: "Montana",
  NE: "Nebraska",
  NV: "Nevada",
  NH: "New Hampshire",
  NJ: "New Jersey",
  NM: "New Mexico",
  NY: "New York",
  NC: "North Carolina",
  ND: "North Dakota",
  OH: "Ohio",
  OK: "Oklahoma",
  OR: "Oregon",
  PA: "Pennsylvania",
  RI: "Rhode Island",
  SC: "South Carolina",
  SD: "South Dakota",
  TN: "Tennessee",
  TX: "Texas",
  UT: "Utah",
  VT: "Vermont",
  VA: "Virginia",
  WA: "Washington",
  WV: "West Virginia",
  WI: "Wisconsin",
  WY: "Wyoming",
  PR: "Puerto Rico",
};

/** A US house number as people say it: 1200 → "twelve hundred", 1205 → "twelve oh five", 450 → "four fifty". */
export function speakHouseNumber(n: string): string {
  const pair = (s: string) =>
    s === "00" ? "hundred" : s.startsWith("0") ? `oh ${EN_DIGITS[Number(s[1])]}` : numberToWords(Number(s));
  if (n.length === 4 && !n.startsWith("0") && !n.startsWith("10"))
    return `${numberToWords(Number(n.slice(0, 2)))} ${pair(n.slice(2))}`;
  if (n.length === 3 && !n.startsWith("0")) return `${numberToWords(Number(n[0]))} ${pair(n.slice(1))}`;
  return numberToWords(Number(n));
}

/**
 * Street addresses, which speech engines read badly: "1200 Lakeshore Dr, Austin, TX 78746" is said
 * "twelve hundred Lakeshore Drive, Austin, Texas, seven eight seven four six" (a ZIP code digit by
 * digit, never "seventy-eight thousand…"; "Dr" as Drive, not Doctor; "TX" as Texas).
 */
function speakAddresses(text: string, lang: SpeechLanguage): string {
  const digits = lang === "es" ? ES_DIGITS : EN_DIGITS;
  return text
    .replace(
      /\b(\d{3,5})(\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'-]*\s+){1,4})(?=(?:Dr|St|Ave|Blvd|Rd|Ln|Hwy|Pkwy|Ct|Pl|Cir|Fwy|Expy)\b)/g,
      (_, n: string, rest: string) => `${lang === "es" ? n : speakHouseNumber(n)}${rest}`,
    )
    .replace(
      /(?<=\b[A-Z][\w'-]*\s)(Dr|St|Ave|Blvd|Rd|Ln|Hwy|Pkwy|Ct|Pl|Cir|Ste|Fwy|Expy)\b(?!\w)/g,
      (_, w: string) => STREET_SUFFIXES[w]!,
    )
    .replace(/\b([A-Z]{2}),?\s+(\d{5})(?:-(\d{4}))?\b/g, (m: string, st: string, zip: string, plus?: string) =>
      US_STATES[st] ? `${US_STATES[st]}, ${[...zip, ...(plus ?? "")].map((d) => digits[Number(d)]).join(" ")}` : m,
    );
}

/**
 * Rewrite a whole reply for text-to-speech: "$49.00" → "forty-nine dollars", "10x15" → "ten by fifteen",
 * "(510) 555-0123" → grouped digits, "09:00" → "9 AM", "2026-12-05" → "Saturday, December 5th",
 * "code K7M4" → "code K, 7, M, 4", "+15125550100" → grouped digits, street addresses (see speakAddresses),
 * and markdown stripped.
 */
export function toSpeakable(text: string, lang: SpeechLanguage = "en"): string {
  return speakAddresses(stripMarkdown(text), lang)
    .replace(/\/(mo|month)\b/g, lang === "es" ? " al mes" : " per month")
    .replace(/\$(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{2}))?/g, (_, d: string, c?: string) =>
      speakPrice(Number(d.replace(/,/g, "")) * 100 + Number(c ?? 0), lang),
    )
    .replace(/\b(\d{1,2}) ?[x×] ?(\d{1,2})\b/g, (_, a: string, b: string) => speakSize(Number(a), Number(b), lang))
    .replace(/\+1(\d{10})\b/g, (_, d: string) => speakPhone(d, lang))
    .replace(/(?:\+?1[\s.-]?)?\(?\b(\d{3})\)?[\s.-]?(\d{3})[\s.-](\d{4})\b/g, (_, a: string, b: string, c: string) =>
      speakPhone(a + b + c, lang),
    )
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (_, d: string) => speakDate(d, lang))
    .replace(/\b([01]?\d|2[0-4]):([0-5]\d)\b/g, (t: string) => speakTime(t, lang))
    .replace(
      /\b(code|confirmation|confirmación|código)(:?\s+(?:is\s+|es\s+)?)([A-Z0-9]{4,10})\b/g,
      (_, w: string, sep: string, code: string) =>
        /\d/.test(code) || /^[A-Z]+$/.test(code) ? `${w}${sep}${speakCode(code)}` : `${w}${sep}${code}`,
    );
}

export { stripMarkdown } from "./markdown";
export { formatForSms } from "./sms-text";
