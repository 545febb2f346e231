/** Yes/no, unit numbers, unit features and facility names. */
import { digitWordValue, parseNumberAt } from "@/server/agent/voice/number-words";

import { COMMON_WORDS, joinTokens, spanOf, tokenRange, type Token } from "./token-utils";
import type { Entity, FacilityCandidate, UnitFeature } from "./types";

const YES_PHRASES =
  /^(yes|yeah|yea|yep|yup|ya|sure|correct|right|absolutely|definitely|affirmative|ok|okay|alright|uh huh|mhm|yes please|si|claro|correcto|exacto|de acuerdo|that's (right|correct|it)|that is (right|correct)|sounds good|go ahead|please do|of course|perfect|that works)\b/;
const NO_PHRASES =
  /^(no|nope|nah|negative|incorrect|wrong|not really|not now|not right now|not today|that's (wrong|not right|incorrect|not correct|not it)|that is (wrong|not right|incorrect)|i don't think so|para nada)\b/;
/** "no problem" and friends are politeness, not a refusal. */
const NOT_A_NO = /^no (problem|worries|rush|hurry|doubt|pasa nada)\b/;

export function extractYesNo(text: string, tokens: readonly Token[]): Entity[] {
  if (tokens.length === 0) return [];
  const joined = joinTokens(tokens);
  const no = NO_PHRASES.exec(joined.text);
  if (no && !NOT_A_NO.test(joined.text)) {
    const [first, last] = tokenRange(joined, 0, no[0].length);
    return [{ type: "yes_no", value: false, ...spanOf(text, tokens, first, last) }];
  }
  const yes = YES_PHRASES.exec(joined.text);
  if (yes) {
    const [first, last] = tokenRange(joined, 0, yes[0].length);
    return [{ type: "yes_no", value: true, ...spanOf(text, tokens, first, last) }];
  }
  return [];
}

const UNIT_TRIGGERS = new Set(["unit", "space", "locker", "unidad", "bodega"]);

/** "unit a one oh one", "A101", "unit 204", "unit number b twelve". */
export function extractUnitNumbers(text: string, tokens: readonly Token[]): Entity[] {
  const words = tokens.map((t) => t.text);
  const out: Entity[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (
      /^[a-z]\d{1,4}$|^\d{1,4}[a-z]$|^[a-z]{2}\d{2,4}$|^[a-z]-?\d{1,4}$/.test(w) &&
      !/^\d+(st|nd|rd|th)$/.test(w) &&
      w !== "x"
    ) {
      if (!/^(a|i)\d$/.test(w))
        out.push({ type: "unit_number", unit: w.replace("-", "").toUpperCase(), ...spanOf(text, tokens, i, i) });
      continue;
    }
    if (!UNIT_TRIGGERS.has(w)) continue;
    let j = i + 1;
    while (["is", "es", "number", "numero", "#"].includes(words[j] ?? "")) j++;
    let label = "";
    if (words[j] !== undefined && /^[a-z]$/.test(words[j]!) && digitWordValue(words[j]!) === undefined) {
      label = words[j]!.toUpperCase();
      j++;
    }
    let digits = "";
    const start = j;
    while (j < words.length) {
      const d = /^\d+$/.test(words[j]!) ? words[j]! : digitWordValue(words[j]!)?.toString();
      if (d !== undefined) {
        digits += d;
        j++;
        continue;
      }
      const n = parseNumberAt(words, j);
      if (n && !n.ordinal && n.value >= 10 && n.value < 1000) {
        digits += String(n.value);
        j += n.consumed;
        continue;
      }
      break;
    }
    // "a unit a ten by ten" / "unit for ten by ten": a size, not a unit label.
    if (!digits || j === start || ["by", "x", "foot", "feet", "por"].includes(words[j] ?? "")) continue;
    // "unit 5" is a unit; "space 5" or "locker 5" alone is too often something else ("space for 5 boxes" is caught above).
    if (!label && digits.length < 2 && w !== "unit" && w !== "unidad") continue;
    out.push({ type: "unit_number", unit: label + digits, ...spanOf(text, tokens, i, j - 1) });
    i = j - 1;
  }
  return out;
}

const FEATURE_PATTERNS: [RegExp, UnitFeature][] = [
  [
    /\b(climate( controlled| control)?|temperature controlled|air conditioned|heated and cooled|clima|climatizad[ao]|aire acondicionado)\b/,
    "climate_controlled",
  ],
  [/\b(drive (up|in)|driveup|drive-up|pull up)\b/, "drive_up"],
  [/\b(indoor|indoors|interior|inside unit|inside the building)\b/, "indoor"],
  [/\b(outdoor|outdoors|exterior|outside unit|uncovered)\b/, "outdoor"],
  [/\b((ground|first|1st) (floor|level)|planta baja|primer piso|no stairs)\b/, "ground_floor"],
  [/\b(elevators?|elevador|ascensor)\b/, "elevator"],
  [/\b(power|electricity|electric|outlets?|luz electrica)\b/, "power"],
  [
    /\b((rv|r v|motorhome|camper|boat|trailer) (parking|storage|space|spot)|park (an|my|a) (rv|boat|trailer|camper)|estacionamiento (para|de) (rvs?|r v|casas? rodantes?|autocaravanas?|caravanas?|remolques?|trailas?|botes?|lanchas?|barcos?))\b/,
    "rv_parking",
  ],
  [
    /\b(vehicle (parking|storage|space)|car (parking|storage|space)|parking (space|spot)s?|estacionamiento|park (a|my) (car|truck|vehicle))\b/,
    "vehicle_parking",
  ],
  [/\b(alarm|alarmed|alarma)\b/, "alarm"],
  [
    /\b(24 hour|24 7|24\/7|twenty four hour|around the clock|24 horas|veinticuatro horas)( access| acceso)?\b/,
    "access_24h",
  ],
];
const NEGATORS =
  /\b(not|no|don't|dont|doesn't|doesnt|without|sin|never|rather not)( really| necessarily)?( need| want| have| care about)?( it| them)?( to be| to have)?( a| an| the)?\s*$/;

export function extractFeatures(text: string, tokens: readonly Token[]): Entity[] {
  const joined = joinTokens(tokens);
  const out: Entity[] = [];
  const taken: [number, number][] = [];
  for (const [re, feature] of FEATURE_PATTERNS) {
    for (const m of joined.text.matchAll(new RegExp(re.source, "g"))) {
      const from = m.index;
      const to = from + m[0].length;
      if (taken.some(([s, e]) => from < e && to > s)) continue;
      taken.push([from, to]);
      // "ground floor, no stairs" is one request, not two.
      if (out.some((e) => e.type === "feature" && e.feature === feature)) continue;
      const before = joined.text.slice(Math.max(0, from - 30), from);
      const [first, last] = tokenRange(joined, from, to);
      out.push({ type: "feature", feature, negated: NEGATORS.test(before), ...spanOf(text, tokens, first, last) });
    }
  }
  return out;
}

const GENERIC_FACILITY_WORDS = new Set([
  "storage",
  "self",
  "mini",
  "facility",
  "location",
  "center",
  "centre",
  "units",
  "co",
  "inc",
  "llc",
  "store",
  "stor",
  "the",
  "of",
  "at",
  "on",
  "and",
  "&",
  "one",
]);

function levenshtein(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

const keywords = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !GENERIC_FACILITY_WORDS.has(w));

/**
 * The facility a caller means, by distinctive words of its name, aliases or city ("the downtown one",
 * "oakland location"). Tolerates one misheard letter in longer words. Returns nothing when two tie.
 */
export function extractFacility(
  text: string,
  tokens: readonly Token[],
  facilities: readonly FacilityCandidate[],
): Entity[] {
  if (facilities.length === 0) return [];
  const words = tokens.map((t) => t.text);
  let best: { f: FacilityCandidate; score: number; first: number; last: number } | undefined;
  let tie = false;
  for (const f of facilities) {
    const keys = new Set([
      ...keywords(f.name),
      ...(f.aliases ?? []).flatMap(keywords),
      ...(f.city ? keywords(f.city) : []),
    ]);
    let score = 0;
    let first = -1;
    let last = -1;
    for (const [i, w] of words.entries()) {
      if (w.length < 3 || (COMMON_WORDS.has(w) && !keys.has(w))) continue;
      let s = 0;
      for (const k of keys) {
        if (k === w) s = Math.max(s, 1);
        else if (w.length >= 5 && k.length >= 5 && levenshtein(k, w) === 1) s = Math.max(s, 0.8);
      }
      if (s > 0) {
        score += s;
        if (first < 0) first = i;
        last = i;
      }
    }
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { f, score, first, last };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  if (!best || tie) return [];
  return [
    {
      type: "facility",
      facilityId: best.f.id,
      name: best.f.name,
      score: Math.min(1, best.score),
      ...spanOf(text, tokens, best.first, best.last),
    },
  ];
}
