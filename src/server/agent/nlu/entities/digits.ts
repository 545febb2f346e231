/**
 * Runs of digits read out one by one or in groups ("five one oh 555 0123", "double five"), the raw
 * material for phone numbers, card numbers and unit numbers.
 */
import { digitWordValue, parseNumberAt } from "@/server/agent/voice/number-words";

import type { Token } from "./token-utils";

export type DigitRun = { digits: string; first: number; last: number };

/** Digits contributed by the token(s) at i, or undefined when tokens[i] is not part of a digit run. */
function digitsAt(words: readonly string[], i: number): { digits: string; consumed: number } | undefined {
  const w = words[i]!;
  if (/^\d+$/.test(w)) return { digits: w, consumed: 1 };
  // "five hundred fifty five": an area code or exchange said as a number, not a 5 then a 55.
  if (words[i + 1] === "hundred") {
    const h = parseNumberAt(words, i);
    if (h && !h.ordinal && h.value >= 100 && h.value <= 999) return { digits: String(h.value), consumed: h.consumed };
  }
  const d = digitWordValue(w);
  if (d !== undefined) return { digits: String(d), consumed: 1 };
  if ((w === "double" || w === "triple") && words[i + 1] !== undefined) {
    const inner = digitWordValue(words[i + 1]!);
    if (inner !== undefined) return { digits: String(inner).repeat(w === "double" ? 2 : 3), consumed: 2 };
  }
  // "oh one twenty three": a two-digit cardinal inside a run of digits.
  const n = parseNumberAt(words, i);
  if (n && !n.ordinal && n.value >= 10 && n.value <= 99) return { digits: String(n.value), consumed: n.consumed };
  if (n && !n.ordinal && n.value >= 100 && n.value <= 999 && n.value % 100 === 0)
    return { digits: String(n.value), consumed: n.consumed };
  return undefined;
}

/** Maximal digit runs. A run needs at least two tokens or one multi-digit token. */
export function digitRuns(tokens: readonly Token[]): DigitRun[] {
  const words = tokens.map((t) => t.text);
  const runs: DigitRun[] = [];
  for (let i = 0; i < words.length;) {
    const start = digitsAt(words, i);
    if (!start) {
      i++;
      continue;
    }
    let digits = start.digits;
    let j = i + start.consumed;
    for (;;) {
      const more = j < words.length ? digitsAt(words, j) : undefined;
      if (!more) break;
      digits += more.digits;
      j += more.consumed;
    }
    runs.push({ digits, first: i, last: j - 1 });
    i = j;
  }
  return runs;
}

/** Luhn checksum, used to tell a card number from any other long run of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}
