/**
 * Prices, availability, size advice and the reservation flow. Every price and count comes from a
 * tool result; the policy only chooses which tool to call and how to say what came back.
 */
import { canBookInTurn } from "@/server/billing/entitlements";
import { pricingChannel, resolveFacilityId } from "@/server/agent/tools/channel";
import { answerText, closureOn, englishOnly } from "@/server/agent/tools/operator-text";
import { runTool } from "@/server/agent/tools";
import { hoursOn, localClock, type LocalClock } from "@/server/domain/facilities/office-hours";
import { lastMoveInDate } from "@/server/domain/reservations/move-in-date";
import { addDays } from "@/lib/dates";
import { rateForChannel } from "@/server/domain/pricing";
import type { UnitTypeRow } from "@/server/agent/store/facility-facts";
import type { UnitFeature } from "@/server/db/schema";
import { UNIT_FEATURES } from "@/server/db/schema";

import { knowledgeAnswer, whichFacility } from "./info-answers";
import { askContact, captureLeadIfReadyCtx, hasContact } from "./lead-capture";
import { startMessage } from "./person-flow";
import { say } from "./phrases";
import { describedLoad } from "./load";
import { HINT_AREA, HINT_WORDS, HOME_HINTS, nearestByArea, usualHomeSize } from "./size-guide";
import {
  capital,
  closedWhy,
  contactVerb,
  day,
  featurePredicate,
  featureWords,
  fitsClause,
  lastQuestion,
  list,
  money,
  operatorSays,
  operatorWords,
  phone,
  promotionWords,
  size,
  unitPhrase,
} from "./say";
import type { PolicyTurn } from "./turn";
import { all, first } from "./understand";

const DB_FEATURES = new Set<string>(UNIT_FEATURES);

/** The size hint for things named one by one (state.slots.load). */
export const LOAD = "load";

/** What the caller stores, in words, for "For {hint}, I'd suggest …": a hint's or the things named. */
function hintWordsOf(state: PolicyTurn["ctx"]["state"]): [string, string] | null {
  if (state.slots.sizeHint === LOAD) return state.slots.load?.words ?? null;
  return state.slots.sizeHint ? (HINT_WORDS[state.slots.sizeHint as keyof typeof HINT_WORDS] ?? null) : null;
}

/** Size words that say only how much, not what: any more specific word said with them wins. */
const LOOSE_HINTS = new Set<string>(["small", "medium", "large", "extra_large"]);

/** Copies what the caller just said (size, features, facility, date) into the slots. */
export function absorbSales(turn: PolicyTurn, opts: { dates: boolean }) {
  const state = turn.ctx.state;
  turn.quotedBefore ??= state.slots.unitTypeId;
  turn.kindsNamed ??= !!state.slots.kinds;
  const sz = first(turn.utterance, "unit_size");
  if (sz && (sz.width !== state.slots.width || sz.length !== state.slots.length)) {
    state.slots.width = sz.width;
    state.slots.length = sz.length;
    state.slots.sizeHint = undefined;
    state.slots.load = undefined;
    state.slots.unitTypeId = undefined;
    state.slots.kinds = undefined;
  }
  // "how big a unit for a three-bedroom house": the home says more than "big".
  const hints = all(turn.utterance, "size_hint");
  const hint = hints.find((h) => !LOOSE_HINTS.has(h.hint)) ?? hints[0];
  // "a couch and like 10 boxes": things named, with no home or vehicle, size as their room (load.ts).
  const load = !sz && (!hint || LOOSE_HINTS.has(hint.hint)) ? describedLoad(turn.utterance.text) : null;
  if (load) {
    state.slots.sizeHint = LOAD;
    state.slots.load = load;
    state.slots.width = undefined;
    state.slots.length = undefined;
    state.slots.unitTypeId = undefined;
  } else if (hint && !sz) {
    state.slots.sizeHint = hint.hint;
    state.slots.load = undefined;
    state.slots.width = undefined;
    state.slots.length = undefined;
    state.slots.unitTypeId = undefined;
  }
  const feats = all(turn.utterance, "feature")
    .filter((f) => !f.negated && DB_FEATURES.has(f.feature))
    .map((f) => f.feature as UnitFeature);
  if (feats.length) {
    state.slots.features = [...new Set([...(state.slots.features ?? []), ...feats])];
    state.slots.unitTypeId = undefined;
    state.slots.kinds = undefined;
  }
  const negated = all(turn.utterance, "feature")
    .filter((f) => f.negated)
    .map((f) => f.feature as string);
  if (negated.length && state.slots.features)
    state.slots.features = state.slots.features.filter((f) => !negated.includes(f));
  const fac = first(turn.utterance, "facility");
  if (fac && fac.facilityId !== state.facilityId) {
    state.facilityId = fac.facilityId;
    state.slots.unitTypeId = undefined;
    // A size found for what the caller stores ("a boat": a 10x30 drive-up here) is found again at the
    // other facility (its parking space first), unless a size was said now.
    if (state.slots.sizeHint && !first(turn.utterance, "unit_size")) {
      state.slots.width = undefined;
      state.slots.length = undefined;
      if (VEHICLE_HINTS.has(state.slots.sizeHint) && !feats.includes("drive_up"))
        state.slots.features = state.slots.features?.filter((f) => f !== "drive_up");
    }
  }
  chooseKind(turn);
  const date = saidMoveInDate(turn);
  if (date && opts.dates) state.slots.moveInDate = date;
  // "two 5x10s": booked one at a time (bookIt offers the next); a count said again replaces it.
  const qty = first(turn.utterance, "quantity");
  if (qty) {
    state.slots.quantity = Math.min(qty.count, MAX_UNITS);
    state.slots.quantityBooked = 0;
    state.slots.quantityNoted = false;
  }
}

/** More units than this in one call is a question for the office, not one booking after another. */
const MAX_UNITS = 6;

/**
 * Said once when the caller wants several units: each reservation holds one, so they are booked one
 * at a time with the same details; fewer free than wanted is said, and only those are offered.
 */
function quantityNote(turn: PolicyTurn, match: Found): string {
  const state = turn.ctx.state;
  const wanted = state.slots.quantity;
  if (!wanted || wanted < 2 || state.slots.quantityNoted) return "";
  state.slots.quantityNoted = true;
  const left = wanted - (state.slots.quantityBooked ?? 0);
  if (match.available < left) {
    state.slots.quantity = (state.slots.quantityBooked ?? 0) + match.available;
    if (match.available < 2) state.slots.quantity = undefined;
    return ` ${say(state, "sales.only_n_free", { available: countWord(match.available, state) })}`;
  }
  return ` ${say(state, "sales.one_unit_per_reservation", { count: countWord(left, state) })}`;
}

const COUNT_WORDS = {
  en: ["zero", "one", "two", "three", "four", "five", "six"],
  es: ["cero", "una", "dos", "tres", "cuatro", "cinco", "seis"],
};
const countWord = (n: number, state: PolicyTurn["ctx"]["state"]) => COUNT_WORDS[state.language][n] ?? String(n);

/**
 * The move-in date said in this turn. A month with no day ("june 2027") is no day to book, so the
 * caller is asked for one; past the booking window ("december 2028") it is kept, for continueReserve
 * to say how far ahead we book. Past the window by every time zone's today: a facility's is within a
 * day of UTC's.
 */
export function saidMoveInDate(turn: PolicyTurn): string | undefined {
  const date = first(turn.utterance, "date");
  if (!date?.monthOnly) return date?.date;
  const utcToday = turn.ctx.now.toISOString().slice(0, 10);
  if (date.date > addDays(lastMoveInDate(utcToday), 1)) return date.date;
  // "in december", then "the 5th": the day is December's, not this month's.
  turn.ctx.state.slots.moveInMonth = date.date.slice(0, 7);
  return undefined;
}

/** Things that are driven in: they need a drive-up unit wherever the facility has one. */
const VEHICLE_HINTS = new Set(["motorcycle", "jet_ski", "car", "truck", "boat", "rv"]);

/**
 * Where a vehicle is kept first: a parking space (RVs, campers, trailers and boats in RV and boat
 * parking, cars in vehicle parking, each falling back to the other), before any drive-up unit.
 */
const PARKING_FIRST: Record<string, UnitFeature[]> = {
  rv: ["rv_parking", "vehicle_parking"],
  boat: ["rv_parking", "vehicle_parking"],
  jet_ski: ["rv_parking", "vehicle_parking"],
  car: ["vehicle_parking", "rv_parking"],
  truck: ["vehicle_parking", "rv_parking"],
  motorcycle: ["vehicle_parking", "rv_parking"],
};

/**
 * A free parking space for the vehicle, nearest its size: the slots are set to it. Features the
 * caller named ("outdoor spots") must be the space's too; a drive-up or climate-controlled unit
 * asked for is not a parking space.
 */
async function parkingFor(turn: PolicyTurn, facilityId: string, hint: string): Promise<boolean> {
  const state = turn.ctx.state;
  const types = await turn.ctx.facts.unitTypes(facilityId);
  const named = (state.slots.features ?? []).filter((f) => !PARKING.has(f));
  for (const feature of PARKING_FIRST[hint] ?? []) {
    if ((state.slots.features ?? []).some((f) => PARKING.has(f) && f !== feature)) continue;
    if (!types.some((x) => x.features.includes(feature))) continue;
    const r = await runTool(turn.ctx, "search_availability", { facilityId, features: [feature, ...named] });
    const near = nearestByArea(r.ok ? r.results : [], HINT_AREA[hint as keyof typeof HINT_AREA] ?? 200);
    if (!near) continue;
    state.slots.width = near.widthFt;
    state.slots.length = near.lengthFt;
    state.slots.features = [feature, ...named];
    return true;
  }
  return false;
}

/** Parking spaces are for vehicles: a home or a load of boxes is never sized into one. */
const PARKING = new Set<string>(["rv_parking", "vehicle_parking"]);
const isParking = (x: { features: readonly string[] }) => x.features.some((f) => PARKING.has(f));

/** Turns whose reply begins with the facility's own rule for storing the thing (answerSizeAdvice). */
const ruleSaid = new WeakSet<PolicyTurn>();

/** "park my RV", "parking for a boat", "estacionar": a parking space asked for, not a unit to store it in. */
const ASKS_PARKING = /\bpark(ing|ed)?\b|\bestacionar\b|\bestacionamiento\b/i;

/**
 * A parking space asked for ("do you have RV parking?", "somewhere to park my trailer") at a
 * facility that has none among its unit types: said so, rather than a drive-up unit offered as if
 * it were one, or a parking space "sold out". Null when the facility has parking or none was asked.
 */
async function parkingNotOffered(turn: PolicyTurn, facilityId: string): Promise<string | null> {
  const state = turn.ctx.state;
  const named = (state.slots.features ?? []).filter((f) => PARKING.has(f));
  const vehicle = !!state.slots.sizeHint && VEHICLE_HINTS.has(state.slots.sizeHint);
  if (!named.length && !(vehicle && ASKS_PARKING.test(turn.utterance.text))) return null;
  if ((await turn.ctx.facts.unitTypes(facilityId)).some(isParking)) return null;
  const rv =
    named.includes("rv_parking") ||
    state.slots.sizeHint === "rv" ||
    state.slots.sizeHint === "boat" ||
    state.slots.sizeHint === "jet_ski" ||
    !named.length;
  state.slots.features = (state.slots.features ?? []).filter((f) => !PARKING.has(f));
  // After the facility's own rule for vehicles ("registered vehicles can be stored in drive-up
  // units"), the vehicle is sized as that rule says, among the drive-up units.
  if (ruleSaid.has(turn) && vehicle) return null;
  state.slots.sizeHint = undefined;
  state.slots.width = undefined;
  state.slots.length = undefined;
  state.slots.unitTypeId = undefined;
  state.flow = null;
  state.offer = null;
  state.expecting = "anything_else";
  // The organization's other facilities that have parking are named: the caller can go there.
  const elsewhere: string[] = [];
  for (const f of await turn.ctx.facts.facilities())
    if (f.id !== facilityId && (await turn.ctx.facts.unitTypes(f.id)).some(isParking)) elsewhere.push(f.name);
  const none = say(state, rv ? "sales.we_dont_have_rv_parking" : "sales.we_dont_have_vehicle_parking");
  const there = elsewhere.length
    ? ` ${say(state, "sales.parking_is_available_at", { places: list(elsewhere, state) })}`
    : "";
  return `${none}${there} ${say(state, "steps.anything_else_i_can_help")}`;
}

/** A unit a vehicle fits in, at most twice the room it needs. */
const fitsVehicle = (x: { widthFt: number; lengthFt: number }, area: number) =>
  x.widthFt * x.lengthFt >= area && x.widthFt * x.lengthFt <= area * 2;

/** The smallest unit type with at least `area` square feet. */
function smallestFitting<T extends { widthFt: number; lengthFt: number }>(types: readonly T[], area: number) {
  return types
    .filter((x) => x.widthFt * x.lengthFt >= area)
    .sort((a, b) => a.widthFt * a.lengthFt - b.widthFt * b.lengthFt)[0];
}

/** Turns a size word into the nearest size the facility has. */
async function sizeFromHint(turn: PolicyTurn, facilityId: string): Promise<boolean> {
  const state = turn.ctx.state;
  if (!state.slots.sizeHint || state.slots.width) return !!state.slots.width;
  // A home: the size the operator's "what fits" names for it, else the guide's (size-guide.ts).
  if (HOME_HINTS.has(state.slots.sizeHint)) {
    const storage = (await turn.ctx.facts.unitTypes(facilityId)).filter((x) => !isParking(x));
    const usual = usualHomeSize(storage, state.slots.sizeHint);
    if (usual) {
      state.slots.width = usual.widthFt;
      state.slots.length = usual.lengthFt;
      return true;
    }
  }
  // Things named one by one: the smallest storage unit they fit in (with the features named).
  if (state.slots.sizeHint === LOAD) {
    const storage = (await turn.ctx.facts.unitTypes(facilityId)).filter(
      (x) => !isParking(x) && (state.slots.features ?? []).every((f) => x.features.includes(f)),
    );
    const need = state.slots.load?.area ?? 100;
    const fit = smallestFitting(storage, need) ?? nearestByArea(storage, need);
    if (!fit) return false;
    state.slots.width = fit.widthFt;
    state.slots.length = fit.lengthFt;
    return true;
  }
  // A vehicle goes to a free parking space first (one with every feature the caller named).
  if (VEHICLE_HINTS.has(state.slots.sizeHint) && (await parkingFor(turn, facilityId, state.slots.sizeHint)))
    return true;
  const types = await turn.ctx.facts.unitTypes(facilityId);
  const area = HINT_AREA[state.slots.sizeHint as keyof typeof HINT_AREA] ?? 100;
  const vehicle = VEHICLE_HINTS.has(state.slots.sizeHint);
  // A caller who named features chose them; otherwise a vehicle is sized among the drive-up units
  // that it fits in without paying for twice its room (a motorcycle in a 10x10, not a 10x20).
  // When no drive-up unit is that size and no other unit fits it either, the nearest drive-up unit.
  const allDriveUp = types.filter((x) => x.features.includes("drive_up"));
  const fittingDriveUp = allDriveUp.filter((x) => fitsVehicle(x, area));
  const otherFits = types.some((x) => !isParking(x) && x.widthFt * x.lengthFt >= area);
  const driveUp =
    vehicle && !state.slots.features?.length
      ? fittingDriveUp.length
        ? fittingDriveUp
        : otherFits
          ? []
          : allDriveUp
      : [];
  // Features the caller named ("park a boat": RV and boat parking) size among the types that have them.
  const named = state.slots.features?.length
    ? types.filter((x) => state.slots.features!.every((f) => x.features.includes(f)))
    : [];
  const among = driveUp.length ? driveUp : named.length ? named : vehicle ? types : types.filter((x) => !isParking(x));
  // A vehicle needs its room: the smallest unit it fits in, never a nearer smaller one (a motorcycle
  // is not put in a 5x5 because 25 sq ft is nearer 50 than 100 is).
  const near = (vehicle ? smallestFitting(among, area) : undefined) ?? nearestByArea(among, area);
  if (!near) return false;
  state.slots.width = near.widthFt;
  state.slots.length = near.lengthFt;
  if (driveUp.length) state.slots.features = ["drive_up"];
  return true;
}

async function askSize(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  state.expecting = "size";
  const fid = await resolveFacilityId(turn.ctx);
  const types = fid ? await turn.ctx.facts.unitTypes(fid) : [];
  const sizes = [...new Set(types.map((type) => size(type.widthFt, type.lengthFt)))];
  const range =
    sizes.length > 1 ? say(state, "sales.we_have_sizes_from_to", { smallest: sizes[0], largest: sizes.at(-1) }) : "";
  return say(state, "sales.what_size_unit_are_you", { range });
}

type Found = {
  unitTypeId: string;
  unitTypeName: string;
  widthFt: number;
  lengthFt: number;
  features: string[];
  monthlyRateCents: number;
  available: number;
  facilityName: string;
};

/**
 * The cheapest free unit type for the slots, or the nearest alternative when the size is sold out.
 * A feature the caller just said they do without ("what about without climate") is avoided when a
 * unit of the size without it is free.
 */
async function findUnit(
  turn: PolicyTurn,
  facilityId: string,
): Promise<{ match: Found | null; alternative: Found | null; free: Found[] }> {
  const state = turn.ctx.state;
  const search = () =>
    runTool(turn.ctx, "search_availability", {
      facilityId,
      widthFt: state.slots.width,
      lengthFt: state.slots.length,
      features: state.slots.features?.length ? state.slots.features : undefined,
    });
  let r = await search();
  // "Actually make it climate controlled" after a drive-up unit: the feature said now replaces the
  // earlier ones when no free unit of the size has them all (a 10x10 is drive-up or climate-controlled).
  const saidNow = all(turn.utterance, "feature")
    .filter((f) => !f.negated && DB_FEATURES.has(f.feature))
    .map((f) => f.feature as UnitFeature);
  if (r.ok && !r.results.length && saidNow.length && state.slots.features?.some((f) => !saidNow.includes(f))) {
    state.slots.features = saidNow;
    r = await search();
  }
  if (!r.ok) return { match: null, alternative: null, free: [] };
  const avoid = all(turn.utterance, "feature")
    .filter((f) => f.negated)
    .map((f) => f.feature as string);
  const match =
    r.results.find((x) => x.unitTypeId === turn.kindChosen) ??
    r.results.find((x) => !x.features.some((f) => avoid.includes(f))) ??
    r.results[0] ??
    null;
  return { match, alternative: r.alternatives[0] ?? null, free: r.results };
}

/**
 * "How much are your ten by tens?" or "I'd like to reserve a ten by ten" where the facility has more
 * than one kind of 10x10 free (a drive-up and a climate-controlled one): each kind, cheapest first,
 * with its price, for the caller to choose. Only for a bare size (no features, nothing named to
 * store, no step up or down); null when there is one kind.
 */
function kindsOfSize(turn: PolicyTurn, free: Found[], match: Found): Found[] | null {
  const state = turn.ctx.state;
  if (state.slots.features?.length || state.slots.sizeHint) return null;
  // Kinds named and none chosen yet ("what's the difference?"): named again, never the cheapest taken.
  if (!first(turn.utterance, "unit_size") && !state.slots.kinds) return null;
  const kinds = new Map<string, Found>();
  for (const x of [match, ...free])
    if (sameSize(x, match.widthFt, match.lengthFt) && !kinds.has(x.unitTypeId)) kinds.set(x.unitTypeId, x);
  if (kinds.size < 2) return null;
  return [...kinds.values()].sort((a, b) => a.monthlyRateCents - b.monthlyRateCents);
}

/** Which of the kinds just named the caller chose, by place or price ("the second one", "the cheaper one"). */
const FIRST_KIND =
  /\b(first|1st|cheaper|cheapest|less expensive|lower price|more affordable|either|whichever|primera?|m[aá]s barat[ao])\b|\b(doesn'?t|does not) matter\b|\bcualquiera\b/i;
const SECOND_KIND = /\b(second|2nd|segund[ao])\b/i;
const THIRD_KIND = /\b(third|3rd|tercer[ao]?)\b/i;
const LAST_KIND =
  /\b(last|more expensive|most expensive|pricier|priciest|[uú]ltim[ao]|m[aá]s car[ao])\b|\bthe other( one)?\b|\bla otra\b/i;

/** The kind of those just named that the words choose ("the second one", "la más barata"), if any. */
function kindIn(state: PolicyTurn["ctx"]["state"], text: string) {
  const kinds = state.slots.kinds;
  if (!kinds?.length) return undefined;
  const dollars = [...text.matchAll(/\$?\b(\d{2,4})(?:\.\d\d)?\b/g)].map((m) => Number(m[1]));
  return (
    kinds.find((k) => dollars.includes(Math.floor(k.monthlyRateCents / 100))) ??
    (SECOND_KIND.test(text)
      ? kinds[1]
      : THIRD_KIND.test(text)
        ? kinds[2]
        : LAST_KIND.test(text)
          ? kinds.at(-1)
          : FIRST_KIND.test(text)
            ? kinds[0]
            : undefined)
  );
}

/** The words choose one of the kinds just named, however the classifier heard them ("la segunda" was unclear). */
export const choosesKind = (turn: PolicyTurn) => !!kindIn(turn.ctx.state, turn.utterance.text);

/**
 * "The second one", "the cheaper one", "the one for 159" to "For a 10x10, we have …": that kind is
 * the one quoted next (findUnit), never a smaller size for "cheaper" (stepSize) nor the cheapest for
 * "the second". A size or a feature said instead chooses by itself (absorbSales clears the kinds).
 */
function chooseKind(turn: PolicyTurn) {
  const state = turn.ctx.state;
  const chosen = kindIn(state, turn.utterance.text);
  if (!chosen) return;
  state.slots.kinds = undefined;
  state.slots.unitTypeId = undefined;
  turn.kindChosen = chosen.unitTypeId;
}

/** "is it climate controlled?", "¿tiene clima?": a yes/no question about the unit just quoted. */
const ASKS_ABOUT_IT =
  /^(?:(?:um+|uh+|so|and|ok|okay|oh|wait)[,.]?\s+)*(?:is|are|does|do)\s+(?:it|that|this|they|those|these|them|the unit|that unit|that one)\b|^¿?\s*(?:es|está|esta|tiene|son|tienen)\b/i;

/**
 * What the caller asked of a feature, answered before the quote, so a question about the unit does
 * not get the same quote back word for word: "Yes, it's climate-controlled." to a question about the
 * unit, and "All our 10x10 units here are climate-controlled." when they asked for one without.
 */
async function featureNote(turn: PolicyTurn, facilityId: string, match: Found): Promise<string> {
  const state = turn.ctx.state;
  const said = all(turn.utterance, "feature").filter((f) => DB_FEATURES.has(f.feature));
  const unavoidable = said.filter((f) => f.negated && match.features.includes(f.feature)).map((f) => f.feature);
  if (unavoidable.length) {
    const sz = size(match.widthFt, match.lengthFt);
    const predicate = featurePredicate("many", unavoidable);
    return `${say(state, "sales.all_our_units_here_predicate", { sz, predicate, features: featureWords(unavoidable, state) })} `;
  }
  const asked = said.filter((f) => !f.negated).map((f) => f.feature);
  if (!asked.length || !turn.quotedBefore || !ASKS_ABOUT_IT.test(turn.utterance.text.trim())) return "";
  if (turn.quotedBefore === match.unitTypeId)
    return `${say(state, "sales.yes_it_predicate", { predicate: featurePredicate("it", asked), features: featureWords(asked, state) })} `;
  // The unit quoted before lacks it; the quote that follows is for one that has it.
  const before = (await turn.ctx.facts.unitTypes(facilityId)).find((x) => x.id === turn.quotedBefore);
  const lacking = asked.filter((f) => before && !before.features.includes(f as UnitFeature));
  if (!lacking.length) return "";
  const predicate = featurePredicate("one", lacking, { negative: true });
  return `${say(state, "sales.no_that_one_predicate", { predicate, features: featureWords(lacking, state) })} `;
}

/** "anything smaller?", "something bigger", "what's the cheapest?": a size relative to the one quoted. */
const CHEAPEST = /\b(cheapest|least expensive|lowest price)\b|\bm[aá]s barat[ao]s? que tienen\b|\bla m[aá]s barata\b/i;
const SMALLEST = /\bsmallest\b|\bla m[aá]s (chica|peque[nñ]a)\b/i;
const SMALLER =
  /\b(smaller|cheaper|less expensive|less space|more affordable)\b|\bm[aá]s (chic[ao]|peque[nñ][ao]|barat[ao])\b/i;
const BIGGER = /\b(bigger|larger|more space|more room)\b|\bm[aá]s grande\b/i;

/** A size relative to the one quoted, whatever the classifier made of a short "something cheaper?". */
export const asksRelativeSize = (text: string) =>
  CHEAPEST.test(text) || SMALLEST.test(text) || SMALLER.test(text) || BIGGER.test(text);

/**
 * Moves the size slots to the cheapest or smallest free unit, or one free size down or up from the
 * one quoted, among what the facility has free now (the search, cheapest first); features go along
 * where a free unit of the new size has them. Returns a note for the reply when nothing free lies
 * further that way ("We don't have anything smaller than the 5x10 free right now.").
 */
async function stepSize(turn: PolicyTurn, facilityId: string): Promise<string> {
  const state = turn.ctx.state;
  const text = turn.utterance.text;
  // "The cheaper one" among the kinds just named chose one of them (chooseKind), not a smaller size.
  if (turn.kindChosen) return "";
  const dir = CHEAPEST.test(text)
    ? "cheapest"
    : SMALLEST.test(text)
      ? "smallest"
      : SMALLER.test(text)
        ? "down"
        : BIGGER.test(text)
          ? "up"
          : null;
  if (!dir) return "";
  const r = await runTool(turn.ctx, "search_availability", { facilityId });
  const free = r.ok ? r.results : [];
  if (free.length === 0) return "";
  let target = free[0]!; // cheapest first
  if (dir !== "cheapest") {
    const areaOf = (x: { widthFt: number; lengthFt: number }) => x.widthFt * x.lengthFt;
    const areas = [...new Set(free.map(areaOf))].sort((a, b) => a - b);
    const ref = state.slots.width && state.slots.length ? state.slots.width * state.slots.length : null;
    let area: number | undefined;
    if (dir === "smallest" || (ref === null && dir === "down")) area = areas[0];
    else if (ref === null) area = areas.at(-1);
    else area = dir === "down" ? areas.findLast((a) => a < ref) : areas.find((a) => a > ref);
    if (area === undefined) {
      const sz = size(state.slots.width!, state.slots.length!);
      return `${dir === "down" ? say(state, "sales.we_dont_have_anything_smaller", { sz }) : say(state, "sales.we_dont_have_anything_larger", { sz })} `;
    }
    // The first free unit of the area that keeps the caller's features, else the cheapest there.
    const at = free.filter((x) => areaOf(x) === area);
    target = at.find((x) => (state.slots.features ?? []).every((f) => x.features.includes(f))) ?? at[0]!;
  }
  state.slots.width = target.widthFt;
  state.slots.length = target.lengthFt;
  state.slots.features = (state.slots.features ?? []).filter((f) => target.features.includes(f));
  state.slots.sizeHint = undefined;
  state.slots.unitTypeId = undefined;
  state.slots.kinds = undefined;
  return "";
}

/**
 * Size advice for a home: the usual size and the next one up (guides disagree by about one size),
 * with the usual one's "what fits" and the next one's price, from what is free now. Said before the
 * usual size's quote, which the caller can reserve; "the bigger one" steps up to the next.
 */
async function homeAdvice(
  turn: PolicyTurn,
  facilityId: string,
  match: Found,
  words: [string, string],
): Promise<string> {
  const state = turn.ctx.state;
  const area = match.widthFt * match.lengthFt;
  const r = await runTool(turn.ctx, "search_availability", { facilityId });
  const bigger = (r.ok ? r.results : [])
    .filter((x) => !isParking(x) && x.widthFt * x.lengthFt > area)
    .sort((a, b) => a.widthFt * a.lengthFt - b.widthFt * b.lengthFt || a.monthlyRateCents - b.monthlyRateCents)[0];
  const fits = (await turn.ctx.facts.unitTypes(facilityId)).find((x) => x.id === match.unitTypeId)?.whatFits;
  const values = {
    hint: words[0],
    hintEs: words[1],
    usual: size(match.widthFt, match.lengthFt),
    next: bigger ? size(bigger.widthFt, bigger.lengthFt) : "",
    nextPrice: bigger ? money(bigger.monthlyRateCents) : "",
  };
  const usual = fits
    ? operatorSays(
        state,
        englishOnly(fitsClause(fits)),
        "sales.usual_size_holds",
        "say.usual_size_fits_only_in_english",
        values,
      )
    : say(state, "sales.usual_size", values);
  return `${usual}${bigger ? say(state, "sales.next_size_up", values) : "."} `;
}

const sameSize = (x: { widthFt: number; lengthFt: number }, w: number, l: number) =>
  (x.widthFt === w && x.lengthFt === l) || (x.widthFt === l && x.lengthFt === w);

/**
 * Another unit type than the one asked for becomes the one offered (a size not carried, or none of
 * the asked one free): the slots take its size and the asked features it has, and it is quoted.
 */
async function offerInstead(turn: PolicyTurn, x: Found) {
  const state = turn.ctx.state;
  state.slots.unitTypeId = x.unitTypeId;
  state.slots.width = x.widthFt;
  state.slots.length = x.lengthFt;
  state.slots.features = x.features.filter((f) =>
    (state.slots.features ?? []).includes(f as UnitFeature),
  ) as UnitFeature[];
  const q = await quote(turn, x.unitTypeId);
  state.offer = "reserve";
  state.expecting = null;
  return q;
}

/**
 * A size the facility has no unit type of at all ("a 10x40" where the largest is a 10x20) is not
 * sold out: it is not carried. The caller hears so, with the nearest free sizes by floor area (two
 * at most, a parking space only when a vehicle or parking was asked for), and the nearest is
 * offered; with nothing free, a call back when something opens up.
 */
async function notCarried(turn: PolicyTurn, facilityId: string): Promise<string> {
  const state = turn.ctx.state;
  const sz = size(state.slots.width!, state.slots.length!);
  const area = state.slots.width! * state.slots.length!;
  const parkingAsked = (state.slots.features ?? []).some((f) => PARKING.has(f));
  const r = await runTool(turn.ctx, "search_availability", { facilityId });
  const free = (r.ok ? r.results : []).filter((x) => parkingAsked || !isParking(x));
  const bySize = new Map<string, Found>();
  for (const x of free) {
    const key = size(x.widthFt, x.lengthFt);
    // The search is cheapest first: a size's first result is its cheapest free unit type.
    if (!bySize.has(key)) bySize.set(key, x);
  }
  const nearest = [...bySize.values()]
    .sort((a, b) => Math.abs(a.widthFt * a.lengthFt - area) - Math.abs(b.widthFt * b.lengthFt - area))
    .slice(0, 2);
  const [offer, other] = nearest;
  if (!offer) {
    state.offer = "message";
    state.expecting = null;
    return say(state, "sales.we_dont_carry_none_free", { sz });
  }
  const q = await offerInstead(turn, offer);
  const priced = (x: Found, cents: number) =>
    say(state, "sales.unit_at_price", {
      what: unitPhrase(x.widthFt, x.lengthFt, x.features, state),
      monthlyRateCents: money(cents),
    });
  const closest = other
    ? list([priced(offer, q.monthlyRateCents), priced(other, other.monthlyRateCents)], state)
    : priced(offer, q.monthlyRateCents);
  return say(state, other ? "sales.we_dont_carry_closest_are" : "sales.we_dont_carry_closest_is", {
    sz,
    closest,
    first: size(offer.widthFt, offer.lengthFt),
  });
}

/** A price or availability question: quote the best match and offer to reserve it. */
export async function answerPrice(turn: PolicyTurn, kind: "price" | "availability"): Promise<string> {
  const state = turn.ctx.state;
  if (state.flow !== "reserve") state.flow = "quote";
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  const noParking = await parkingNotOffered(turn, facilityId);
  if (noParking) return noParking;
  turn.kindsNamed ??= !!state.slots.kinds;
  chooseKind(turn);
  const stepped = await stepSize(turn, facilityId);
  const hintWords = hintWordsOf(state);
  if (!(await sizeFromHint(turn, facilityId))) {
    // "how much?", "what are your prices?" with no size yet: what is free and from how much, then which size.
    const overview = state.flow === "reserve" ? null : await priceOverview(turn, facilityId, kind);
    return overview ?? askSize(turn);
  }
  const { match, alternative, free } = await findUnit(turn, facilityId);
  const asked = unitPhrase(state.slots.width!, state.slots.length!, state.slots.features ?? [], state);
  if (!match) {
    const types = await turn.ctx.facts.unitTypes(facilityId);
    if (!types.some((x) => sameSize(x, state.slots.width!, state.slots.length!))) return notCarried(turn, facilityId);
    if (alternative) {
      const q = await offerInstead(turn, alternative);
      return say(state, "sales.we_dont_have_available_right", {
        asked,
        alternative: unitPhrase(alternative.widthFt, alternative.lengthFt, alternative.features, state),
        monthlyRateCents: money(q.monthlyRateCents),
      });
    }
    state.offer = "message";
    // Nothing is read back now: a "yes" answers the offered call back, never the booking's read-back.
    state.expecting = null;
    const askedPlural = unitPhrase(state.slots.width!, state.slots.length!, state.slots.features ?? [], state, {
      plural: true,
    });
    // Nothing free anywhere: the size's rate is still known, and said with the call back offered.
    const rates = ratesOf(state, types, (x) => sameSize(x, state.slots.width!, state.slots.length!));
    if (!rates.length) return say(state, "sales.sorry_we_have_no_plural", { askedPlural });
    return say(state, rates.length > 1 ? "sales.all_taken_from_rate" : "sales.all_taken_at_rate", {
      askedPlural,
      monthlyRateCents: money(rates[0]!),
    });
  }
  state.slots.unitTypeId = match.unitTypeId;
  state.slots.unitTypeName = match.unitTypeName;
  const q = await quote(turn, match.unitTypeId);
  const what = unitPhrase(match.widthFt, match.lengthFt, match.features, state);
  // How often to name the special is the operator's call (Settings > Agent); the price includes it anyway.
  const mention = (await turn.ctx.facts.agentBehaviour(facilityId)).promotionMention;
  const promo = promotionNote(state, mention);
  const home = hintWords && HOME_HINTS.has(state.slots.sizeHint!);
  const advice =
    stepped +
    (await featureNote(turn, facilityId, match)) +
    (home ? await homeAdvice(turn, facilityId, match, hintWords) : "");
  // A vehicle, boxes, an office: one sentence names the unit suggested for it and its price, so the
  // size is said once ("For a boat, I'd suggest a 12x40 RV and boat parking space, at $129/mo."),
  // never again as "A 12x40 … is $129/mo." after it.
  const monthlyRateCents = money(q.monthlyRateCents);
  const suggestion =
    hintWords && !home
      ? say(state, "sales.for_id_suggest_at", { hint: hintWords[0], hintEs: hintWords[1], what, monthlyRateCents })
      : "";
  state.offer = "reserve";
  state.expecting = null;
  const qnote = quantityNote(turn, match);
  const kinds = stepped || turn.kindChosen ? null : kindsOfSize(turn, free, match);
  if (kinds) {
    // The cheapest is the one quoted (and booked on a plain yes); the read-back names it. In the
    // booking the caller is asked which, never booked the cheapest unsaid.
    state.slots.kinds = kinds.map((x) => ({
      unitTypeId: x.unitTypeId,
      monthlyRateCents: x.unitTypeId === match.unitTypeId ? q.monthlyRateCents : x.monthlyRateCents,
    }));
    const items = kinds.map((x, i) =>
      say(state, "sales.unit_at_price", {
        what: unitPhrase(x.widthFt, x.lengthFt, x.features, state),
        monthlyRateCents: money(state.slots.kinds![i]!.monthlyRateCents),
      }),
    );
    const which = state.flow === "reserve" ? "sales.which_one_would_you_like" : "sales.which_would_you_like_to_reserve";
    return `${advice}${say(state, "sales.kinds_of_size", {
      sz: size(match.widthFt, match.lengthFt),
      kinds: list(items, state),
    })}${promo}${qnote} ${say(state, which)}`;
  }
  if (state.flow === "reserve") {
    // A unit not quoted before (the first, or a different one) is named, not just priced.
    const price = suggestion
      ? suggestion
      : turn.quotedBefore !== match.unitTypeId || turn.kindsNamed
        ? say(state, "sales.is_mo", { what: capital(what), monthlyRateCents })
        : say(state, "sales.thats_mo", { monthlyRateCents });
    return continueReserve(turn, `${advice}${price}${promo}${qnote}`);
  }
  const countText =
    match.available === 1
      ? say(state, "sales.we_have_one_left")
      : say(state, "sales.we_have_available", { available: match.available });
  const head = suggestion
    ? `${advice}${suggestion} ${countText}`
    : kind === "availability"
      ? `${advice}${say(state, "sales.yes_we_have_plural_available", {
          whatPlural: unitPhrase(match.widthFt, match.lengthFt, match.features, state, { plural: true }),
          monthlyRateCents,
        })}`
      : say(state, "sales.is_mo_2", { advice, what: capital(what), monthlyRateCents, countText });
  return `${head}${promo}${qnote} ${say(state, "sales.would_you_like_to_reserve")}`;
}

/**
 * " Right now we have a special: …" for the promotion quoted last, as often as the operator wants it
 * named (Settings > Agent); in Spanish by its terms (promotionWords).
 */
function promotionNote(state: PolicyTurn["ctx"]["state"], mention: string): string {
  const name = state.slots.promotionName;
  const named = !!name && (mention === "every_quote" || (mention === "first_quote" && !state.promotionMentioned));
  if (!named) return "";
  state.promotionMentioned = true;
  const terms = state.slots.promotionTerms;
  return say(state, "sales.right_now_we_have_a", {
    promotionName: promotionWords(state, terms ? { name, ...terms } : { name }),
  });
}

/**
 * The rates of the facility's unit types that `which` picks and that have the features asked for,
 * for this conversation's channel, lowest first and each once: known whether or not a unit is free.
 */
function ratesOf(
  state: PolicyTurn["ctx"]["state"],
  types: UnitTypeRow[],
  which: (x: { widthFt: number; lengthFt: number; features: readonly string[] }) => boolean,
): number[] {
  const wanted = state.slots.features ?? [];
  const cents = types
    .filter((x) => which(x) && wanted.every((f) => x.features.includes(f)))
    .map((x) => rateForChannel(x, pricingChannel(state)).cents);
  return [...new Set(cents)].sort((a, b) => a - b);
}

/**
 * "How much?", "what are your prices?", "do you have anything available?" before any size: each free
 * size from its cheapest rate ("5x5 from $65/mo, 5x10 from $89/mo …"), smallest first, then which
 * size. With nothing free at all, each size's rate all the same, that everything is taken, and a
 * call back when something opens up. Null when the facility has no unit types (the size question then).
 */
async function priceOverview(
  turn: PolicyTurn,
  facilityId: string,
  kind: "price" | "availability",
): Promise<string | null> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "search_availability", { facilityId });
  const vehicle = VEHICLE_HINTS.has(state.slots.sizeHint ?? "");
  const free = (r.ok ? r.results : []).filter((x) => !isParking(x) || vehicle);
  if (!free.length) return r.ok && !r.results.length ? allTaken(turn, facilityId, vehicle) : null;
  const from = new Map<string, { area: number; cents: number }>();
  for (const x of free) {
    const key = size(x.widthFt, x.lengthFt);
    const seen = from.get(key);
    if (!seen || x.monthlyRateCents < seen.cents)
      from.set(key, { area: x.widthFt * x.lengthFt, cents: x.monthlyRateCents });
  }
  const sizes = [...from.entries()]
    .sort((a, b) => a[1].area - b[1].area)
    .map(([sz, x]) => say(state, "sales.size_from_price", { sz, monthlyRateCents: money(x.cents) }));
  state.expecting = "size";
  state.offer = null;
  return say(state, kind === "price" ? "sales.our_prices_are" : "sales.we_have_free", { sizes: list(sizes, state) });
}

/** Every unit is taken: what each size rents for, that none is free, and the office's call back offered. */
async function allTaken(turn: PolicyTurn, facilityId: string, vehicle: boolean): Promise<string | null> {
  const state = turn.ctx.state;
  const types = (await turn.ctx.facts.unitTypes(facilityId)).filter((x) => !isParking(x) || vehicle);
  const bySize = new Map<string, { area: number; cents: number[] }>();
  for (const x of types) {
    const key = size(x.widthFt, x.lengthFt);
    if (bySize.has(key)) continue;
    bySize.set(key, {
      area: x.widthFt * x.lengthFt,
      cents: ratesOf(state, types, (y) => sameSize(y, x.widthFt, x.lengthFt)),
    });
  }
  const sizes = [...bySize.entries()]
    .filter(([, x]) => x.cents.length)
    .sort((a, b) => a[1].area - b[1].area)
    .map(([sz, x]) =>
      say(state, x.cents.length > 1 ? "sales.size_from_price" : "sales.size_at_price", {
        sz,
        monthlyRateCents: money(x.cents[0]!),
      }),
    );
  if (!sizes.length) return null;
  state.offer = "message";
  state.expecting = null;
  return say(state, "sales.everything_taken_rates", { sizes: list(sizes, state) });
}

/** "is that per month?", "monthly?", "¿es por mes?": whether the price said is the month's rent. */
const ASKS_IF_MONTHLY =
  /\b(per|a|each|every|by the|the)\s+month\b|\bmonthly\b|\b(al|por|cada)\s+mes\b|\bmensual(es|mente)?\b/i;
/** "whats that run per month", "how much is that a month", "what does it cost": the price of the unit quoted. */
const ASKS_ITS_PRICE =
  /\b(what'?s?|what does|what would|what will|how much (is|would|does|will))\s+(that|it|this|the unit|that unit)( one)?\s*(be|run|cost|come to|costs?|runs?)?\b|\bcu[aá]nto (es|sale|cuesta)\b/i;
/** A yes/no question ("is that per month or what", "monthly?") rather than "how much a month?". */
const ASKS_YES_NO =
  /^\W*(?:(?:um+|uh+|so|and|ok|okay|oh|wait|sorry)[,.]?\s+)*(?:is|are|that'?s|its|it'?s|es|son)\b|^\W*(?:per|a|monthly|por|al|mensual)\b/i;

/**
 * Right after a quote, a question about its price ("is that per month or what", "whats that run per
 * month") is answered from the quote: it is the monthly rent, and what it is, not the whole advice
 * again (a two-bedroom's usual and next size) nor the same quote word for word (which the loop guard
 * took for going in circles). Not "month to month" (lease terms), nor a size or another thing named.
 */
export function asksQuotedPrice(turn: PolicyTurn): boolean {
  const state = turn.ctx.state;
  const text = turn.utterance.text;
  if (!state.slots.unitTypeId || !state.slots.monthlyRateCents) return false;
  if (first(turn.utterance, "unit_size") || first(turn.utterance, "size_hint") || describedLoad(text)) return false;
  if (/\bmonth[- ]to[- ]month\b|\b(months|meses)\b|\b(year|a[nñ]o)\b/i.test(text) || asksRelativeSize(text))
    return false;
  if (text.trim().split(/\s+/).length > 10) return false;
  return ASKS_IF_MONTHLY.test(text) || ASKS_ITS_PRICE.test(text);
}

export async function answerQuotedPrice(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const facilityId = state.facilityId ?? (await resolveFacilityId(turn.ctx));
  const ut = facilityId
    ? (await turn.ctx.facts.unitTypes(facilityId)).find((x) => x.id === state.slots.unitTypeId)
    : undefined;
  const what = ut ? unitPhrase(ut.widthFt, ut.lengthFt, ut.features, state) : (state.slots.unitTypeName ?? "");
  const monthlyRateCents = money(state.slots.monthlyRateCents!);
  const text = turn.utterance.text.trim();
  const head =
    ASKS_IF_MONTHLY.test(text) && ASKS_YES_NO.test(text)
      ? say(state, "sales.yes_thats_the_monthly_rent", { what, monthlyRateCents })
      : say(state, "sales.is_mo", { what: capital(what), monthlyRateCents });
  const mention = facilityId ? (await turn.ctx.facts.agentBehaviour(facilityId)).promotionMention : "never";
  const said = `${head}${promotionNote(state, mention)}`;
  // Mid-booking, the booking goes on with what is still missing.
  if (state.flow === "reserve") return continueReserve(turn, said);
  state.offer = "reserve";
  state.expecting = null;
  return `${said} ${say(state, "sales.would_you_like_to_reserve")}`;
}

/**
 * "is there an admin fee?", "do I need a deposit?": the move-in charges besides rent, which are the
 * facility's (the same for every unit type), read from a quote like every other price. A late fee
 * is a rule, not a move-in charge: the knowledge base answers it.
 */
export const asksMoveInFees = (text: string) =>
  /\b(admin|administrative|administration|set ?up|move[- ]in|one[- ]time|upfront)\s+(fee|fees|charge|charges|cost|costs)\b|\bany (other )?(fees|charges)\b|\bdeposit\b|\bdep[oó]sito\b|\bcargos? (de )?(administraci[oó]n|mudanza)\b/i.test(
    text,
  ) && !/\blate\b|\brecargo/i.test(text);

export async function answerMoveInFees(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  const [any] = await turn.ctx.facts.unitTypes(facilityId);
  if (!any) return say(state, "sales.the_office_can_tell_you");
  const quoted = state.quoted;
  const r = await runTool(turn.ctx, "get_quote", { unitTypeId: any.id, moveInDate: state.slots.moveInDate });
  if (!r.ok) throw new Error("quote failed");
  state.quoted = quoted; // the fees are the facility's: this unit was never quoted to the caller
  const charges = r.lines.filter((l) => l.code === "admin_fee" || l.code === "fee");
  const deposit = r.lines.find((l) => l.code === "deposit");
  const named = charges.map((l) =>
    l.code === "admin_fee"
      ? say(state, "sales.a_one_time_administrative_fee", { amountCents: money(l.amountCents) })
      : operatorSays(state, englishOnly(l.label), "sales.x", "say.fee_only_in_english", {
          amountCents: money(l.amountCents),
        }),
  );
  const fees = named.length
    ? say(state, "sales.at_move_in_theres", { list: list(named, state) })
    : say(state, "sales.theres_no_admin_fee");
  const dep = deposit
    ? say(state, "sales.and_a_refundable_deposit", { amountCents: money(deposit.amountCents) })
    : say(state, "sales.and_no_deposit");
  return `${fees}${dep} ${say(state, "sales.besides_that_you_pay_the")}`;
}

async function quote(turn: PolicyTurn, unitTypeId: string) {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "get_quote", { unitTypeId, moveInDate: state.slots.moveInDate });
  if (!r.ok) throw new Error("quote failed");
  state.slots.monthlyRateCents = r.monthlyRateCents;
  state.slots.dueAtMoveInCents = r.dueAtMoveInCents;
  const promo = r.promotion;
  state.slots.promotionName = promo?.name ?? null;
  state.slots.promotionTerms =
    promo && promo.value !== null ? { kind: promo.kind, value: promo.value, months: promo.months } : null;
  state.slots.unitTypeName = r.unitTypeName;
  return {
    monthlyRateCents: r.monthlyRateCents,
    dueAtMoveInCents: r.dueAtMoveInCents,
  };
}

/** "can I keep a car in a unit?" asks whether it is allowed as much as which size. */
const ASKS_PERMISSION =
  /\b(can|could|may)\s+(i|we)\s+(keep|store|put|park|leave|bring)\b|\b(is it|it's|is that)\s+(ok|okay|alright|allowed|fine)\b|\b(allowed|permitted)\b|\bpuedo\s+(guardar|estacionar|dejar|meter)\b|\bse\s+(puede|permite)\b/i;
/** A knowledge-base answer that says no: then no unit is offered for it. */
const SAYS_NO =
  /^\s*(no\b|not\b|unfortunately|sorry|lo siento|we (do not|don't|cannot|can't)|you (cannot|can't|may not))/i;

/**
 * Size advice. When the caller asks whether they may store the thing at all, the facility's own
 * rule (its knowledge base: "registered and insured", "drive-up units only") comes first; a rule
 * that says no is the whole answer, with no unit offered for it.
 */
export async function answerSizeAdvice(turn: PolicyTurn): Promise<string> {
  const hit = ASKS_PERMISSION.test(turn.utterance.text) ? await knowledgeAnswer(turn, turn.utterance.text) : null;
  const rule = hit ? operatorWords(turn.ctx.state, answerText(hit)) : null;
  if (rule && SAYS_NO.test(hit!.answer)) return rule;
  // The facility's own rule said where a vehicle may go: the advice then quotes that, not "no parking".
  if (rule) ruleSaid.add(turn);
  const advice = await adviseSize(turn);
  return rule ? `${rule} ${advice}` : advice;
}

/** Size advice: what fits, from the operator's text for the nearest size, then a price. */
async function adviseSize(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  const sz = first(turn.utterance, "unit_size");
  if (sz && !first(turn.utterance, "size_hint")) {
    const types = await turn.ctx.facts.unitTypes(facilityId);
    // A size not carried here is said to be so (answerPrice), not described by a neighbour's "what fits".
    if (!types.some((x) => sameSize(x, sz.width, sz.length))) return answerPrice(turn, "price");
    const ut =
      types.find((x) => x.widthFt === sz.width && x.lengthFt === sz.length && x.whatFits) ??
      nearestByArea(
        types.filter((x) => x.whatFits),
        sz.width * sz.length,
      );
    const fits = ut?.whatFits;
    if (!fits) return answerPrice(turn, "price");
    state.offer = "reserve";
    return operatorSays(
      state,
      englishOnly(fitsClause(fits)),
      "sales.a_holds_would_you_like",
      "say.fits_only_in_english_offer",
      {
        size: size(ut.widthFt, ut.lengthFt),
      },
    );
  }
  if (!state.slots.sizeHint && !state.slots.width) {
    state.expecting = "size";
    return say(state, "sales.tell_me_what_youre_storing");
  }
  if (!(await sizeFromHint(turn, facilityId))) return askSize(turn);
  // Advice for something the caller named (a home, a boat, boxes) names the size and why in the
  // quote itself (homeAdvice, "For a boat, I'd suggest …"): "A 12x40 holds …" before it would say
  // the size a third time. Only a size reached otherwise is introduced by what it holds.
  const named = !!hintWordsOf(state);
  const types = await turn.ctx.facts.unitTypes(facilityId);
  const ut = types.find((x) => x.widthFt === state.slots.width && x.lengthFt === state.slots.length);
  const text = await answerPrice(turn, "price");
  return ut?.whatFits && !named
    ? `${operatorSays(state, englishOnly(fitsClause(ut.whatFits)), "sales.a_holds", "say.fits_only_in_english", { size: size(ut.widthFt, ut.lengthFt) })} ${text}`
    : text;
}

/** Starts (or resumes) the reservation flow. */
export async function startReserve(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  if (!(await canBookInTurn(turn.ctx.tx, turn.ctx.organizationId))) {
    return startMessage(
      turn,
      say(state, "sales.im_not_able_to_make"),
      "Wants to reserve a unit (online booking is unavailable).",
    );
  }
  state.flow = "reserve";
  state.offer = null;
  // "let's go with the bigger one" after a quote: the quote steps to that size (answerPrice) first.
  if (state.slots.width && asksRelativeSize(turn.utterance.text)) state.slots.unitTypeId = undefined;
  return continueReserve(turn, "");
}

/** Asks for the next missing detail, or reads everything back for a yes. */
export async function continueReserve(turn: PolicyTurn, prefix: string): Promise<string> {
  const state = turn.ctx.state;
  const pre = prefix ? `${prefix} ` : "";
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return pre + (await whichFacility(turn));
  state.facilityId = facilityId;
  if (!state.slots.unitTypeId) {
    if (!state.slots.width && !state.slots.sizeHint) return pre + (await askSize(turn));
    return answerPrice(turn, "price");
  }
  if (!state.slots.moveInDate) {
    state.expecting = "move_in_date";
    return pre + say(state, "sales.what_day_would_you_like");
  }
  const f = (await turn.ctx.facts.facility(facilityId))!;
  const today = localClock(turn.ctx.now, f.timeZone).date;
  if (state.slots.moveInDate < today) {
    state.slots.moveInDate = undefined;
    state.expecting = "move_in_date";
    return pre + say(state, "sales.that_date_has_passed_what");
  }
  // A hold lasts through the move-in date: bookings reach a year ahead (createReservation refuses later).
  if (state.slots.moveInDate > lastMoveInDate(today)) {
    state.slots.moveInDate = undefined;
    state.expecting = "move_in_date";
    return pre + say(state, "sales.i_can_only_book_up");
  }
  const closed = await closedForMoveIn(turn, facilityId, state.slots.moveInDate);
  if (closed) {
    const asked = state.slots.moveInDate;
    state.slots.moveInDate = undefined;
    state.slots.proposedMoveIn = closed.next ?? undefined;
    state.expecting = "move_in_date";
    const why = closedWhy(state, closed.closure);
    const next = closed.next
      ? say(state, "sales.the_next_day_were_open", { day: day(closed.next, state) })
      : say(state, "sales.what_other_day_would_work");
    return pre + say(state, "sales.our_office_is_closed_on", { day: day(asked, state), why }) + next;
  }
  if (!state.slots.name) {
    state.expecting = "name";
    return pre + say(state, "sales.may_i_have_your_first");
  }
  if (!hasContact(state)) {
    state.expecting = "phone";
    if (state.callerId && state.slots.phoneFromCallerId !== false) {
      state.slots.phoneFromCallerId = true;
      return (
        pre + say(state, "sales.is_the_number_youre_from", { phone: phone(state.callerId), s: contactVerb(state) })
      );
    }
    return pre + askContact(state);
  }
  if (!state.slots.email && !state.slots.emailDeclined) {
    state.expecting = "email";
    return pre + say(state, "sales.would_you_like_the_confirmation");
  }
  const q = await quote(turn, state.slots.unitTypeId);
  const ut = (await turn.ctx.facts.unitTypes(facilityId)).find((x) => x.id === state.slots.unitTypeId);
  const what = ut ? unitPhrase(ut.widthFt, ut.lengthFt, ut.features, state) : (state.slots.unitTypeName ?? "");
  state.expecting = "confirm";
  const reachAt = state.slots.phone ? phone(state.slots.phone) : state.slots.email!;
  return (
    pre +
    say(state, "sales.let_me_read_that_back", {
      what,
      name: f.name,
      day: moveInDay(state.slots.moveInDate, today, state),
      monthlyRateCents: money(q.monthlyRateCents),
      dueAtMoveInCents: money(q.dueAtMoveInCents),
      name2: state.slots.name,
      reachAt,
      reachBy: state.slots.phone ? "teléfono" : "correo",
    })
  );
}

/**
 * The move-in day as the read-back says it: with its year when it is more than half a year ahead
 * ("Tuesday, June 1st, 2027"), so a "june 1st" said on June 9th, booked for next year, is heard as
 * next year's and can be corrected.
 */
function moveInDay(date: string, today: string, state: PolicyTurn["ctx"]["state"]): string {
  const said = day(date, state);
  if (date <= addDays(today, 183)) return said;
  return state.language === "es" ? `${said} de ${date.slice(0, 4)}` : `${said}, ${date.slice(0, 4)}`;
}

/** The caller said yes to the read-back: book it. */
export async function bookIt(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = await runTool(turn.ctx, "create_reservation", {
    unitTypeId: state.slots.unitTypeId!,
    moveInDate: state.slots.moveInDate!,
    name: state.slots.name!,
    phone: state.slots.phone,
    email: state.slots.email,
  });
  if (!r.ok) {
    const reason = (r as { reason?: string }).reason;
    if (reason === "booking_disabled")
      return startMessage(
        turn,
        say(state, "sales.im_not_able_to_complete"),
        "Wanted to reserve a unit (booking unavailable).",
      );
    // Past the booking window by the booking's own clock (the read-back was checked on this turn's).
    if ((r as { details?: { reason?: string } }).details?.reason === "move_in_too_far") {
      state.slots.moveInDate = undefined;
      state.expecting = "move_in_date";
      return say(state, "sales.i_can_only_book_up");
    }
    if (reason === "conflict") {
      state.slots.unitTypeId = undefined;
      state.expecting = "size";
      return say(state, "sales.im_sorry_that_size_was");
    }
    state.offer = "transfer";
    return say(state, "sales.im_sorry_i_couldnt_complete");
  }
  state.flow = null;
  state.expecting = "anything_else";
  // Booked: the unit's slots and the offer are spent, so a later "yes" cannot book the same unit
  // again; a second unit goes through the flow from its size. The contact details stay.
  state.offer = null;
  const booked = state.slots;
  // What was read back and booked, for "what's the total again?" (route.ts).
  if (state.reservation && booked.monthlyRateCents !== undefined && booked.dueAtMoveInCents !== undefined)
    Object.assign(state.reservation, {
      what:
        booked.width && booked.length
          ? unitPhrase(booked.width, booked.length, booked.features ?? [], state)
          : booked.unitTypeName,
      monthlyRateCents: booked.monthlyRateCents,
      dueAtMoveInCents: booked.dueAtMoveInCents,
      moveInDate: r.moveInDate,
    });
  const { name, phone, email, emailDeclined } = booked;
  state.slots = { name, phone, email, emailDeclined };
  // No text from the turn: the reservation's lifecycle workflow (started through the outbox the
  // booking wrote) texts and e-mails the confirmation, with the price and the hold date; a second
  // text from here said the same thing twice.
  const done = say(
    state,
    r.pendingInPms ? "sales.reserved_pending_in_the_pms" : "sales.youre_all_set_your_confirmation",
    {
      confirmationCode: r.confirmationCode,
      day: day(r.moveInDate, state),
    },
  );
  const count = (booked.quantityBooked ?? 0) + 1;
  if (!booked.quantity || count >= booked.quantity) return done;
  // "Two 5x10s": the next one is offered with the same unit, day and contact details; a yes reads it
  // back for its own yes (one reservation per unit, each confirmed), a no drops it (answerOffer).
  state.slots = {
    ...state.slots,
    width: booked.width,
    length: booked.length,
    features: booked.features,
    unitTypeId: booked.unitTypeId,
    unitTypeName: booked.unitTypeName,
    moveInDate: r.moveInDate,
    quantity: booked.quantity,
    quantityBooked: count,
    quantityNoted: true,
  };
  state.offer = "reserve";
  state.expecting = null;
  const body = done.slice(0, done.lastIndexOf(lastQuestion(done))).trim();
  return `${body} ${say(state, "sales.reserve_the_next_unit", {
    booked: countWord(count, state),
    count: countWord(booked.quantity, state),
    sz: size(booked.width!, booked.length!),
    day: day(r.moveInDate, state),
  })}`;
}

/** Once a name and a phone or e-mail are known, the caller is a lead even if they never book. */
export const captureLeadIfReady = (turn: PolicyTurn) => captureLeadIfReadyCtx(turn.ctx);

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const clockOf = (date: string): LocalClock => ({
  date,
  weekday: WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!,
  time: "12:00",
});

/**
 * A move-in date on a day the office is closed (no hours that weekday, or a dated closure), with the
 * reason and the next open day within a month; null when the office is open then or the facility
 * allows move-ins without staff.
 */
async function closedForMoveIn(
  turn: PolicyTurn,
  facilityId: string,
  date: string,
): Promise<{ closure: ReturnType<typeof closureOn>; next: string | null } | null> {
  const f = await turn.ctx.facts.facility(facilityId);
  if (!f || Object.keys(f.officeHours ?? {}).length === 0) return null;
  // The facility's setting (Facilities > edit, the import's moveInWithoutStaff): contactless move-ins need nobody there.
  if (f.moveInWithoutStaff) return null;
  const closures = await turn.ctx.facts.closures(facilityId);
  const day = hoursOn(f.officeHours, closures, clockOf(date));
  if (day.ranges.length) return null;
  let next: string | null = null;
  for (let i = 1; i <= 31 && !next; i++) {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    const iso = d.toISOString().slice(0, 10);
    if (hoursOn(f.officeHours, closures, clockOf(iso)).ranges.length) next = iso;
  }
  return { closure: closureOn(closures, date, turn.ctx.state.language), next };
}
