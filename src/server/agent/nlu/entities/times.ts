/**
 * Clock times: "3 pm", "three thirty p m", "at 9", "noon", "10:30", "a las cuatro". Returned as "HH:MM"
 * (24 h). A bare hour without am/pm is read as business hours (7–11 morning, 12–6 afternoon), which is
 * what callers mean when they say "can i come at 3" or "call me at 9".
 */
import { parseNumberAt } from "@/server/agent/voice/number-words";

import { spanOf, type Token } from "./token-utils";
import type { Entity } from "./types";

const pad = (n: number) => String(n).padStart(2, "0");

export function extractTimes(text: string, tokens: readonly Token[]): Entity[] {
  const words = tokens.map((t) => t.text);
  const out: Entity[] = [];
  const push = (first: number, last: number, h: number, m: number) =>
    out.push({ type: "time", time: `${pad(h)}:${pad(m)}`, ...spanOf(text, tokens, first, last) });

  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === "noon" || w === "mediodia") {
      push(i, i, 12, 0);
      continue;
    }
    if (w === "midnight" || w === "medianoche") {
      push(i, i, 0, 0);
      continue;
    }
    const n = parseNumberAt(words, i);
    if (!n || n.ordinal || n.value < 0 || n.value > 23 || !Number.isInteger(n.value)) continue;
    const h = n.value;
    let m = 0;
    let last = i + n.consumed - 1;
    // The tokenizer drops ":", so "10:30" arrives as "10" "30"; the raw text between them says it was a clock.
    const between = tokens[last + 1] ? text.slice(tokens[last]!.end, tokens[last + 1]!.start) : "";
    const clock = between === ":" && /^[0-5]\d$/.test(words[last + 1]!);
    if (clock) {
      m = Number(words[last + 1]);
      last += 1;
    } else {
      if (h < 1 || h > 12) continue;
      // minutes: "three thirty", "3 30", "three oh five"
      const next = words[last + 1];
      if (next === "oh" || next === "o") {
        const mm = parseNumberAt(words, last + 2);
        if (mm && mm.value < 10) {
          m = mm.value;
          last += 1 + mm.consumed;
        }
      } else {
        const mm = parseNumberAt(words, last + 1);
        const follow = words[last + 1 + (mm?.consumed ?? 0)];
        if (
          mm &&
          !mm.ordinal &&
          mm.value >= 10 &&
          mm.value < 60 &&
          (follow === undefined || /^(am|pm|a|p|o'clock|in|at|on|de|tomorrow|today|tonight)$/.test(follow))
        ) {
          m = mm.value;
          last += mm.consumed;
        }
      }
    }
    const after = words[last + 1];
    const after2 = words[last + 2];
    let meridiem: "am" | "pm" | undefined;
    if (after === "am" || (after === "a" && after2 === "m")) meridiem = "am";
    else if (after === "pm" || (after === "p" && after2 === "m")) meridiem = "pm";
    const oclock = after === "o'clock" || after === "oclock";
    const introduced =
      words[i - 1] === "at" ||
      words[i - 1] === "around" ||
      words[i - 1] === "by" ||
      words[i - 1] === "las" ||
      words[i - 1] === "before" ||
      words[i - 1] === "after";
    if (
      !clock &&
      !meridiem &&
      !oclock &&
      !(introduced && m === 0 && (words[i - 1] !== "by" || h <= 12)) &&
      !(introduced && m > 0)
    )
      continue;
    if (meridiem) last += after === "a" || after === "p" ? 2 : 1;
    else if (oclock) last += 1;
    let hour: number = h;
    if (meridiem === "pm" && hour < 12) hour += 12;
    else if (meridiem === "am" && hour === 12) hour = 0;
    else if (!meridiem && !clock) {
      const part = words.slice(last + 1, last + 5).join(" ");
      if (/\b(in the (evening|afternoon)|at night|tonight|de la (tarde|noche))\b/.test(part))
        hour = hour < 12 ? hour + 12 : hour;
      else if (/\b(in the morning|de la manana)\b/.test(part)) hour = hour === 12 ? 0 : hour;
      else if (hour >= 1 && hour <= 6) hour += 12; // business-hours reading of a bare hour
    }
    const first = introduced ? i - 1 : i;
    push(first, last, hour, m);
    i = last;
  }
  return out;
}
