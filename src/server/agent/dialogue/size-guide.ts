/**
 * What a caller's words mean in square feet. The sizes follow the common industry guide (5x5 a
 * closet, 5x10 a one-bedroom, 10x10 two bedrooms, 10x15 three, 10x20 four or a car); the unit
 * type's own "what fits" text, set by the operator, is what the caller hears.
 */
import type { SizeHint } from "@/server/agent/nlu";

export const HINT_AREA: Record<SizeHint, number> = {
  locker: 15,
  closet: 25,
  small: 25,
  dorm: 50,
  studio: 50,
  one_bedroom: 50,
  medium: 100,
  two_bedroom: 100,
  office: 100,
  motorcycle: 50,
  jet_ski: 150,
  large: 150,
  three_bedroom: 150,
  four_bedroom: 200,
  house: 300,
  garage: 200,
  car: 200,
  truck: 250,
  extra_large: 300,
  boat: 300,
  rv: 400,
};

export const HINT_WORDS: Record<SizeHint, [string, string]> = {
  locker: ["a few boxes", "unas cajas"],
  closet: ["a closet's worth", "lo de un clóset"],
  small: ["a small load", "pocas cosas"],
  dorm: ["a dorm room", "un cuarto de estudiante"],
  studio: ["a studio", "un estudio"],
  one_bedroom: ["a one-bedroom", "un departamento de una recámara"],
  medium: ["a medium load", "una carga mediana"],
  two_bedroom: ["a two-bedroom home", "una casa de dos recámaras"],
  office: ["office or business storage", "una oficina"],
  motorcycle: ["a motorcycle", "una motocicleta"],
  jet_ski: ["a jet ski", "una moto acuática"],
  large: ["a large load", "una carga grande"],
  three_bedroom: ["a three-bedroom home", "una casa de tres recámaras"],
  four_bedroom: ["a four-bedroom home", "una casa de cuatro recámaras"],
  house: ["a whole house", "una casa completa"],
  garage: ["a garage's worth", "lo de una cochera"],
  car: ["a car", "un carro"],
  truck: ["a truck", "una camioneta"],
  extra_large: ["a very large load", "una carga muy grande"],
  boat: ["a boat", "un bote"],
  rv: ["an RV, camper or trailer", "una casa rodante o un remolque"],
};

/** The unit type whose floor area is nearest the hint's, preferring the larger on a tie. */
export function nearestByArea<T extends { widthFt: number; lengthFt: number }>(
  types: readonly T[],
  area: number,
): T | undefined {
  let best: T | undefined;
  let bestDelta = Infinity;
  for (const type of types) {
    const a = type.widthFt * type.lengthFt;
    const delta = Math.abs(a - area) - (a >= area ? 0.5 : 0);
    if (delta < bestDelta) {
      best = type;
      bestDelta = delta;
    }
  }
  return best;
}

/**
 * Homes, where guides disagree by about one size (../shared/reference/self-storage.md): the advice
 * names the usual size and the next one up, so a caller with a fully furnished home is not sized
 * one step small.
 */
export const HOME_HINTS: ReadonlySet<string> = new Set<SizeHint>([
  "dorm",
  "studio",
  "one_bedroom",
  "two_bedroom",
  "three_bedroom",
  "four_bedroom",
  "house",
]);

const BEDROOMS_OF: Partial<Record<SizeHint, number>> = {
  one_bedroom: 1,
  two_bedroom: 2,
  three_bedroom: 3,
  four_bedroom: 4,
};
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
const NUM = "(one|two|three|four|five|[1-5])";
/** "a one- or two-bedroom apartment", "a 3-4 bedroom house", "two to three bedrooms". */
const BEDROOMS = new RegExp(
  `\\b${NUM}(?:\\s*-?\\s*(?:or|to)\\s*${NUM}|\\s*[-–]\\s*${NUM})?\\s*-?\\s*bed(?:room)?s?\\b`,
  "gi",
);

/** The bedroom counts a "what fits" text names ("a one- or two-bedroom apartment": 1 and 2). */
export function bedroomsNamed(text: string): Set<number> {
  const out = new Set<number>();
  const n = (w: string | undefined) => (w ? (NUMBER_WORDS[w.toLowerCase()] ?? Number(w)) : undefined);
  for (const m of text.matchAll(BEDROOMS)) {
    const from = n(m[1])!;
    const to = n(m[2] ?? m[3]) ?? from;
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) out.add(i);
  }
  return out;
}

/** Whether the operator's "what fits" text for a unit type names this home. */
export function whatFitsNames(text: string, hint: string): boolean {
  const beds = BEDROOMS_OF[hint as SizeHint];
  if (beds) return bedroomsNamed(text).has(beds);
  if (hint === "studio") return /\bstudio\b/i.test(text);
  if (hint === "dorm") return /\bdorm\b/i.test(text);
  if (hint === "house") return /\b(whole|entire|full|large)\s+(home|house)\b/i.test(text);
  return false;
}

/**
 * The usual size for a home at this facility: the smallest unit type whose "what fits" text names it
 * (the operator's word wins), else the guide's size nearest HINT_AREA.
 */
export function usualHomeSize<T extends { widthFt: number; lengthFt: number; whatFits: string | null }>(
  types: readonly T[],
  hint: string,
): T | undefined {
  const named = types
    .filter((x) => x.whatFits && whatFitsNames(x.whatFits, hint))
    .sort((a, b) => a.widthFt * a.lengthFt - b.widthFt * b.lengthFt);
  return named[0] ?? nearestByArea(types, HINT_AREA[hint as SizeHint] ?? 100);
}
