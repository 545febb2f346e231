/** Unit sizes in every spoken form ("ten by fifteen", "10 x 15", "10x15", "a ten foot by fifteen") and size words. */
import { parseNumberAt } from "@/server/agent/voice/number-words";

import { joinTokens, spanOf, tokenRange, type Token } from "./token-utils";
import type { Entity, SizeHint } from "./types";

const BY_WORDS = new Set(["by", "x", "buy", "bye", "bi", "times", "por", "per"]);
const FOOT_WORDS = new Set(["foot", "feet", "ft", "pies", "pie", "'"]);
/** Storage units run from 3 ft (lockers) to 50 ft (RV spaces); anything else is not a size. */
const plausible = (n: number) => Number.isInteger(n) && n >= 3 && n <= 50;

/** "ten by twenties", "10 by 20s": units are asked for in the plural; read the last number as singular. */
function singular(w: string | undefined): string | undefined {
  if (w === undefined) return undefined;
  if (/^\d+'?s$/.test(w)) return w.replace(/'?s$/, "");
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("s")) return w.slice(0, -1);
  return w;
}

function sizeEntity(text: string, tokens: readonly Token[], first: number, last: number, a: number, b: number): Entity {
  // Operators list 5x10, never 10x5: width is the smaller side.
  return { type: "unit_size", width: Math.min(a, b), length: Math.max(a, b), ...spanOf(text, tokens, first, last) };
}

export function extractSizes(text: string, tokens: readonly Token[]): Entity[] {
  const out: Entity[] = [];
  const words = tokens.map((t) => t.text);
  for (let i = 0; i < tokens.length; i++) {
    const w = words[i]!;
    // "10x10", and typed plurals: "any 10x10s?", "10x10's".
    const compact = /^(\d{1,2})x(\d{1,2})(?:['’]?s)?$/.exec(w);
    // "10'x10'" is tokenised as "10'x" + "10" (the foot mark joins the x).
    const footed = /^(\d{1,2})['’]x$/.exec(w);
    if (footed && /^\d{1,2}$/.test(words[i + 1] ?? "")) {
      const a = Number(footed[1]);
      const b = Number(words[i + 1]);
      if (plausible(a) && plausible(b)) out.push(sizeEntity(text, tokens, i, i + 1, a, b));
      i++;
      continue;
    }
    if (compact) {
      const a = Number(compact[1]);
      const b = Number(compact[2]);
      if (plausible(a) && plausible(b)) out.push(sizeEntity(text, tokens, i, i, a, b));
      continue;
    }
    const first = parseNumberAt(words, i);
    if (!first || first.ordinal) continue;
    let j = i + first.consumed;
    if (FOOT_WORDS.has(words[j] ?? "")) j++;
    // "10x 15" is tokenised as "10x"? No: "10x" stays one token; accept it as number + by.
    if (!BY_WORDS.has(words[j] ?? "")) continue;
    j++;
    if (words[j] === "a" && words[j - 1] === "by") continue; // "by a ..." is not a dimension
    let second = parseNumberAt(words, j);
    if (!second) {
      const plural = [...words];
      plural[j] = singular(words[j]) ?? "";
      const parsed = parseNumberAt(plural, j);
      // Only the singular word itself ("twenties" → "twenty"), never a phrase continuing past it.
      if (parsed && parsed.consumed === 1 && plural[j] !== words[j]) second = parsed;
    }
    if (!second || second.ordinal) continue;
    let last = j + second.consumed - 1;
    if (FOOT_WORDS.has(words[last + 1] ?? "")) last++;
    if (!plausible(first.value) || !plausible(second.value)) continue;
    const startIdx = i > 0 && (words[i - 1] === "a" || words[i - 1] === "the") ? i - 1 : i;
    out.push(sizeEntity(text, tokens, startIdx, last, first.value, second.value));
    i = last;
  }
  return out;
}

/** Phrase → hint. Longest phrases first so "extra large" wins over "large". */
const HINT_PATTERNS: [RegExp, SizeHint][] = [
  [/\b(extra large|xl|extra big|huge|biggest|largest)\b/, "extra_large"],
  // "2br", "dos recámaras": a digit may run into its abbreviation, and Spanish numbers count too.
  [/\b(1|one|una?) ?(bed ?room|br|bdr|recamara|habitacion|cuarto)( apartment| house| home)?\b/, "one_bedroom"],
  [/\b(2|two|dos) ?(bed ?rooms?|br|bdr|recamaras|habitaciones|cuartos)( apartment| house| home)?\b/, "two_bedroom"],
  [
    /\b(3|three|tres) ?(bed ?rooms?|br|bdr|recamaras|habitaciones|cuartos)( apartment| house| home)?\b/,
    "three_bedroom",
  ],
  [
    /\b(4|four|5|five|cuatro|cinco) ?(bed ?rooms?|br|bdr|recamaras|habitaciones|cuartos)( apartment| house| home)?\b/,
    "four_bedroom",
  ],
  [/\b(studio|efficiency)( apartment)?\b/, "studio"],
  [/\b(dorm|dorm room)\b/, "dorm"],
  [/\b(whole|full|entire) house\b/, "house"],
  [/\b(one|two|1|2)? ?car garage|\bgarage\b/, "garage"],
  [/\b(closet|walk in closet)\b/, "closet"],
  [/\blockers?\b/, "locker"],
  [/\b(small|smallest|little|tiny|pequena|pequeno|chica|chico)\b/, "small"],
  [/\b(medium|mid size|midsize|mediana|mediano)\b/, "medium"],
  [/\b(large|big|grande)\b/, "large"],
  [/\b(office|business|inventory)\b/, "office"],
  // A jet ski on its trailer is much smaller than a boat (a 10x15 or so, not a 10x30); before
  // "trailer", so "jet skis on a trailer" are jet skis.
  [/\b(jet ?skis?|wave ?runners?|sea ?doos?|pwcs?|personal watercrafts?|motos? acuaticas?)\b/, "jet_ski"],
  [
    /\b(rvs?|r v|motorhomes?|motor homes?|campers?|trailers?|fifth wheel|5th wheel|toy hauler|casas? rodantes?|autocaravanas?|caravanas?|remolques?|trailas?)\b/,
    "rv",
  ],
  [/\b(boats?|pontoon|kayaks?|canoes?|botes?|lanchas?|barcos?)\b/, "boat"],
  [/\b(motorcycles?|motorbikes?|motos?|motocicletas?)\b/, "motorcycle"],
  [/\b(pickup|trucks?)\b/, "truck"],
  [/\b(car|cars|vehicles?|carro|coche|auto|suv|(work|cargo|sprinter|passenger|mini) ?vans?)\b/, "car"],
];

export function extractSizeHints(text: string, tokens: readonly Token[]): Entity[] {
  const joined = joinTokens(tokens);
  const out: Entity[] = [];
  const taken: [number, number][] = [];
  for (const [re, hint] of HINT_PATTERNS) {
    const g = new RegExp(re.source, "g");
    for (const m of joined.text.matchAll(g)) {
      const from = m.index;
      const to = from + m[0].length;
      if (taken.some(([s, e]) => from < e && to > s)) continue;
      taken.push([from, to]);
      const [first, last] = tokenRange(joined, from, to);
      out.push({ type: "size_hint", hint, ...spanOf(text, tokens, first, last) });
    }
  }
  return out;
}

/** How many: number words and digits from 2, "a couple", "a pair", Spanish "dos", "un par". */
const COUNT_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  couple: 2,
  pair: 2,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  par: 2,
};
/** Words that may sit between the count and what is counted: "two of your 5x10s", "dos de las unidades". */
const BETWEEN = new Set([
  "of",
  "the",
  "your",
  "those",
  "these",
  "more",
  "separate",
  "different",
  "de",
  "las",
  "los",
  "mas",
  "más",
]);
/** What is counted when no size follows: units, spaces, lockers. */
const COUNTED = /^(units|storage|spaces|spots|lockers|ones|unidades|bodegas|espacios|lockers)$/;

/**
 * "i need two 5x10s", "two ten by tens", "a couple of 5x5s", "2 units", "dos unidades de 5x10": how
 * many units are wanted, when the count comes right before a size (given as `sizes`) or a word for
 * units. A count before anything else ("two bedroom", "2 months", "two cars") is not one.
 */
export function extractQuantities(text: string, tokens: readonly Token[], sizes: readonly Entity[]): Entity[] {
  const words = tokens.map((t) => t.text);
  const out: Entity[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const count = /^\d$/.test(w) ? Number(w) : COUNT_WORDS[w];
    if (count === undefined || count < 2) continue;
    // "couple", "pair", "par" count only as "a couple", "a pair", "un par".
    if ((w === "couple" || w === "pair" || w === "par") && !["a", "un"].includes(words[i - 1] ?? "")) continue;
    let j = i + 1;
    while (j < words.length && j - i <= 3 && BETWEEN.has(words[j]!)) j++;
    const next = tokens[j];
    if (!next) continue;
    const sized = sizes.some((e) => e.type === "unit_size" && e.start <= next.start && next.start < e.end);
    if (!sized && !COUNTED.test(words[j]!)) continue;
    // "storage" counts only before "units" ("two storage units").
    if (!sized && words[j] === "storage" && words[j + 1] !== "units") continue;
    out.push({ type: "quantity", count, ...spanOf(text, tokens, i, i) });
  }
  return out;
}
