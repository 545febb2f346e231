/**
 * Number words in both directions, for speech-recognition text in and speech-engine text out.
 * English first; the Spanish tables cover what callers say about sizes, dates and prices.
 */

const EN_UNITS: Record<string, number> = {
  zero: 0,
  oh: 0,
  o: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const EN_TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const ES_UNITS: Record<string, number> = {
  cero: 0,
  uno: 1,
  una: 1,
  un: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  dieciséis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiuno: 21,
  veintidos: 22,
  veintidós: 22,
  veintitres: 23,
  veintitrés: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintiséis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
};
const ES_TENS: Record<string, number> = {
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
};

const EN_ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
};
const ES_ORDINALS: Record<string, number> = { primero: 1, "1ro": 1, "1º": 1 };

/** Value of a single cardinal number word ("fifteen", "quince"), or undefined. "oh"/"o" are digit-only. */
export function cardinalWordValue(word: string): number | undefined {
  return EN_UNITS[word] ?? EN_TENS[word] ?? ES_UNITS[word] ?? ES_TENS[word];
}

/** Value of one spoken digit ("five", "oh", "nine", "5"), or undefined. Used for digit-by-digit phone numbers. */
export function digitWordValue(word: string): number | undefined {
  if (/^\d$/.test(word)) return Number(word);
  const v = EN_UNITS[word] ?? ES_UNITS[word];
  return v !== undefined && v < 10 && word !== "un" && word !== "una" ? v : undefined;
}

/** Ordinal value of "fifth", "15th", "twenty-first" parts already joined by the caller. */
export function ordinalWordValue(word: string): number | undefined {
  const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(word);
  if (m) return Number(m[1]);
  return EN_ORDINALS[word] ?? ES_ORDINALS[word];
}

export type ParsedNumber = { value: number; consumed: number; ordinal: boolean };

/**
 * Parse a number phrase at tokens[i]: "twenty five", "a hundred and fifty", "twenty first", "15", "15th",
 * "treinta y dos". Adjacent single digits ("five one") are NOT merged: callers read digits one by one.
 */
export function parseNumberAt(tokens: readonly string[], i: number): ParsedNumber | undefined {
  const first = tokens[i];
  if (first === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(first)) return { value: Number(first), consumed: 1, ordinal: false };
  const ord = ordinalWordValue(first);
  if (ord !== undefined) return { value: ord, consumed: 1, ordinal: true };

  let total = 0;
  let current = 0;
  let j = i;
  let seen = false;
  let lastKind: "unit" | "tens" | "teen" | "hundred" | null = null;
  while (j < tokens.length) {
    const w = tokens[j]!;
    if ((w === "a" || w === "an") && !seen && (tokens[j + 1] === "hundred" || tokens[j + 1] === "thousand")) {
      current = 1;
      j++;
      seen = true;
      lastKind = "unit";
      continue;
    }
    if ((w === "and" || w === "y") && seen && lastKind !== null) {
      // "a hundred and fifty", "treinta y dos": only continue when a number follows.
      const next = tokens[j + 1];
      if (next !== undefined && cardinalWordValue(next) !== undefined && next !== "oh" && next !== "o") {
        j++;
        continue;
      }
      break;
    }
    if (w === "hundred" || w === "cien" || w === "ciento") {
      current = (current || 1) * 100;
      j++;
      seen = true;
      lastKind = "hundred";
      continue;
    }
    if (w === "thousand" || w === "mil") {
      total += (current || 1) * 1000;
      current = 0;
      j++;
      seen = true;
      lastKind = "hundred";
      continue;
    }
    const tens = EN_TENS[w] ?? ES_TENS[w];
    if (tens !== undefined) {
      if (lastKind === "tens" || lastKind === "unit" || lastKind === "teen") break;
      current += tens;
      j++;
      seen = true;
      lastKind = "tens";
      continue;
    }
    if (lastKind === "tens") {
      // "twenty first" → 21st
      const o = EN_ORDINALS[w];
      if (o !== undefined && o < 10) return { value: total + current + o, consumed: j - i + 1, ordinal: true };
    }
    if (w === "oh" || w === "o") break; // digit-only words never form a cardinal
    const unit = EN_UNITS[w] ?? ES_UNITS[w];
    if (unit !== undefined) {
      if (lastKind === "unit" || lastKind === "teen") break;
      if (lastKind === "tens" && unit >= 10) break;
      current += unit;
      j++;
      seen = true;
      lastKind = unit >= 10 ? "teen" : "unit";
      continue;
    }
    break;
  }
  if (!seen) return undefined;
  return { value: total + current, consumed: j - i, ordinal: false };
}

const ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** 49 → "forty-nine", 1250 → "one thousand two hundred fifty". Non-negative integers below a billion. */
export function numberToWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e9) throw new RangeError(`numberToWords: unsupported ${n}`);
  if (n < 20) return ONES[n]!;
  if (n < 100) return TENS[Math.floor(n / 10)]! + (n % 10 ? `-${ONES[n % 10]}` : "");
  if (n < 1000) return `${ONES[Math.floor(n / 100)]} hundred` + (n % 100 ? ` ${numberToWords(n % 100)}` : "");
  if (n < 1e6)
    return `${numberToWords(Math.floor(n / 1000))} thousand` + (n % 1000 ? ` ${numberToWords(n % 1000)}` : "");
  return `${numberToWords(Math.floor(n / 1e6))} million` + (n % 1e6 ? ` ${numberToWords(n % 1e6)}` : "");
}

const ES_ONES = [
  "cero",
  "uno",
  "dos",
  "tres",
  "cuatro",
  "cinco",
  "seis",
  "siete",
  "ocho",
  "nueve",
  "diez",
  "once",
  "doce",
  "trece",
  "catorce",
  "quince",
  "dieciséis",
  "diecisiete",
  "dieciocho",
  "diecinueve",
  "veinte",
  "veintiuno",
  "veintidós",
  "veintitrés",
  "veinticuatro",
  "veinticinco",
  "veintiséis",
  "veintisiete",
  "veintiocho",
  "veintinueve",
];
const ES_TENS_W = ["", "", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
const ES_HUNDREDS = [
  "",
  "ciento",
  "doscientos",
  "trescientos",
  "cuatrocientos",
  "quinientos",
  "seiscientos",
  "setecientos",
  "ochocientos",
  "novecientos",
];

/** 49 → "cuarenta y nueve", 100 → "cien", 1500 → "mil quinientos". */
export function numberToSpanishWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 1e6) throw new RangeError(`numberToSpanishWords: unsupported ${n}`);
  if (n < 30) return ES_ONES[n]!;
  if (n < 100) return ES_TENS_W[Math.floor(n / 10)]! + (n % 10 ? ` y ${ES_ONES[n % 10]}` : "");
  if (n === 100) return "cien";
  if (n < 1000) return ES_HUNDREDS[Math.floor(n / 100)]! + (n % 100 ? ` ${numberToSpanishWords(n % 100)}` : "");
  const thousands = Math.floor(n / 1000);
  const head = thousands === 1 ? "mil" : `${numberToSpanishWords(thousands)} mil`;
  return head + (n % 1000 ? ` ${numberToSpanishWords(n % 1000)}` : "");
}

/** 1 → "1st", 22 → "22nd", 13 → "13th". */
export function ordinalSuffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  return `${n}${({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}
