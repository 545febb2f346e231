/**
 * How the simulated caller's answers look after speech recognition: lower case, numbers in words,
 * digits one by one, e-mails spelled, fillers. Written independently of the agent's own voice code
 * so the harness does not grade the engine with the engine's helpers.
 */
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
];
const ES_TENS = ["", "", "veinti", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];

export type Lang = "en" | "es";

/** 0–99 in words (sizes, prices are never said by the caller). */
export function numberWords(n: number, lang: Lang = "en"): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new RangeError(`numberWords: 0-99, got ${n}`);
  if (lang === "es") {
    if (n <= 20) return ES_ONES[n]!;
    const t = Math.floor(n / 10);
    const o = n % 10;
    if (t === 2) return `veinti${ES_ONES[o]}`;
    return o ? `${ES_TENS[t]} y ${ES_ONES[o]}` : ES_TENS[t]!;
  }
  if (n < 20) return ONES[n]!;
  const o = n % 10;
  return o ? `${TENS[Math.floor(n / 10)]} ${ONES[o]}` : TENS[Math.floor(n / 10)]!;
}

/** "10x15" → "ten by fifteen" / "diez por quince". */
export function sayUnitSize(size: string, lang: Lang = "en"): string {
  const [w, l] = size.split("x").map(Number);
  return `${numberWords(w!, lang)} ${lang === "es" ? "por" : "by"} ${numberWords(l!, lang)}`;
}

const DIGIT_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const DIGIT_ES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"];

/** "+15125550142" → "five one two five five five zero one four two" (national number, digit by digit). */
export function sayPhone(e164: string, lang: Lang = "en"): string {
  let d = e164.replace(/\D/g, "");
  if (d.length === 11 && d.startsWith("1")) d = d.slice(1);
  const names = lang === "es" ? DIGIT_ES : DIGIT_EN;
  return [...d].map((c) => names[Number(c)]).join(" ");
}

/** "K7M4PQ" → "k seven m four p q". */
export function sayCode(code: string, lang: Lang = "en"): string {
  const names = lang === "es" ? DIGIT_ES : DIGIT_EN;
  return [...code.toLowerCase()].map((c) => (/\d/.test(c) ? names[Number(c)] : c)).join(" ");
}

/** "john.smith@gmail.com" → "j o h n dot s m i t h at gmail dot com": the name spelled, the domain said. */
export function sayEmail(email: string, lang: Lang = "en"): string {
  const [local = "", domain = ""] = email.toLowerCase().split("@");
  const dot = lang === "es" ? "punto" : "dot";
  const at = lang === "es" ? "arroba" : "at";
  const spell = (part: string) =>
    [...part]
      .map((c) =>
        c === "."
          ? dot
          : c === "_"
            ? "underscore"
            : c === "-"
              ? "dash"
              : /\d/.test(c)
                ? (lang === "es" ? DIGIT_ES : DIGIT_EN)[Number(c)]
                : c,
      )
      .join(" ");
  return `${spell(local)} ${at} ${domain.split(".").join(` ${dot} `)}`;
}

const FILLERS = { en: ["um", "uh", "so", "yeah"], es: ["eh", "este", "pues", "mire"] } as const;

/** Prefixes a filler on some turns, deterministically (same scenario, same words). */
export function withFiller(text: string, turn: number, lang: Lang, enabled: boolean): string {
  if (!enabled || !text || turn % 3 !== 1) return text;
  const f = FILLERS[lang][Math.floor(turn / 3) % FILLERS[lang].length]!;
  return `${f} ${text}`;
}

export const YES = {
  en: ["yes", "yeah that's right", "yep", "yes please"],
  es: ["sí", "sí, correcto", "sí por favor"],
} as const;
export const NO = { en: ["no thanks", "no", "nope"], es: ["no gracias", "no"] } as const;
export const CLOSING = { en: "no that's all thanks bye", es: "no es todo gracias adiós" } as const;

export const pick = <T>(xs: readonly T[], turn: number): T => xs[turn % xs.length]!;
