/**
 * Prices, availability, size advice and the reservation flow. Every price and count comes from a
 * tool result; the policy only chooses which tool to call and how to say what came back.
 */
import { canBookInTurn } from "@/server/billing/entitlements";
import { resolveFacilityId } from "@/server/agent/tools/channel";
import { runTool } from "@/server/agent/tools";
import { hoursOn, localClock, type LocalClock } from "@/server/domain/facilities/office-hours";
import type { UnitFeature } from "@/server/db/schema";
import { UNIT_FEATURES } from "@/server/db/schema";

import { answerFromKnowledge, whichFacility } from "./info-answers";
import { askContact, captureLeadIfReadyCtx, hasContact } from "./lead-capture";
import { startMessage } from "./person-flow";
import { say } from "./phrases";
import { HINT_AREA, HINT_WORDS, HOME_HINTS, nearestByArea, usualHomeSize } from "./size-guide";
import { contactVerb, day, featureWords, list, money, phone, size, unitPhrase } from "./say";
import type { PolicyTurn } from "./turn";
import { all, first } from "./understand";

const DB_FEATURES = new Set<string>(UNIT_FEATURES);

/** Size words that say only how much, not what: any more specific word said with them wins. */
const LOOSE_HINTS = new Set<string>(["small", "medium", "large", "extra_large"]);

/** Copies what the caller just said (size, features, facility, date) into the slots. */
export function absorbSales(t: PolicyTurn, opts: { dates: boolean }) {
  const s = t.ctx.state;
  t.quotedBefore ??= s.slots.unitTypeId;
  const sz = first(t.utterance, "unit_size");
  if (sz && (sz.width !== s.slots.width || sz.length !== s.slots.length)) {
    s.slots.width = sz.width;
    s.slots.length = sz.length;
    s.slots.sizeHint = undefined;
    s.slots.unitTypeId = undefined;
  }
  // "how big a unit for a three-bedroom house": the home says more than "big".
  const hints = all(t.utterance, "size_hint");
  const hint = hints.find((h) => !LOOSE_HINTS.has(h.hint)) ?? hints[0];
  if (hint && !sz) {
    s.slots.sizeHint = hint.hint;
    s.slots.width = undefined;
    s.slots.length = undefined;
    s.slots.unitTypeId = undefined;
  }
  const feats = all(t.utterance, "feature")
    .filter((f) => !f.negated && DB_FEATURES.has(f.feature))
    .map((f) => f.feature as UnitFeature);
  if (feats.length) {
    s.slots.features = [...new Set([...(s.slots.features ?? []), ...feats])];
    s.slots.unitTypeId = undefined;
  }
  const negated = all(t.utterance, "feature")
    .filter((f) => f.negated)
    .map((f) => f.feature as string);
  if (negated.length && s.slots.features) s.slots.features = s.slots.features.filter((f) => !negated.includes(f));
  const fac = first(t.utterance, "facility");
  if (fac && fac.facilityId !== s.facilityId) {
    s.facilityId = fac.facilityId;
    s.slots.unitTypeId = undefined;
  }
  const date = first(t.utterance, "date");
  if (date && opts.dates) s.slots.moveInDate = date.date;
}

/** Things that are driven in: they need a drive-up unit wherever the facility has one. */
const VEHICLE_HINTS = new Set(["motorcycle", "car", "truck", "boat", "rv"]);

/**
 * Where a vehicle is kept first: a parking space (RVs, campers, trailers and boats in RV and boat
 * parking, cars in vehicle parking, each falling back to the other), before any drive-up unit.
 */
const PARKING_FIRST: Record<string, UnitFeature[]> = {
  rv: ["rv_parking", "vehicle_parking"],
  boat: ["rv_parking", "vehicle_parking"],
  car: ["vehicle_parking", "rv_parking"],
  truck: ["vehicle_parking", "rv_parking"],
  motorcycle: ["vehicle_parking", "rv_parking"],
};

/**
 * A free parking space for the vehicle, nearest its size: the slots are set to it. Features the
 * caller named ("outdoor spots") must be the space's too; a drive-up or climate-controlled unit
 * asked for is not a parking space.
 */
async function parkingFor(t: PolicyTurn, facilityId: string, hint: string): Promise<boolean> {
  const s = t.ctx.state;
  const types = await t.ctx.facts.unitTypes(facilityId);
  const named = (s.slots.features ?? []).filter((f) => !PARKING.has(f));
  for (const feature of PARKING_FIRST[hint] ?? []) {
    if ((s.slots.features ?? []).some((f) => PARKING.has(f) && f !== feature)) continue;
    if (!types.some((x) => x.features.includes(feature))) continue;
    const r = await runTool(t.ctx, "search_availability", { facilityId, features: [feature, ...named] });
    const near = nearestByArea(r.ok ? r.results : [], HINT_AREA[hint as keyof typeof HINT_AREA] ?? 200);
    if (!near) continue;
    s.slots.width = near.widthFt;
    s.slots.length = near.lengthFt;
    s.slots.features = [feature, ...named];
    return true;
  }
  return false;
}

/** Parking spaces are for vehicles: a home or a load of boxes is never sized into one. */
const PARKING = new Set<string>(["rv_parking", "vehicle_parking"]);
const isParking = (x: { features: readonly string[] }) => x.features.some((f) => PARKING.has(f));

/** Turns a size word into the nearest size the facility has. */
async function sizeFromHint(t: PolicyTurn, facilityId: string): Promise<boolean> {
  const s = t.ctx.state;
  if (!s.slots.sizeHint || s.slots.width) return !!s.slots.width;
  // A home: the size the operator's "what fits" names for it, else the guide's (size-guide.ts).
  if (HOME_HINTS.has(s.slots.sizeHint)) {
    const storage = (await t.ctx.facts.unitTypes(facilityId)).filter((x) => !isParking(x));
    const usual = usualHomeSize(storage, s.slots.sizeHint);
    if (usual) {
      s.slots.width = usual.widthFt;
      s.slots.length = usual.lengthFt;
      return true;
    }
  }
  // A vehicle goes to a free parking space first (one with every feature the caller named).
  if (VEHICLE_HINTS.has(s.slots.sizeHint) && (await parkingFor(t, facilityId, s.slots.sizeHint))) return true;
  const types = await t.ctx.facts.unitTypes(facilityId);
  // A caller who named features chose them; otherwise a vehicle is sized among the drive-up units.
  const driveUp =
    VEHICLE_HINTS.has(s.slots.sizeHint) && !s.slots.features?.length
      ? types.filter((x) => x.features.includes("drive_up"))
      : [];
  // Features the caller named ("park a boat": RV and boat parking) size among the types that have them.
  const named = s.slots.features?.length
    ? types.filter((x) => s.slots.features!.every((f) => x.features.includes(f)))
    : [];
  const near = nearestByArea(
    driveUp.length
      ? driveUp
      : named.length
        ? named
        : VEHICLE_HINTS.has(s.slots.sizeHint)
          ? types
          : types.filter((x) => !isParking(x)),
    HINT_AREA[s.slots.sizeHint as keyof typeof HINT_AREA] ?? 100,
  );
  if (!near) return false;
  s.slots.width = near.widthFt;
  s.slots.length = near.lengthFt;
  if (driveUp.length) s.slots.features = ["drive_up"];
  return true;
}

async function askSize(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  s.expecting = "size";
  const fid = await resolveFacilityId(t.ctx);
  const types = fid ? await t.ctx.facts.unitTypes(fid) : [];
  const sizes = [...new Set(types.map((u) => size(u.widthFt, u.lengthFt)))];
  const range =
    sizes.length > 1 ? say(s, "sales.we_have_sizes_from_to", { smallest: sizes[0], largest: sizes.at(-1) }) : "";
  return say(s, "sales.what_size_unit_are_you", { range });
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
  t: PolicyTurn,
  facilityId: string,
): Promise<{ match: Found | null; alternative: Found | null }> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "search_availability", {
    facilityId,
    widthFt: s.slots.width,
    lengthFt: s.slots.length,
    features: s.slots.features?.length ? s.slots.features : undefined,
  });
  if (!r.ok) return { match: null, alternative: null };
  const avoid = all(t.utterance, "feature")
    .filter((f) => f.negated)
    .map((f) => f.feature as string);
  const match = r.results.find((x) => !x.features.some((f) => avoid.includes(f))) ?? r.results[0] ?? null;
  return { match, alternative: r.alternatives[0] ?? null };
}

/** "is it climate controlled?", "¿tiene clima?": a yes/no question about the unit just quoted. */
const ASKS_ABOUT_IT =
  /^(?:(?:um+|uh+|so|and|ok|okay|oh|wait)[,.]?\s+)*(?:is|are|does|do)\s+(?:it|that|this|they|those|these|them|the unit|that unit|that one)\b|^¿?\s*(?:es|está|esta|tiene|son|tienen)\b/i;

/**
 * What the caller asked of a feature, answered before the quote, so a question about the unit does
 * not get the same quote back word for word: "Yes, it's climate-controlled." to a question about the
 * unit, and "All our 10x10 units here are climate-controlled." when they asked for one without.
 */
async function featureNote(t: PolicyTurn, facilityId: string, match: Found): Promise<string> {
  const s = t.ctx.state;
  const said = all(t.utterance, "feature").filter((f) => DB_FEATURES.has(f.feature));
  const unavoidable = said.filter((f) => f.negated && match.features.includes(f.feature)).map((f) => f.feature);
  if (unavoidable.length) {
    const sz = size(match.widthFt, match.lengthFt);
    return `${say(s, "sales.all_our_units_here_are", { sz, features: featureWords(unavoidable, s) })} `;
  }
  const asked = said.filter((f) => !f.negated).map((f) => f.feature);
  if (!asked.length || !t.quotedBefore || !ASKS_ABOUT_IT.test(t.utterance.text.trim())) return "";
  if (t.quotedBefore === match.unitTypeId) return `${say(s, "sales.yes_its", { features: featureWords(asked, s) })} `;
  // The unit quoted before lacks it; the quote that follows is for one that has it.
  const before = (await t.ctx.facts.unitTypes(facilityId)).find((x) => x.id === t.quotedBefore);
  const lacking = asked.filter((f) => before && !before.features.includes(f as UnitFeature));
  return lacking.length ? `${say(s, "sales.no_that_one_isnt", { features: featureWords(lacking, s) })} ` : "";
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
async function stepSize(t: PolicyTurn, facilityId: string): Promise<string> {
  const s = t.ctx.state;
  const text = t.utterance.text;
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
  const r = await runTool(t.ctx, "search_availability", { facilityId });
  const free = r.ok ? r.results : [];
  if (free.length === 0) return "";
  let target = free[0]!; // cheapest first
  if (dir !== "cheapest") {
    const areaOf = (x: { widthFt: number; lengthFt: number }) => x.widthFt * x.lengthFt;
    const areas = [...new Set(free.map(areaOf))].sort((a, b) => a - b);
    const ref = s.slots.width && s.slots.length ? s.slots.width * s.slots.length : null;
    let area: number | undefined;
    if (dir === "smallest" || (ref === null && dir === "down")) area = areas[0];
    else if (ref === null) area = areas.at(-1);
    else area = dir === "down" ? areas.findLast((a) => a < ref) : areas.find((a) => a > ref);
    if (area === undefined) {
      const sz = size(s.slots.width!, s.slots.length!);
      return `${dir === "down" ? say(s, "sales.we_dont_have_anything_smaller", { sz }) : say(s, "sales.we_dont_have_anything_larger", { sz })} `;
    }
    // The first free unit of the area that keeps the caller's features, else the cheapest there.
    const at = free.filter((x) => areaOf(x) === area);
    target = at.find((x) => (s.slots.features ?? []).every((f) => x.features.includes(f))) ?? at[0]!;
  }
  s.slots.width = target.widthFt;
  s.slots.length = target.lengthFt;
  s.slots.features = (s.slots.features ?? []).filter((f) => target.features.includes(f));
  s.slots.sizeHint = undefined;
  s.slots.unitTypeId = undefined;
  return "";
}

/**
 * Size advice for a home: the usual size and the next one up (guides disagree by about one size),
 * with the usual one's "what fits" and the next one's price, from what is free now. Said before the
 * usual size's quote, which the caller can reserve; "the bigger one" steps up to the next.
 */
async function homeAdvice(t: PolicyTurn, facilityId: string, match: Found, words: [string, string]): Promise<string> {
  const s = t.ctx.state;
  const area = match.widthFt * match.lengthFt;
  const r = await runTool(t.ctx, "search_availability", { facilityId });
  const bigger = (r.ok ? r.results : [])
    .filter((x) => !isParking(x) && x.widthFt * x.lengthFt > area)
    .sort((a, b) => a.widthFt * a.lengthFt - b.widthFt * b.lengthFt || a.monthlyRateCents - b.monthlyRateCents)[0];
  const fits = (await t.ctx.facts.unitTypes(facilityId)).find((x) => x.id === match.unitTypeId)?.whatFits;
  const values = {
    hint: words[0],
    hintEs: words[1],
    usual: size(match.widthFt, match.lengthFt),
    fits: fits ?? "",
    next: bigger ? size(bigger.widthFt, bigger.lengthFt) : "",
    nextPrice: bigger ? money(bigger.monthlyRateCents) : "",
  };
  const usual = fits ? say(s, "sales.usual_size_holds", values) : say(s, "sales.usual_size", values);
  return `${usual}${bigger ? say(s, "sales.next_size_up", values) : "."} `;
}

/** A price or availability question: quote the best match and offer to reserve it. */
export async function answerPrice(t: PolicyTurn, kind: "price" | "availability"): Promise<string> {
  const s = t.ctx.state;
  if (s.flow !== "reserve") s.flow = "quote";
  const facilityId = await resolveFacilityId(t.ctx);
  if (!facilityId) return whichFacility(t);
  const stepped = await stepSize(t, facilityId);
  const hintWords = s.slots.sizeHint ? HINT_WORDS[s.slots.sizeHint as keyof typeof HINT_WORDS] : null;
  if (!(await sizeFromHint(t, facilityId))) return askSize(t);
  const { match, alternative } = await findUnit(t, facilityId);
  const asked = unitPhrase(s.slots.width!, s.slots.length!, s.slots.features ?? [], s);
  if (!match) {
    if (alternative) {
      s.slots.unitTypeId = alternative.unitTypeId;
      s.slots.width = alternative.widthFt;
      s.slots.length = alternative.lengthFt;
      s.slots.features = alternative.features.filter((f) =>
        (s.slots.features ?? []).includes(f as UnitFeature),
      ) as UnitFeature[];
      const q = await quote(t, alternative.unitTypeId);
      s.offer = "reserve";
      s.expecting = null;
      return say(s, "sales.we_dont_have_available_right", {
        asked,
        alternative: unitPhrase(alternative.widthFt, alternative.lengthFt, alternative.features, s),
        monthlyRateCents: money(q.monthlyRateCents),
      });
    }
    s.offer = "message";
    return say(s, "sales.sorry_we_have_no_s", { askedPlural: asked.replace(/^a /, ""), asked });
  }
  s.slots.unitTypeId = match.unitTypeId;
  s.slots.unitTypeName = match.unitTypeName;
  const q = await quote(t, match.unitTypeId);
  const what = unitPhrase(match.widthFt, match.lengthFt, match.features, s);
  // How often to name the special is the operator's call (Settings > Agent); the price includes it anyway.
  const mention = (await t.ctx.facts.agentBehaviour(facilityId)).promotionMention;
  const promo =
    q.promotionName && (mention === "every_quote" || (mention === "first_quote" && !s.promotionMentioned))
      ? say(s, "sales.right_now_we_have_a", { promotionName: q.promotionName })
      : "";
  if (promo) s.promotionMentioned = true;
  const home = hintWords && HOME_HINTS.has(s.slots.sizeHint!);
  const advice =
    stepped +
    (await featureNote(t, facilityId, match)) +
    (home ? await homeAdvice(t, facilityId, match, hintWords) : "");
  // A vehicle, boxes, an office: one sentence names the unit suggested for it and its price, so the
  // size is said once ("For a boat, I'd suggest a 12x40 RV and boat parking space, at $129/mo."),
  // never again as "A 12x40 … is $129/mo." after it.
  const monthlyRateCents = money(q.monthlyRateCents);
  const suggestion =
    hintWords && !home
      ? say(s, "sales.for_id_suggest_at", { hint: hintWords[0], hintEs: hintWords[1], what, monthlyRateCents })
      : "";
  s.offer = "reserve";
  s.expecting = null;
  if (s.flow === "reserve") {
    // A unit not quoted before (the first, or a different one) is named, not just priced.
    const price = suggestion
      ? suggestion
      : t.quotedBefore !== match.unitTypeId
        ? say(s, "sales.is_mo", { what: capital(what), monthlyRateCents })
        : say(s, "sales.thats_mo", { monthlyRateCents });
    return continueReserve(t, `${advice}${price}${promo}`);
  }
  const countText =
    match.available === 1
      ? say(s, "sales.we_have_one_left")
      : say(s, "sales.we_have_available", { available: match.available });
  const head = suggestion
    ? `${advice}${suggestion} ${countText}`
    : kind === "availability"
      ? `${advice}${say(s, "sales.yes_we_have_s_available", { whatPlural: what.replace(/^a /, ""), monthlyRateCents, what })}`
      : say(s, "sales.is_mo_2", { advice, what: capital(what), monthlyRateCents, countText });
  return `${head}${promo} ${say(s, "sales.would_you_like_to_reserve")}`;
}

const capital = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/**
 * "is there an admin fee?", "do I need a deposit?": the move-in charges besides rent, which are the
 * facility's (the same for every unit type), read from a quote like every other price. A late fee
 * is a rule, not a move-in charge: the knowledge base answers it.
 */
export const asksMoveInFees = (text: string) =>
  /\b(admin|administrative|administration|set ?up|move[- ]in|one[- ]time|upfront)\s+(fee|fees|charge|charges|cost|costs)\b|\bany (other )?(fees|charges)\b|\bdeposit\b|\bdep[oó]sito\b|\bcargos? (de )?(administraci[oó]n|mudanza)\b/i.test(
    text,
  ) && !/\blate\b|\brecargo/i.test(text);

export async function answerMoveInFees(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const facilityId = await resolveFacilityId(t.ctx);
  if (!facilityId) return whichFacility(t);
  const [any] = await t.ctx.facts.unitTypes(facilityId);
  if (!any) return say(s, "sales.the_office_can_tell_you");
  const quoted = s.quoted;
  const r = await runTool(t.ctx, "get_quote", { unitTypeId: any.id, moveInDate: s.slots.moveInDate });
  if (!r.ok) throw new Error("quote failed");
  s.quoted = quoted; // the fees are the facility's: this unit was never quoted to the caller
  const charges = r.lines.filter((l) => l.code === "admin_fee" || l.code === "fee");
  const deposit = r.lines.find((l) => l.code === "deposit");
  const named = charges.map((l) =>
    l.code === "admin_fee"
      ? say(s, "sales.a_one_time_administrative_fee", { amountCents: money(l.amountCents) })
      : say(s, "sales.x", { label: l.label, amountCents: money(l.amountCents) }),
  );
  const fees = named.length
    ? say(s, "sales.at_move_in_theres", { list: list(named, s) })
    : say(s, "sales.theres_no_admin_fee");
  const dep = deposit
    ? say(s, "sales.and_a_refundable_deposit", { amountCents: money(deposit.amountCents) })
    : say(s, "sales.and_no_deposit");
  return `${fees}${dep} ${say(s, "sales.besides_that_you_pay_the")}`;
}

async function quote(t: PolicyTurn, unitTypeId: string) {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "get_quote", { unitTypeId, moveInDate: s.slots.moveInDate });
  if (!r.ok) throw new Error("quote failed");
  s.slots.monthlyRateCents = r.monthlyRateCents;
  s.slots.dueAtMoveInCents = r.dueAtMoveInCents;
  s.slots.promotionName = r.promotion?.name ?? null;
  s.slots.unitTypeName = r.unitTypeName;
  return {
    monthlyRateCents: r.monthlyRateCents,
    dueAtMoveInCents: r.dueAtMoveInCents,
    promotionName: r.promotion?.name ?? null,
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
export async function answerSizeAdvice(t: PolicyTurn): Promise<string> {
  const rule = ASKS_PERMISSION.test(t.utterance.text) ? await answerFromKnowledge(t, t.utterance.text) : null;
  if (rule && SAYS_NO.test(rule)) return rule;
  const advice = await adviseSize(t);
  return rule ? `${rule} ${advice}` : advice;
}

/** Size advice: what fits, from the operator's text for the nearest size, then a price. */
async function adviseSize(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const facilityId = await resolveFacilityId(t.ctx);
  if (!facilityId) return whichFacility(t);
  const sz = first(t.utterance, "unit_size");
  if (sz && !first(t.utterance, "size_hint")) {
    const types = await t.ctx.facts.unitTypes(facilityId);
    const ut =
      types.find((x) => x.widthFt === sz.width && x.lengthFt === sz.length && x.whatFits) ??
      nearestByArea(
        types.filter((x) => x.whatFits),
        sz.width * sz.length,
      );
    const fits = ut?.whatFits;
    if (!fits) return answerPrice(t, "price");
    s.offer = "reserve";
    return say(s, "sales.a_holds_would_you_like", { size: size(ut.widthFt, ut.lengthFt), fits });
  }
  if (!s.slots.sizeHint && !s.slots.width) {
    s.expecting = "size";
    return say(s, "sales.tell_me_what_youre_storing");
  }
  if (!(await sizeFromHint(t, facilityId))) return askSize(t);
  // Advice for something the caller named (a home, a boat, boxes) names the size and why in the
  // quote itself (homeAdvice, "For a boat, I'd suggest …"): "A 12x40 holds …" before it would say
  // the size a third time. Only a size reached otherwise is introduced by what it holds.
  const named = !!s.slots.sizeHint && !!HINT_WORDS[s.slots.sizeHint as keyof typeof HINT_WORDS];
  const types = await t.ctx.facts.unitTypes(facilityId);
  const ut = types.find((x) => x.widthFt === s.slots.width && x.lengthFt === s.slots.length);
  const text = await answerPrice(t, "price");
  return ut?.whatFits && !named
    ? `${say(s, "sales.a_holds", { size: size(ut.widthFt, ut.lengthFt), whatFits: ut.whatFits })} ${text}`
    : text;
}

/** Starts (or resumes) the reservation flow. */
export async function startReserve(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  if (!(await canBookInTurn(t.ctx.tx, t.ctx.organizationId))) {
    return startMessage(
      t,
      say(s, "sales.im_not_able_to_make"),
      "Wants to reserve a unit (online booking is unavailable).",
    );
  }
  s.flow = "reserve";
  s.offer = null;
  // "let's go with the bigger one" after a quote: the quote steps to that size (answerPrice) first.
  if (s.slots.width && asksRelativeSize(t.utterance.text)) s.slots.unitTypeId = undefined;
  return continueReserve(t, "");
}

/** Asks for the next missing detail, or reads everything back for a yes. */
export async function continueReserve(t: PolicyTurn, prefix: string): Promise<string> {
  const s = t.ctx.state;
  const pre = prefix ? `${prefix} ` : "";
  const facilityId = await resolveFacilityId(t.ctx);
  if (!facilityId) return pre + (await whichFacility(t));
  s.facilityId = facilityId;
  if (!s.slots.unitTypeId) {
    if (!s.slots.width && !s.slots.sizeHint) return pre + (await askSize(t));
    return answerPrice(t, "price");
  }
  if (!s.slots.moveInDate) {
    s.expecting = "move_in_date";
    return pre + say(s, "sales.what_day_would_you_like");
  }
  const f = (await t.ctx.facts.facility(facilityId))!;
  if (s.slots.moveInDate < localClock(t.ctx.now, f.timeZone).date) {
    s.slots.moveInDate = undefined;
    s.expecting = "move_in_date";
    return pre + say(s, "sales.that_date_has_passed_what");
  }
  const closed = await closedForMoveIn(t, facilityId, s.slots.moveInDate);
  if (closed) {
    const asked = s.slots.moveInDate;
    s.slots.moveInDate = undefined;
    s.slots.proposedMoveIn = closed.next ?? undefined;
    s.expecting = "move_in_date";
    const why = closed.reason ? say(s, "sales.for", { reason: closed.reason }) : "";
    const next = closed.next
      ? say(s, "sales.the_next_day_were_open", { day: day(closed.next, s) })
      : say(s, "sales.what_other_day_would_work");
    return pre + say(s, "sales.our_office_is_closed_on", { day: day(asked, s), why }) + next;
  }
  if (!s.slots.name) {
    s.expecting = "name";
    return pre + say(s, "sales.may_i_have_your_first");
  }
  if (!hasContact(s)) {
    s.expecting = "phone";
    if (s.callerId && s.slots.phoneFromCallerId !== false) {
      s.slots.phoneFromCallerId = true;
      return pre + say(s, "sales.is_the_number_youre_from", { phone: phone(s.callerId), s: contactVerb(s) });
    }
    return pre + askContact(s);
  }
  if (!s.slots.email && !s.slots.emailDeclined) {
    s.expecting = "email";
    return pre + say(s, "sales.would_you_like_the_confirmation");
  }
  const q = await quote(t, s.slots.unitTypeId);
  const ut = (await t.ctx.facts.unitTypes(facilityId)).find((x) => x.id === s.slots.unitTypeId);
  const what = ut ? unitPhrase(ut.widthFt, ut.lengthFt, ut.features, s) : (s.slots.unitTypeName ?? "");
  s.expecting = "confirm";
  const reachAt = s.slots.phone ? phone(s.slots.phone) : s.slots.email!;
  return (
    pre +
    say(s, "sales.let_me_read_that_back", {
      what,
      name: f.name,
      day: day(s.slots.moveInDate, s),
      monthlyRateCents: money(q.monthlyRateCents),
      dueAtMoveInCents: money(q.dueAtMoveInCents),
      name2: s.slots.name,
      reachAt,
      reachBy: s.slots.phone ? "teléfono" : "correo",
    })
  );
}

/** The caller said yes to the read-back: book it. */
export async function bookIt(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const r = await runTool(t.ctx, "create_reservation", {
    unitTypeId: s.slots.unitTypeId!,
    moveInDate: s.slots.moveInDate!,
    name: s.slots.name!,
    phone: s.slots.phone,
    email: s.slots.email,
  });
  if (!r.ok) {
    const reason = (r as { reason?: string }).reason;
    if (reason === "booking_disabled")
      return startMessage(
        t,
        say(s, "sales.im_not_able_to_complete"),
        "Wanted to reserve a unit (booking unavailable).",
      );
    if (reason === "conflict") {
      s.slots.unitTypeId = undefined;
      s.expecting = "size";
      return say(s, "sales.im_sorry_that_size_was");
    }
    s.offer = "transfer";
    return say(s, "sales.im_sorry_i_couldnt_complete");
  }
  s.flow = null;
  s.expecting = "anything_else";
  // Booked: the unit's slots and the offer are spent, so a later "yes" cannot book the same unit
  // again; a second unit goes through the flow from its size. The contact details stay.
  s.offer = null;
  const { name, phone, email, emailDeclined } = s.slots;
  s.slots = { name, phone, email, emailDeclined };
  // No text from the turn: the reservation's lifecycle workflow (started through the outbox the
  // booking wrote) texts and e-mails the confirmation, with the price and the hold date; a second
  // text from here said the same thing twice.
  return say(s, r.pendingInPms ? "sales.reserved_pending_in_the_pms" : "sales.youre_all_set_your_confirmation", {
    confirmationCode: r.confirmationCode,
    day: day(r.moveInDate, s),
  });
}

/** Once a name and a phone or e-mail are known, the caller is a lead even if they never book. */
export const captureLeadIfReady = (t: PolicyTurn) => captureLeadIfReadyCtx(t.ctx);

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
  t: PolicyTurn,
  facilityId: string,
  date: string,
): Promise<{ reason: string | null; next: string | null } | null> {
  const f = await t.ctx.facts.facility(facilityId);
  if (!f || Object.keys(f.officeHours ?? {}).length === 0) return null;
  // The facility's setting (Facilities > edit, the import's moveInWithoutStaff): contactless move-ins need nobody there.
  if (f.moveInWithoutStaff) return null;
  const closures = await t.ctx.facts.closures(facilityId);
  const day = hoursOn(f.officeHours, closures, clockOf(date));
  if (day.ranges.length) return null;
  let next: string | null = null;
  for (let i = 1; i <= 31 && !next; i++) {
    const d = new Date(`${date}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + i);
    const iso = d.toISOString().slice(0, 10);
    if (hoursOn(f.officeHours, closures, clockOf(iso)).ranges.length) next = iso;
  }
  return { reason: day.closedFor, next };
}
