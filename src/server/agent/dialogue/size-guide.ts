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
  large: ["a large load", "una carga grande"],
  three_bedroom: ["a three-bedroom home", "una casa de tres recámaras"],
  four_bedroom: ["a four-bedroom home", "una casa de cuatro recámaras"],
  house: ["a whole house", "una casa completa"],
  garage: ["a garage's worth", "lo de una cochera"],
  car: ["a car", "un carro"],
  truck: ["a truck", "una camioneta"],
  extra_large: ["a very large load", "una carga muy grande"],
  boat: ["a boat", "un bote"],
  rv: ["an RV", "una casa rodante"],
};

/** The unit type whose floor area is nearest the hint's, preferring the larger on a tie. */
export function nearestByArea<T extends { widthFt: number; lengthFt: number }>(
  types: readonly T[],
  area: number,
): T | undefined {
  let best: T | undefined;
  let bestDelta = Infinity;
  for (const t of types) {
    const a = t.widthFt * t.lengthFt;
    const delta = Math.abs(a - area) - (a >= area ? 0.5 : 0);
    if (delta < bestDelta) {
      best = t;
      bestDelta = delta;
    }
  }
  return best;
}
