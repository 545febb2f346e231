/**
 * A reservation's confirmation code as callers give it. Codes are six characters from an alphabet
 * without 0/O and 1/I/L (domain/reservations/confirmation-code.ts), read out on calls and typed from
 * texts: typed ("R7K2QX", "r7k-2qx"), one character at a time ("r 7 k 2 q x"), with spelling words
 * ("R as in Robert", "romeo seven kilo"), digit words ("seven"), and letters as a speech recogniser
 * writes their names ("are seven kay two queue ex").
 */
import { CODE_ALPHABET } from "@/server/domain/reservations/confirmation-code";

const CODE_LENGTH = 6;
const IN_ALPHABET = new Set(CODE_ALPHABET.toLowerCase());

const DIGIT_WORDS: Record<string, string> = {
  two: "2",
  three: "3",
  four: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
  dos: "2",
  tres: "3",
  cuatro: "4",
  cinco: "5",
  seis: "6",
  siete: "7",
  ocho: "8",
  nueve: "9",
};

/** The NATO alphabet (India, Lima and Oscar spell letters no code has). */
const NATO = new Set(
  "alfa alpha bravo charlie delta echo foxtrot golf hotel juliet juliett kilo mike november papa quebec romeo sierra tango uniform victor whiskey whisky xray yankee zulu".split(
    " ",
  ),
);

/**
 * Letters as a recogniser writes their names. `weak` ones are everyday words too ("are", "you",
 * "why"): they count inside a run of code characters, never to lengthen one past six.
 */
const LETTER_NAMES: Record<string, { letter: string; weak?: boolean }> = {
  bee: { letter: "b" },
  be: { letter: "b", weak: true },
  cee: { letter: "c" },
  see: { letter: "c", weak: true },
  sea: { letter: "c", weak: true },
  dee: { letter: "d" },
  eff: { letter: "f" },
  ef: { letter: "f" },
  gee: { letter: "g" },
  jee: { letter: "g" },
  aitch: { letter: "h" },
  jay: { letter: "j" },
  kay: { letter: "k" },
  ka: { letter: "k" },
  em: { letter: "m" },
  en: { letter: "n", weak: true },
  pee: { letter: "p" },
  pea: { letter: "p", weak: true },
  queue: { letter: "q" },
  cue: { letter: "q" },
  cu: { letter: "q" },
  are: { letter: "r", weak: true },
  ar: { letter: "r" },
  erre: { letter: "r" },
  ess: { letter: "s" },
  es: { letter: "s", weak: true },
  tee: { letter: "t" },
  tea: { letter: "t", weak: true },
  you: { letter: "u", weak: true },
  yu: { letter: "u" },
  vee: { letter: "v" },
  ex: { letter: "x" },
  equis: { letter: "x" },
  why: { letter: "y", weak: true },
  wye: { letter: "y" },
  zee: { letter: "z" },
  zed: { letter: "z" },
};

/** Words that introduce the word a letter is spelled with: "R as in Robert", "R like Roger", "R de Roma". */
const AS_IN: string[][] = [["as", "in"], ["like"], ["for"], ["de"], ["como"]];

const FILLERS = new Set(["um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "then"]);

type Piece = { chars: string; weak: boolean; letter: boolean };

/** Characters of the code said by the token at i, and how many tokens say them. */
function pieceAt(words: readonly string[], i: number): { piece: Piece; consumed: number } | undefined {
  const w = words[i]!;
  let piece: Piece | undefined;
  if (DIGIT_WORDS[w]) return { piece: { chars: DIGIT_WORDS[w], weak: false, letter: false }, consumed: 1 };
  const codeChars = /^[a-z0-9]+$/.test(w) && [...w].every((c) => IN_ALPHABET.has(c));
  // One character, or a group of a typed code ("r7k 2qx"); a word of letters only is a word.
  if (codeChars && (w.length === 1 || (w.length <= CODE_LENGTH && /\d/.test(w)))) {
    piece = { chars: w, weak: w === "a", letter: /[a-z]/.test(w) };
    if (!piece.letter) return { piece, consumed: 1 };
  } else if (NATO.has(w)) piece = { chars: w[0]!, weak: false, letter: true };
  else if (LETTER_NAMES[w]) piece = { chars: LETTER_NAMES[w].letter, weak: !!LETTER_NAMES[w].weak, letter: true };
  if (!piece) return undefined;
  // "R as in Robert": the word it is spelled with is part of the letter.
  for (const lead of AS_IN) {
    if (lead.every((l, k) => words[i + 1 + k] === l) && words[i + 1 + lead.length]) {
      return { piece: { ...piece, weak: false }, consumed: 2 + lead.length };
    }
  }
  return { piece, consumed: 1 };
}

function wordsOf(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/\bx-?\s?ray\b/g, "xray")
    .replace(/\bdouble[\s-](u|you)\b/g, "w")
    .replace(/’/g, "'")
    .split(/[^a-z0-9']+/)
    .filter((w) => w && !FILLERS.has(w));
}

/**
 * The code in runs of consecutive code characters: a run of exactly six (after everyday words at its
 * ends, "thank you r 7 k 2 q x"), with a letter in it (six digits are a number, not a code).
 */
function fromRuns(words: readonly string[]): string | null {
  for (let i = 0; i < words.length;) {
    const run: Piece[] = [];
    let j = i;
    for (;;) {
      const at = j < words.length ? pieceAt(words, j) : undefined;
      if (!at) break;
      run.push(at.piece);
      j += at.consumed;
    }
    const length = () => run.reduce((n, p) => n + p.chars.length, 0);
    while (length() > CODE_LENGTH && run[0]?.weak) run.shift();
    while (length() > CODE_LENGTH && run.at(-1)?.weak) run.pop();
    if (length() === CODE_LENGTH && run.some((p) => p.letter)) return run.map((p) => p.chars).join("");
    i = Math.max(j, i + 1);
  }
  return null;
}

/** The confirmation code in an utterance, upper case, or null. */
export function extractConfirmationCode(text: string): string | null {
  const typed = /\b([A-HJ-NP-Z2-9]{6})\b/i.exec(text);
  if (typed && /\d/.test(typed[1]!) && /[a-z]/i.test(typed[1]!)) return typed[1]!.toUpperCase();
  const words = wordsOf(text);
  const run = fromRuns(words);
  if (run) return run.toUpperCase();
  // Six characters said one at a time, wherever they are ("k 7 m, hold on, 4 q p").
  const chars = words
    .map((w) => DIGIT_WORDS[w] ?? w)
    .filter((w) => w.length === 1 && IN_ALPHABET.has(w) && /[a-z2-9]/.test(w));
  return chars.length === CODE_LENGTH ? chars.join("").toUpperCase() : null;
}
