/** Phone numbers, card numbers, e-mail addresses and names, as callers speak or type them. */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

import { contentTokens } from "@/server/agent/voice/normalize";
import { digitWordValue, parseNumberAt } from "@/server/agent/voice/number-words";

import { digitRuns, luhnValid, type DigitRun } from "./digits";
import { FIRST_NAMES } from "./first-names";
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
  { words: ["last", "name"], strong: true },
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

/**
 * Greetings and fillers that may come before "this is" at the start of a message ("hi, this is …",
 * "yeah hello this is …"): there it introduces the caller, where "this is urgent" later in a sentence does not.
 */
const OPENERS = new Set([
  "hi",
  "hello",
  "hey",
  "hiya",
  "yes",
  "yeah",
  "yep",
  "ok",
  "okay",
  "oh",
  "so",
  "well",
  "good",
  "morning",
  "afternoon",
  "evening",
  "there",
]);

/**
 * What may come after a name said in passing in lower case, where no capitals show where it ends
 * ("this is maria lopez looking for a 10x10", "i'm john smith need a unit asap").
 */
const INTRO_CONTINUATIONS = new Set([
  ...NAME_FOLLOWERS,
  "looking",
  "need",
  "needs",
  "needing",
  "want",
  "wants",
  "wanted",
  "wanting",
  "interested",
  "inquiring",
  "asking",
  "wondering",
  "checking",
  "hoping",
  "trying",
  "texting",
  "reaching",
  "writing",
  "regarding",
  "re",
  "have",
  "had",
  "got",
  "was",
  "who",
  "im",
]);

/** Adverbs and slang that are no names after "i'm" ("i'm honestly confused", "i'm hella stressed"). */
const looksLikeAdverb = (w: string) =>
  w.length > 5 && /(ally|ently|antly|ously|ively|fully|ately|estly|essly)$/.test(w);
const NOT_NAMES_IN_PASSING = new Set(["kinda", "sorta", "super", "hella", "legit", "lowkey", "totes", "like"]);

/** Verb forms ("suing", "injured") are states, not names; short ones (Ted, Ed) are left alone. */
const looksLikeVerbForm = (w: string) => w.length > 4 && /(ing|ed)$/.test(w);
const isNameWord = (w: string) =>
  /^[a-z][a-z'-]*$/.test(w) && w.length >= 2 && !COMMON_WORDS.has(w) && !looksLikeVerbForm(w);
/** Given names that are also months or everyday words (nameAt): "April Jones", "Will Price". */
const FIRST_NAME_WORDS = new Set(["april", "may", "june", "august", "will"]);
/**
 * Surnames that are also everyday words ("Dana Owner", "Will Price", "Ann Street"): one ends a name
 * after a first name, where a name was asked for or introduced ("it's dana owner"), but not when more
 * follows it ("dana owner of the business" is Dana).
 */
const SURNAME_WORDS = new Set([
  "owner",
  "price",
  "street",
  "good",
  "fine",
  "small",
  "early",
  "nurse",
  "may",
  "march",
  "august",
  "friday",
]);
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
 * "soy María de la Cruz", "soy ana del río": after the weak "soy", "de la", "de las", "de los" or
 * "del" and one name word is a surname, where a bare "de" says where the caller is from ("soy juan de
 * austin"). The name must end there (the end, a pause, or what follows an introduction, "y quiero…"):
 * "soy juan de la ciudad de méxico" is from Mexico City.
 */
function articledSurname(
  words: readonly string[],
  at: number,
  given: { name: string; last: number },
  pauseAfter: (k: number) => boolean,
): { name: string; last: number } | undefined {
  const k = given.last + 1;
  const run = words[k] === "del" ? 1 : words[k] === "de" && ["la", "las", "los"].includes(words[k + 1] ?? "") ? 2 : 0;
  if (!run) return undefined;
  const end = k + run;
  const next = words[end + 1];
  if (!isNameWord(words[end] ?? "") || next === "de" || next === "del") return undefined;
  if (next !== undefined && !NAME_FOLLOWERS.has(next) && !pauseAfter(end)) return undefined;
  return nameAt(words.slice(0, end + 1), at, true);
}

/**
 * Collect up to three name words starting at i; single spelled letters ("s m i t h") are joined.
 * With `particles` (a name was asked for, or a strong trigger introduced it), surname particles
 * between name words belong to the name, and a surname that is also an everyday word ends it;
 * otherwise "soy juan de austin" would be a surname.
 */
function nameAt(words: readonly string[], i: number, particles = false): { name: string; last: number } | undefined {
  const parts: string[] = [];
  const endsName = (k: number) => k >= words.length || NAME_FOLLOWERS.has(words[k]!);
  const surnameWord = (k: number) => particles && SURNAME_WORDS.has(words[k] ?? "") && endsName(k + 1);
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
    // "it's dana owner", "will price": the everyday word is the surname, last in the name.
    if (parts.some((p) => !PARTICLES.has(p)) && surnameWord(j)) {
      parts.push(words[j]!);
      j++;
      break;
    }
    // April, May, June, August and Will are first names too: one counts where a name was asked for or
    // introduced ("my name is"), when a surname follows it ("april jones", "may lee", "will price");
    // never alone ("june" is a month, "may i" a question) nor before a day ("june twentieth").
    const next = words[j + 1] ?? "";
    const firstName =
      particles &&
      parts.length === 0 &&
      FIRST_NAME_WORDS.has(words[j]!) &&
      (isNameWord(next) || surnameWord(j + 1)) &&
      !DAY_WORD.test(next);
    if (!firstName && !isNameWord(words[j]!)) break;
    parts.push(words[j]!);
    j++;
  }
  if (parts.length === 0) return undefined;
  return { name: parts.map((p) => (PARTICLES.has(p) ? p : titleCase(p))).join(" "), last: j - 1 };
}

/**
 * "Mary-Kate", "Smith-Jones": words joined by a hyphen are one name word (the tokenizer splits them).
 * Spelled letters ("s-m-i-t-h") and everyday words ("drive-up", "self-storage") stay apart.
 */
function joinHyphens(text: string, tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  const part = (w: string) => /^[a-z][a-z']+$/.test(w) && !COMMON_WORDS.has(w);
  for (const t of tokens) {
    const prev = out.at(-1);
    if (prev && text.slice(prev.end, t.start) === "-" && prev.text.split("-").every(part) && part(t.text))
      out[out.length - 1] = { text: `${prev.text}-${t.text}`, start: prev.start, end: t.end };
    else out.push(t);
  }
  return out;
}

/** Labels a caller puts before each part of the name: "last name Jones, first name Mary". */
const NAME_LABELS: { words: string[]; part: "first" | "last" }[] = [
  { words: ["first", "name"], part: "first" },
  { words: ["first", "name's"], part: "first" },
  { words: ["given", "name"], part: "first" },
  { words: ["last", "name"], part: "last" },
  { words: ["last", "name's"], part: "last" },
  { words: ["surname"], part: "last" },
  { words: ["family", "name"], part: "last" },
];

/**
 * A name given in labelled parts, in either order: "last name Jones, first name Mary", "my first name
 * is Mary and my last name is Jones". The given name comes first, as the name is written.
 */
function labelledName(text: string, tokens: readonly Token[], words: readonly string[]): Entity | undefined {
  const parts: Partial<Record<"first" | "last", { name: string; at: number; last: number }>> = {};
  for (let i = 0; i < words.length; i++) {
    for (const label of NAME_LABELS) {
      if (!label.words.every((w, k) => words[i + k] === w)) continue;
      let at = i + label.words.length;
      if (words[at] === "is") at++;
      // A surname may start with its particles: "surname de la Cruz".
      let from = at;
      while (from - at < 2 && PARTICLES.has(words[from] ?? "")) from++;
      const found = nameAt(words, from, true);
      const name = found && [...words.slice(at, from), found.name].join(" ");
      if (found && name && !parts[label.part]) parts[label.part] = { name, at, last: found.last };
    }
  }
  const { first, last } = parts;
  if (!first || !last) return undefined;
  const span = spanOf(text, tokens, Math.min(first.at, last.at), Math.max(first.last, last.last));
  return { type: "name", name: `${first.name} ${last.name}`, ...span };
}

export function extractNames(text: string, contentTokens: readonly Token[], ctx: ExtractContext): Entity[] {
  const tokens = joinHyphens(text, contentTokens);
  const words = tokens.map((t) => t.text);
  const asked = ctx.expecting === "name";
  const written = (k: number) => text.slice(tokens[k]!.start, tokens[k]!.end);
  const labelled = labelledName(text, tokens, words);
  if (labelled) return [labelled];
  // "This is Maria Lopez, looking for a 10x10": a name written with capitals (chat, or a transcript
  // that capitalises) after a weak trigger is one wherever the sentence goes next, when it ends at a
  // pause or a lower-case word ("This is Oak Street Storage?" runs on into capitals: not a name).
  const cased = (k: number) => PARTICLES.has(words[k]!) || /^[A-Z]/.test(written(k));
  const pauseAfter = (k: number) => /[,.;:!?]/.test(text.slice(tokens[k]!.end, tokens[k + 1]?.start ?? text.length));
  const capitalisedName = (at: number) => {
    const found = nameAt(words, at, true);
    if (!found || !/[a-z]/.test(text) || !cased(at)) return undefined;
    let last = at;
    while (last < found.last && cased(last + 1)) last++;
    const ends = last === words.length - 1 || pauseAfter(last) || !/^[A-Z]/.test(written(last + 1));
    return ends ? nameAt(words.slice(0, last + 1), at, true) : undefined;
  };
  // "this is maria lopez looking for a 10x10", "i'm john smith, need a unit": in lower case (SMS,
  // speech recognition) only what usually follows an introduction, or a pause after two name words,
  // ends a name said in passing. After "i'm" it takes two name words ("i'm currently renting" is not
  // one), and no word of a facility's name ("this is northgate?").
  const facilityWords = new Set(
    (ctx.facilities ?? [])
      .flatMap((f) => [f.name, f.city ?? "", ...(f.aliases ?? [])])
      .flatMap((s) => s.toLowerCase().split(/[^a-z']+/))
      .filter(Boolean),
  );
  const inPassing = (at: number, found: { name: string; last: number }, opening: boolean) => {
    const said = words.slice(at, found.last + 1).filter((w) => !PARTICLES.has(w));
    const plain = (w: string) =>
      w.length > 1 && !looksLikeAdverb(w) && !NOT_NAMES_IN_PASSING.has(w) && !facilityWords.has(w);
    if (said.length < (opening ? 1 : 2) || !said.every(plain)) return undefined;
    const next = words[found.last + 1]!;
    return INTRO_CONTINUATIONS.has(next) || (pauseAfter(found.last) && said.length >= 2) ? found : undefined;
  };
  for (let i = 0; i < words.length; i++) {
    for (const trig of NAME_TRIGGERS) {
      if (!trig.words.every((w, k) => words[i + k] === w)) continue;
      if (trig.askedOnly && !asked) continue;
      const at = i + trig.words.length;
      const cue = trig.words.join(" ");
      // "Hi, this is Maria …" opening the message introduces the caller; "this is urgent" later does not.
      const opening = cue === "this is" && words.slice(0, i).every((w) => OPENERS.has(w));
      // Surname particles belong to the name after any cue but a weak Spanish one ("soy juan de austin"
      // is from Austin): "This is Maria de la Cruz", "i'm juan del valle".
      const particles = trig.strong || asked || opening || cue !== "soy";
      // Weak triggers ("it's", "i'm") need the next word to look like a name and the phrase to end soon
      // after, or a question that asked for a name: "i'm looking for a unit" is not a name.
      let found = nameAt(words, at, particles);
      if (!found) continue;
      const surname = particles ? undefined : articledSurname(words, at, found, pauseAfter);
      if (surname) found = surname;
      if (
        !trig.strong &&
        !asked &&
        found.last < words.length - 1 &&
        !NAME_FOLLOWERS.has(words[found.last + 1]!) &&
        !surname
      ) {
        const written =
          (CASED_TRIGGERS.has(cue) ? capitalisedName(at) : undefined) ??
          (opening || cue === "i'm" || cue === "i am" ? inPassing(at, found, opening) : undefined);
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
  // A lone capitalised first name there ("Jenna" to "What day would you like to move in?") only when
  // it is a common given name: "Sat", "Thurs" or "Tmrw" are days, not names.
  if (
    (ctx.expecting === "date" || ctx.expecting === "phone" || ctx.expecting === "email") &&
    words.length === 1 &&
    /^[A-Z][a-z'-]+$/.test(written(0)) &&
    FIRST_NAMES.has(words[0]!)
  )
    return [{ type: "name", name: titleCase(words[0]!), ...spanOf(text, tokens, 0, 0) }];
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
