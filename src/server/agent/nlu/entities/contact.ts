/** Phone numbers, card numbers, e-mail addresses and names, as callers speak or type them. */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

import { contentTokens } from "@/server/agent/voice/normalize";
import { digitWordValue, parseNumberAt } from "@/server/agent/voice/number-words";

import { digitRuns, luhnValid, type DigitRun } from "./digits";
import { COMMON_WORDS, spanOf, type Token } from "./token-utils";
import type { Entity, ExtractContext } from "./types";

/** Card numbers are 13–19 digits; phone numbers at most 11 (US) or 15 (E.164) but rarely read that long. */
const CARD_MIN = 13;
const CARD_MAX = 19;

/**
 * Words said between the chunks of one phone number ("555 123 and then 4567", "five five five dash
 * one two three", "555-123, the rest is 4567"); at most MAX_BRIDGE of them between two chunks.
 */
const CHUNK_BRIDGES = new Set([
  "and",
  "then",
  "dash",
  "hyphen",
  "the",
  "rest",
  "is",
  "it's",
  "after",
  "that",
  "next",
  "y",
  "luego",
  "guion",
  "despues",
  "después",
]);
const MAX_BRIDGE = 3;
/** A chunk of a number said in pieces: the area code, the exchange, the line or part of it. */
const MAX_CHUNK = 7;

const isPhoneLength = (digits: string) => digits.length === 10 || (digits.length === 11 && digits.startsWith("1"));

/**
 * Digit runs, with the chunks of one phone number joined when only bridge words stand between them
 * and together they make a phone number's 10 digits (11 with a leading 1).
 */
function phoneRuns(tokens: readonly Token[]): DigitRun[] {
  const runs = digitRuns(tokens);
  const bridged = (a: DigitRun, b: DigitRun) =>
    b.first - a.last - 1 <= MAX_BRIDGE && tokens.slice(a.last + 1, b.first).every((t) => CHUNK_BRIDGES.has(t.text));
  const out: DigitRun[] = [];
  for (let i = 0; i < runs.length; i++) {
    let digits = runs[i]!.digits;
    let j = i;
    // A US number never starts with 1 unless it is the country code: then it runs to 11 digits.
    const short = (d: string) => d.length < 10 || (d.length === 10 && d.startsWith("1"));
    while (
      short(digits) &&
      runs[i]!.digits.length <= MAX_CHUNK &&
      j + 1 < runs.length &&
      runs[j + 1]!.digits.length <= MAX_CHUNK &&
      bridged(runs[j]!, runs[j + 1]!)
    ) {
      j++;
      digits += runs[j]!.digits;
    }
    if (j > i && isPhoneLength(digits)) {
      out.push({ digits, first: runs[i]!.first, last: runs[j]!.last });
      i = j;
    } else out.push(runs[i]!);
  }
  return out;
}

export function extractPhonesAndCards(text: string, tokens: readonly Token[], ctx: ExtractContext): Entity[] {
  const out: Entity[] = [];
  for (const run of phoneRuns(tokens)) {
    const span = spanOf(text, tokens, run.first, run.last);
    if (run.digits.length >= CARD_MIN && run.digits.length <= CARD_MAX) {
      out.push({ type: "card_number", last4: run.digits.slice(-4), luhnValid: luhnValid(run.digits), ...span });
      continue;
    }
    if (run.digits.length !== 10 && !(run.digits.length === 11 && run.digits.startsWith("1"))) continue;
    const phone = parsePhoneNumberFromString(run.digits, (ctx.defaultCountry ?? "US") as CountryCode);
    if (phone?.isPossible()) out.push({ type: "phone", e164: phone.number, ...span });
  }
  return out;
}

/**
 * Replace every card number (13–19 digits, typed or spoken, with any separators) by "[card number]" so it
 * never reaches the database, a log or a model. Phone numbers and short numbers are left alone.
 */
export function redactCardNumbers(text: string): string {
  const tokens = contentTokens(text);
  const spans = digitRuns(tokens)
    .filter((r) => r.digits.length >= CARD_MIN && r.digits.length <= CARD_MAX)
    .map((r) => [tokens[r.first]!.start, tokens[r.last]!.end] as const);
  let out = text;
  for (const [start, end] of spans.reverse()) out = `${out.slice(0, start)}[card number]${out.slice(end)}`;
  return out;
}

const TLDS = new Set([
  "com",
  "net",
  "org",
  "edu",
  "gov",
  "io",
  "co",
  "us",
  "mx",
  "es",
  "info",
  "biz",
  "me",
  "ca",
  "uk",
  "app",
  "dev",
]);
const LOCAL_STOP = new Set([
  "is",
  "my",
  "email",
  "e",
  "mail",
  "address",
  "it's",
  "its",
  "it",
  "the",
  "and",
  "to",
  "me",
  "send",
  "use",
  "at",
  "that's",
  "yeah",
  "sure",
  "ok",
  "okay",
  "correo",
  "electronico",
  "es",
  "mi",
  "um",
  "uh",
  "so",
  "yes",
  "si",
  "reach",
  "contact",
  "try",
  "under",
  "be",
  "would",
  "could",
  "i",
  "you",
  "can",
  "an",
]);
const SYMBOL_WORDS: Record<string, string> = {
  dot: ".",
  period: ".",
  punto: ".",
  underscore: "_",
  dash: "-",
  hyphen: "-",
  guion: "-",
  plus: "+",
};

/** A single spelled letter, or a spoken symbol between spelled letters ("w h i t dot f"). */
const isSpelledPiece = (w: string | undefined) =>
  w !== undefined && (/^[a-z0-9]$/.test(w) || SYMBOL_WORDS[w] !== undefined);

/**
 * Stop words end the local part, except single letters that collide with them ("e", "i", "a" in
 * "w h i t f i e l d", "es" in Spanish) when they sit among other spelled letters before the "at".
 */
function isLocalStop(words: readonly string[], i: number, at: number): boolean {
  const w = words[i]!;
  if (!LOCAL_STOP.has(w)) return false;
  if (!/^[a-z]$/.test(w)) return true;
  if (w === "e" && /^-?mail$/.test(words[i + 1] ?? "")) return true; // "e mail"
  const after = i + 1 < at ? words[i + 1] : undefined;
  return !(isSpelledPiece(after) || (after === undefined && isSpelledPiece(words[i - 1])));
}

function localPiece(w: string): string | undefined {
  if (SYMBOL_WORDS[w] !== undefined) return SYMBOL_WORDS[w];
  const d = digitWordValue(w);
  if (d !== undefined && !/^\d$/.test(w) && w !== "o") return String(d);
  if (/^[a-z0-9][a-z0-9._+-]*$/.test(w)) return w;
  return undefined;
}

export function extractEmails(text: string, tokens: readonly Token[]): Entity[] {
  const out: Entity[] = [];
  // Typed addresses first: exact, and their tokens are skipped by the spoken pass.
  const typed: [number, number][] = [];
  for (const m of text.matchAll(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g)) {
    typed.push([m.index, m.index + m[0].length]);
    out.push({ type: "email", email: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  const words = tokens.map((t) => t.text);
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    if (w !== "at" && w !== "arroba" && w !== "@") continue;
    if (typed.some(([s, e]) => tokens[k]!.start >= s && tokens[k]!.end <= e)) continue;
    // Domain: word [dot word]* ending in a known TLD.
    const domain: string[] = [];
    let j = k + 1;
    if (words[j] === "sign") j++; // "at sign"
    let ok = false;
    while (j < words.length) {
      const part = words[j]!;
      if (!/^[a-z0-9-]+$/.test(part) || SYMBOL_WORDS[part] === ".") break;
      domain.push(part);
      if (
        (words[j + 1] === "dot" || words[j + 1] === "punto" || words[j + 1] === "period") &&
        words[j + 2] !== undefined
      ) {
        domain.push(".");
        j += 2;
        continue;
      }
      ok = domain.length >= 3 && TLDS.has(part);
      break;
    }
    if (!ok) continue;
    // Local part: walk back from "at" over letters, words, digits and symbol words, then read it forwards
    // so number words combine ("lee twenty one" → "lee21").
    let i = k - 1;
    while (i >= 0 && k - i <= 40 && !isLocalStop(words, i, k) && localPiece(words[i]!) !== undefined) i--;
    const local: string[] = [];
    for (let p = i + 1; p < k;) {
      const n =
        SYMBOL_WORDS[words[p]!] === undefined && !/^[a-z]$|^\d+$/.test(words[p]!)
          ? parseNumberAt(words.slice(0, k), p)
          : undefined;
      if (n && !n.ordinal) {
        local.push(String(n.value));
        p += n.consumed;
      } else {
        local.push(localPiece(words[p]!)!);
        p++;
      }
    }
    while (local[0] === "." || local[0] === "-" || local[0] === "_") local.shift();
    if (local.length === 0) continue;
    const email = `${local.join("")}@${domain.join("")}`;
    if (!/^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(email)) continue;
    out.push({ type: "email", email, ...spanOf(text, tokens, i + 1, j) });
    k = j;
  }
  return out;
}

/**
 * What introduces a name. A strong trigger always does; a weak one only when the name ends the phrase
 * (or a follower comes next) or a name was asked for; `askedOnly` ones only when a name was asked for
 * ("its mike o'brien", as speech recognition writes "it's": "its" starts too many other sentences).
 */
const NAME_TRIGGERS: { words: string[]; strong: boolean; askedOnly?: boolean }[] = [
  { words: ["my", "name", "is"], strong: true },
  { words: ["my", "name's"], strong: true },
  { words: ["name", "is"], strong: true },
  { words: ["name's"], strong: true },
  { words: ["the", "name", "is"], strong: true },
  { words: ["under", "the", "name", "of"], strong: true },
  { words: ["under", "the", "name"], strong: true },
  { words: ["last", "name", "is"], strong: true },
  { words: ["first", "name", "is"], strong: true },
  { words: ["first", "name"], strong: true },
  { words: ["me", "llamo"], strong: true },
  { words: ["mi", "nombre", "es"], strong: true },
  { words: ["this", "is"], strong: false },
  { words: ["it's"], strong: false },
  { words: ["its"], strong: false, askedOnly: true },
  { words: ["it", "is"], strong: false },
  { words: ["i'm"], strong: false },
  { words: ["i", "am"], strong: false },
  { words: ["soy"], strong: false },
  { words: ["call", "me"], strong: false },
];

/** Weak triggers after which a capitalised name counts wherever the sentence goes ("It's Cold in there?" does not). */
const CASED_TRIGGERS = new Set(["this is", "i'm", "i am", "soy"]);

/**
 * Words that may follow a self-introduction: "this is bob calling about", "i'm ana and i need",
 * "this is sam ortiz can the manager call me back".
 */
const NAME_FOLLOWERS = new Set([
  "and",
  "by", // "this is jordan pike by the way"
  "btw",
  "i'll",
  "just",
  "can",
  "could",
  "would",
  "please",
  "about",
  "calling",
  "here",
  "from",
  "with",
  "speaking",
  "again",
  "so",
  "i",
  "i'm",
  "i'd",
  "my",
  "y",
  "de",
]);

/** Verb forms ("suing", "injured") are states, not names; short ones (Ted, Ed) are left alone. */
const looksLikeVerbForm = (w: string) => w.length > 4 && /(ing|ed)$/.test(w);
const isNameWord = (w: string) =>
  /^[a-z][a-z'-]*$/.test(w) && w.length >= 2 && !COMMON_WORDS.has(w) && !looksLikeVerbForm(w);
/** Months that are also given names (nameAt). */
const NAME_MONTHS = new Set(["april", "may", "june"]);
const DAY_WORD =
  /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|first|second|third|fifth|eighth|ninth|twelfth|\w+(teen|th))$/;
const titleCase = (s: string) => s.replace(/(^|[\s'-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());

/** Surname particles ("jose de la cruz", "anna van der berg"): kept lower case, and not counted as words. */
const PARTICLES = new Set([
  "de",
  "del",
  "della",
  "la",
  "las",
  "los",
  "van",
  "der",
  "den",
  "von",
  "da",
  "di",
  "du",
  "le",
  "st",
]);

/**
 * Collect up to three name words starting at i; single spelled letters ("s m i t h") are joined.
 * With `particles` (a name was asked for, or a strong trigger introduced it), surname particles
 * between name words belong to the name; otherwise "soy juan de austin" would be a surname.
 */
function nameAt(words: readonly string[], i: number, particles = false): { name: string; last: number } | undefined {
  const parts: string[] = [];
  let j = i;
  while (j < words.length && parts.filter((p) => !PARTICLES.has(p)).length < 3) {
    if (particles && parts.length > 0 && PARTICLES.has(words[j]!)) {
      let k = j;
      while (k < words.length && PARTICLES.has(words[k]!)) k++;
      if (k < words.length && k - j <= 2 && isNameWord(words[k]!)) {
        parts.push(...words.slice(j, k));
        j = k;
        continue;
      }
      break;
    }
    if (words[j]!.length === 1 && /[a-z]/.test(words[j]!) && words[j] !== "a" && words[j] !== "i") {
      let spelled = "";
      let k = j;
      while (k < words.length && words[k]!.length === 1 && /[a-z]/.test(words[k]!)) spelled += words[k++];
      // "maria lopez, l o p e z" spells a word already said: it confirms it, it is not another name.
      if (spelled.length >= 2) {
        if (!parts.includes(spelled)) parts.push(spelled);
        j = k;
        continue;
      }
      // One letter is not part of the name: "soy pedro garcia y quiero …" ends at "garcia".
      break;
    }
    // April, May and June are first names too: one counts where a name was asked for or introduced
    // ("my name is"), when a surname follows it ("april jones", "may lee"); never alone ("june" is a
    // month, "may i" a question) nor before a day ("june twentieth").
    const next = words[j + 1] ?? "";
    const monthName =
      particles && parts.length === 0 && NAME_MONTHS.has(words[j]!) && isNameWord(next) && !DAY_WORD.test(next);
    if (!monthName && !isNameWord(words[j]!)) break;
    parts.push(words[j]!);
    j++;
  }
  if (parts.length === 0) return undefined;
  return { name: parts.map((p) => (PARTICLES.has(p) ? p : titleCase(p))).join(" "), last: j - 1 };
}

export function extractNames(text: string, tokens: readonly Token[], ctx: ExtractContext): Entity[] {
  const words = tokens.map((t) => t.text);
  const written = (k: number) => text.slice(tokens[k]!.start, tokens[k]!.end);
  // "This is Maria Lopez, looking for a 10x10": a name written with capitals (chat, or a transcript
  // that capitalises) after a weak trigger is one wherever the sentence goes next, when it ends at a
  // pause or a lower-case word ("This is Oak Street Storage?" runs on into capitals: not a name).
  const cased = (k: number) => PARTICLES.has(words[k]!) || /^[A-Z]/.test(written(k));
  const capitalisedName = (at: number) => {
    const found = nameAt(words, at, true);
    if (!found || !/[a-z]/.test(text) || !cased(at)) return undefined;
    let last = at;
    while (last < found.last && cased(last + 1)) last++;
    const ends =
      last === words.length - 1 ||
      /[,.;:!?]/.test(text.slice(tokens[last]!.end, tokens[last + 1]!.start)) ||
      !/^[A-Z]/.test(written(last + 1));
    return ends ? nameAt(words.slice(0, last + 1), at, true) : undefined;
  };
  for (let i = 0; i < words.length; i++) {
    for (const trig of NAME_TRIGGERS) {
      if (!trig.words.every((w, k) => words[i + k] === w)) continue;
      if (trig.askedOnly && ctx.expecting !== "name") continue;
      const at = i + trig.words.length;
      // Weak triggers ("it's", "i'm") need the next word to look like a name and the phrase to end soon
      // after, or a question that asked for a name: "i'm looking for a unit" is not a name.
      let found = nameAt(words, at, trig.strong || ctx.expecting === "name");
      if (!found) continue;
      if (
        !trig.strong &&
        ctx.expecting !== "name" &&
        found.last < words.length - 1 &&
        !NAME_FOLLOWERS.has(words[found.last + 1]!)
      ) {
        const written = CASED_TRIGGERS.has(trig.words.join(" ")) ? capitalisedName(at) : undefined;
        if (!written) continue;
        found = written;
      }
      return [{ type: "name", name: found.name, ...spanOf(text, tokens, at, found.last) }];
    }
  }
  // A first and last name written with capitals and nothing else, said where a date, number or e-mail
  // was asked ("Dana Whitfield" to "What day would you like to move in?"): the caller answered the
  // question they expected next. Every word capitalised and a name word, so "Next Friday" is not one.
  if (
    (ctx.expecting === "date" || ctx.expecting === "phone" || ctx.expecting === "email") &&
    words.length >= 2 &&
    words.length <= 3 &&
    words.every((_, k) => /^[A-Z]/.test(written(k)))
  ) {
    const found = nameAt(words, 0);
    if (found && found.last === words.length - 1 && found.name.split(" ").length === words.length)
      return [{ type: "name", name: found.name, ...spanOf(text, tokens, 0, found.last) }];
  }
  // A bare name: at most three words and particles (nameAt's limit), or letters spelling them out;
  // a first and last name may run on into the rest of the answer ("sam ortiz and i want to know …").
  if (ctx.expecting === "name" && words.length > 0) {
    const found = nameAt(words, 0, true);
    const runsOn =
      found && found.last < words.length - 1 && found.last >= 1 && NAME_FOLLOWERS.has(words[found.last + 1]!);
    if (found && ((found.last === words.length - 1 && words.length <= 16) || runsOn))
      return [{ type: "name", name: found.name, ...spanOf(text, tokens, 0, found.last) }];
  }
  return [];
}
