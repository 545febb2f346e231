/**
 * Judging what the agent said: a fact is stated when it appears in any reply, in any written or
 * spoken form ("$159", "159 dollars", "one hundred fifty-nine dollars"; "9 AM", "nine a m"...).
 * Wording is never judged, only facts.
 */
import type { Fact } from "./format";

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/\s+/g, " ");

const WORD_VALUES: Record<string, number> = {
  zero: 0,
  oh: 0,
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
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const DIGIT_WORDS: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  cero: "0",
  uno: "1",
  dos: "2",
  tres: "3",
  cuatro: "4",
  cinco: "5",
  seis: "6",
  siete: "7",
  ocho: "8",
  nueve: "9",
};

/** English number words to a value: "one hundred fifty-nine" → 159, "two thousand" → 2000. */
export function wordsToNumber(words: string): number | null {
  const parts = words
    .toLowerCase()
    .replace(/-/g, " ")
    .split(/\s+/)
    .filter((w) => w && w !== "and");
  if (!parts.length) return null;
  let total = 0;
  let current = 0;
  for (const w of parts) {
    if (w in WORD_VALUES) current += WORD_VALUES[w]!;
    else if (w === "hundred") current = (current || 1) * 100;
    else if (w === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
    } else return null;
  }
  return total + current;
}

const NUM_WORD =
  "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|and)";
const SPOKEN_AMOUNT = new RegExp(
  `\\b((?:${NUM_WORD}[\\s-]+)*${NUM_WORD})\\s+dollars?(?:\\s+and\\s+((?:${NUM_WORD}[\\s-]+)*${NUM_WORD})\\s+cents?)?`,
  "gi",
);

/** Every money amount in a text, in cents. */
export function amountsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?/g))
    out.push(Number(m[1]!.replace(/,/g, "")) * 100 + Number(m[2] ?? 0));
  for (const m of text.matchAll(/\b(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?\s*(?:dollars?|d[oó]lares|usd)\b/gi))
    out.push(Number(m[1]!.replace(/,/g, "")) * 100 + Number(m[2] ?? 0));
  for (const m of text.matchAll(SPOKEN_AMOUNT)) {
    const d = wordsToNumber(m[1]!);
    const c = m[2] ? wordsToNumber(m[2]) : 0;
    if (d !== null && c !== null) out.push(d * 100 + c);
  }
  return out;
}

/** Spoken digits ("five one two") become digits; everything else stays. */
function digitsSpoken(text: string): string {
  return fold(text).replace(
    /\b(zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)\b/g,
    (w) => DIGIT_WORDS[w] ?? w,
  );
}

function digitRun(digits: string): RegExp {
  return new RegExp(`(?<![\\d])${[...digits].join("[\\s,.()-]*")}(?![\\d])`);
}

const MONTHS_EN = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTHS_ES = [
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
const ORD = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
  "twentieth",
  "twenty first",
  "twenty second",
  "twenty third",
  "twenty fourth",
  "twenty fifth",
  "twenty sixth",
  "twenty seventh",
  "twenty eighth",
  "twenty ninth",
  "thirtieth",
  "thirty first",
];

function dateMatches(iso: string, text: string): boolean {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const t = fold(text).replace(/-/g, " ");
  const en = MONTHS_EN[m - 1]!;
  const es = MONTHS_ES[m - 1]!;
  return (
    text.includes(iso) ||
    new RegExp(`\\b${en} ${d}(st|nd|rd|th)?\\b`).test(t) ||
    new RegExp(`\\b${en} (the )?${ORD[d]}\\b`).test(t) ||
    new RegExp(`\\b${d} de ${es}\\b`).test(t) ||
    new RegExp(`(?<![\\d/])${m}/${d}(/${y}|/${y % 100})?(?![\\d/])`).test(t)
  );
}

function timeMatches(hhmm: string, text: string): boolean {
  const [h, min] = hhmm.split(":").map(Number) as [number, number];
  const t = fold(text);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(min).padStart(2, "0");
  const ampm = h < 12 || h === 24 ? "a\\.? ?m\\.?" : "p\\.? ?m\\.?";
  const minutePart = min ? `:${mm}` : "(?::00)?";
  const forms = [
    new RegExp(`(?<![\\d:])${h12}${minutePart}\\s?${ampm}(?![a-z])`),
    new RegExp(`(?<![\\d:])0?${h}:${mm}(?![\\d])`),
    new RegExp(`\\b${numberWordEn(h12)}${min ? ` ${numberWordEn(min)}` : ""}\\s?${ampm}`),
    new RegExp(`(?<![\\d:])${h12}${minutePart} de la (manana|tarde|noche)`),
  ];
  if (h === 12 && min === 0) forms.push(/\bnoon\b|\bmediodia\b/);
  if ((h === 0 || h === 24) && min === 0) forms.push(/\bmidnight\b|\bmedianoche\b/);
  return forms.some((re) => re.test(t));
}

function numberWordEn(n: number): string {
  const names = Object.entries(WORD_VALUES).filter(([w]) => w !== "oh" && w !== "zero");
  if (n < 20) return names.find(([, v]) => v === n)?.[0] ?? String(n);
  const tens = names.find(([, v]) => v === Math.floor(n / 10) * 10)?.[0] ?? "";
  return n % 10 ? `${tens}[ -]${numberWordEn(n % 10)}` : tens;
}

function leafMatches(f: Exclude<Fact, { anyOf: unknown }>, text: string): boolean {
  if (f.price !== undefined) return amountsIn(text).includes(f.price);
  if (f.time !== undefined) return timeMatches(f.time, text);
  if (f.date !== undefined) return dateMatches(f.date, text);
  if (f.phone !== undefined) {
    const national = f.phone.replace(/\D/g, "").replace(/^1(?=\d{10}$)/, "");
    return digitRun(national).test(digitsSpoken(text));
  }
  if (f.digits !== undefined) return digitRun(f.digits).test(digitsSpoken(text));
  if (f.text !== undefined) return fold(text).includes(fold(f.text));
  if (f.pattern !== undefined) return new RegExp(f.pattern, "i").test(text);
  return false;
}

/** Whether one text states the fact. */
export function factIn(fact: Fact, text: string): boolean {
  return "anyOf" in fact && fact.anyOf
    ? fact.anyOf.some((f) => leafMatches(f, text))
    : leafMatches(fact as Exclude<Fact, { anyOf: unknown }>, text);
}

/** The first of `texts` stating the fact, or null. */
export function findFact(fact: Fact, texts: readonly string[]): string | null {
  return texts.find((t) => factIn(fact, t)) ?? null;
}

export function describeFact(fact: Fact): string {
  if ("anyOf" in fact && fact.anyOf) return fact.anyOf.map((f) => describeFact(f)).join(" or ");
  const [k, v] = Object.entries(fact).find(([, x]) => x !== undefined)!;
  return k === "price" ? `price $${(Number(v) / 100).toFixed(2)}` : `${k} "${String(v)}"`;
}
