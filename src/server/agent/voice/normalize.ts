/**
 * Text normalisation IN: what a speech recogniser (or a hurried texter) produces, made regular.
 * Tokens keep their character offsets in the original text so entity spans point at what was said.
 */
import { parseNumberAt } from "./number-words";

export type Token = {
  /** Lower-case, accent-folded ("sábado" → "sabado", "’" → "'"). */
  text: string;
  /** Offsets into the original text, end exclusive. */
  start: number;
  end: number;
};

const TOKEN_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[@$%#&+\-/.,?!:]/gu;

/** Lower-case and strip diacritics so "Sí", "si" and "SÍ" compare equal. */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/’/g, "'")
    .toLowerCase();
}

/** Split into word and punctuation tokens with offsets. Folding preserves length per token match. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index;
    tokens.push({ text: foldText(m[0]), start, end: start + m[0].length });
  }
  return tokens;
}

/** Hesitations a recogniser transcribes; they carry no meaning for intent or entities. */
const FILLERS = new Set([
  "um",
  "umm",
  "ummm",
  "uh",
  "uhh",
  "uhhh",
  "er",
  "erm",
  "ah",
  "ahh",
  "hmm",
  "hm",
  "mmm",
  "eh",
  "este",
  "pues",
]);

/** Words after which "like" is a verb ("i'd like", "would like"), not a filler. */
const LIKE_VERB_BEFORE = new Set([
  "i",
  "i'd",
  "id",
  "we",
  "we'd",
  "you",
  "they",
  "would",
  "d",
  "don't",
  "dont",
  "do",
  "didn't",
  "really",
  "also",
  "just",
  "might",
  "will",
  "i'll",
  "we'll",
  "you'd",
]);

/** True when tokens[i] is a hesitation that should be dropped. */
export function isFiller(words: readonly string[], i: number): boolean {
  const w = words[i];
  if (w === undefined) return false;
  // "uh huh" / "uh-huh" means yes.
  if (w === "uh" && (words[i + 1] === "huh" || (words[i + 1] === "-" && words[i + 2] === "huh"))) return false;
  if (FILLERS.has(w)) return true;
  if (w === "like") {
    const prev = words[i - 1];
    return prev === undefined || !LIKE_VERB_BEFORE.has(prev);
  }
  return false;
}

/** Word tokens without fillers; punctuation dropped except characters that carry meaning in entities. */
export function contentTokens(text: string): Token[] {
  const all = tokenize(text).filter((t) => /[\p{L}\p{N}@]/u.test(t.text));
  const words = all.map((t) => t.text);
  return all.filter((_, i) => !isFiller(words, i));
}

/**
 * Canonical form for the intent classifier: lower-case, accent-folded, no fillers or punctuation,
 * number phrases as digits ("twenty five" → "25", "fifteenth" → "15th"). Digits read one by one stay separate.
 */
export function normalizeUtterance(text: string): string {
  const words = contentTokens(text).map((t) => t.text);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const parsed = parseNumberAt(words, i);
    // "a" alone or "one" as a pronoun are still numbers to the parser; keep "a"/"an" literal.
    if (parsed && !(parsed.consumed === 1 && (words[i] === "a" || words[i] === "an"))) {
      out.push(parsed.ordinal ? `${parsed.value}th` : String(parsed.value));
      i += parsed.consumed;
    } else {
      out.push(words[i]!);
      i++;
    }
  }
  return out.join(" ");
}
