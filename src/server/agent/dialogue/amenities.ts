/**
 * "Do you have cameras?", "is it gated?", "do you sell boxes?", "is there climate control?": a
 * question about what the facility offers, answered from its data. The facility's amenities (free
 * text the operator writes: "video surveillance", "boxes and supplies") answer the facility's
 * things, its unit types answer what units come with (climate control, drive-up); the operator's
 * own knowledge-base answer on it, when there is one, comes first. Nothing on file is said so ("I
 * don't have anything on file about …"), never a no the data does not say.
 */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";
import { resolveFacilityId } from "@/server/agent/tools/channel";
import { amenityIn } from "@/server/agent/tools/amenity-names";
import { answerText, englishOnly, type TextLanguage } from "@/server/agent/tools/operator-text";
import type { UnitFeature } from "@/server/db/schema";

import { whichFacility } from "./info-answers";
import { say } from "./phrases";
import { absorbSales } from "./sales-flow";
import { featureWords, list, money, operatorWords, size, withFollowUp } from "./say";
import type { PolicyTurn } from "./turn";
import { first, isQuestionShaped } from "./understand";

interface AmenityTopic {
  /** What the caller asked about. */
  asked: RegExp;
  /** An amenity (or the operator's answer) that says the facility has it. */
  has: RegExp;
  /** How to name it when nothing is on file. */
  words: [string, string];
  /** Words so plainly about it that a coverage question heard in them ("covered") is this one. */
  plain?: boolean;
}

/** The facility's own things, read from its amenities. */
const TOPICS: AmenityTopic[] = [
  {
    asked:
      /\b(security )?cameras?\b|\bsurveillance\b|\bcctv\b|\bvideo (monitoring|monitored|security)\b|\bc[aá]maras?\b|\bvigilancia\b/i,
    has: /camera|surveillance|video|cctv|c[aá]mara|vigilancia/i,
    words: ["security cameras", "cámaras de seguridad"],
  },
  {
    asked: /\bgated\b|\bfenced\b|\b(a|any) (security )?(gate|fence)\b|\bport[oó]n\b|\bcercad[oa]\b/i,
    has: /gate|fence|keypad|port[oó]n|cercad/i,
    words: ["gated access", "acceso con portón"],
  },
  {
    // Asked of buying ("I have boxes to store" is what they store, not what the office sells).
    asked:
      /\b(sell|sells|selling|buy|purchase|carry)\b.{0,25}\b(boxes|supplies|tape|bubble wrap|locks?|padlocks?)\b|\b(moving|packing) supplies\b|\b(do|does)\s+(you|y'?all|they|the office)\s+(have|got)\s+(any\s+)?(moving\s+|packing\s+)?(boxes|supplies|tape|locks?|padlocks?)\b|\bvenden\b.{0,25}\b(cajas|candados?|cinta)\b/i,
    has: /\bbox|suppl|packing|\blocks?\b|padlock|tape|caja|candado/i,
    words: ["boxes and moving supplies", "cajas y artículos de mudanza"],
  },
  {
    asked: /\b(carts?|dolly|dollies|hand ?trucks?|carritos?|diablitos?)\b/i,
    has: /cart|dolly|dollies|hand ?truck|carrito|diablito/i,
    words: ["carts or dollies", "carritos o diablitos"],
  },
  {
    asked:
      /\b(rent|rental|rentals|borrow)\b.{0,30}\btrucks?\b|\btrucks?\b.{0,10}\b(rental|rentals|for rent)\b|\bmoving trucks?\b/i,
    has: /truck|cami[oó]n/i,
    words: ["truck rental", "renta de camiones"],
  },
  {
    // "Do you have wifi?", "is there internet?": never a unit size question.
    asked: /\bwi[- ]?fi\b|\bwireless\b|\binternet\b|\bhot ?spot\b|\bred inal[aá]mbrica\b/i,
    has: /wi[- ]?fi|wireless|internet|hot ?spot/i,
    words: ["wifi", "wifi"],
  },
  {
    asked: /\b(rest ?rooms?|bath ?rooms?|toilets?|washrooms?|ba[nñ]os?|sanitarios?)\b/i,
    has: /rest ?room|bath ?room|toilet|washroom|ba[nñ]o|sanitario/i,
    words: ["restrooms", "baños"],
  },
  {
    // "Is there a security guard?": a guard, not the cameras and gate ("Yes, we have gated access"
    // answered a guard question with a yes the data never said).
    asked: /\b(security )?guards?\b|\bpatrol(s|led)?\b|\bon[- ]?site security\b|\bguardias?\b|\bvigilantes?\b/i,
    has: /guard|patrol|on[- ]?site (security|manager|staff)|guardia|vigilante/i,
    words: ["a security guard", "un guardia de seguridad"],
  },
  {
    // "Is it well lit at night?": lighting, not the gate hours.
    asked: /\b(well[- ]?lit|lit up|lighting|lights?)\b|\biluminad[oa]\b|\biluminaci[oó]n\b/i,
    has: /\blight|\blit\b|iluminad/i,
    words: ["lighting", "iluminación"],
  },
  {
    // "Do you have a notary?": never the specials (it was heard as a promotions question).
    asked: /\bnotar(y|ies|ize|ized|izing)\b|\bnotari[oa]s?\b/i,
    has: /notar/i,
    words: ["a notary", "un notario"],
    plain: true,
  },
  {
    // "Do you spray for bugs?", "do you do pest control?": never the specials.
    asked:
      /\bpests?\b|\bexterminat\w*|\b(spray|sprays|spraying|sprayed|treat|treats|treated)\b.{0,20}\b(bugs?|insects?|roach(es)?|termites?|rodents?|mice|rats?|spiders?)\b|\bplagas?\b|\bfumiga\w*/i,
    has: /pest|extermin|bug|insect|fumiga|plaga/i,
    words: ["pest control", "control de plagas"],
    plain: true,
  },
  {
    // "Is there a covered loading area?": a roof to load under, not coverage for what is stored.
    asked:
      /\bcovered\b.{0,25}\b(loading|unloading|load|dock|bay)\b|\b(loading|unloading) (area|dock|bay|zone|space)s?\b|\bcarga techad[ao]\b|\b[aá]rea de carga\b/i,
    has: /\bloading|\bdock|\bcovered (area|load|bay)|canopy|techad/i,
    words: ["a covered loading area", "un área de carga techada"],
    plain: true,
  },
  {
    // "Do you have an RV dump station?": a service, not somewhere to keep the RV.
    asked:
      /\bdump (station|site|stations|sites)\b|\b(sewage|septic|black ?water|gr[ae]y ?water|waste ?water) (dump|disposal|station)\b|\bestaci[oó]n de descarga\b/i,
    has: /dump|sewage|septic|descarga/i,
    words: ["an RV dump station", "una estación de descarga para RV"],
    plain: true,
  },
  {
    // "Can you accept packages for me?", "will you sign for deliveries?": not out of scope, not a unit.
    asked:
      /\b(accept|accepts|receive|receives|take|takes|sign for|hold|holds)\b.{0,25}\b(packages?|deliver(y|ies)|parcels?|mail|shipments?)\b|\b(packages?|parcels?|shipments?)\b.{0,25}\b(delivered|shipped|sent)\b|\b(reciben|aceptan|reciban)\b.{0,20}\b(paquetes?|paqueter[ií]a|correo)\b/i,
    has: /package|deliver|parcel|shipment|paquete/i,
    words: ["accepting packages or deliveries", "recibir paquetes"],
  },
  {
    asked: /\bmail ?box(es)?\b|\bp\.? ?o\.? box(es)?\b|\bpost office box(es)?\b|\bbuz[oó]n(es)?\b/i,
    has: /mail ?box|p\.? ?o\.? box|buz[oó]n/i,
    words: ["mailbox rental", "renta de buzones"],
  },
  {
    // "Is it secure?": whatever the facility lists that keeps it so ("seguro" is insurance too: not here).
    asked: /\b(secure|security|safe|safety|seguridad)\b(?!.{0,10}\bdeposit)/i,
    has: /camera|surveillance|video|cctv|gate|fence|alarm|light|keypad|guard|patrol|on[- ]site|c[aá]mara|vigilancia|port[oó]n/i,
    words: ["security", "seguridad"],
  },
];

/**
 * "Do you have elevators?", "is there a freight elevator?", "are the units upstairs?": which floor
 * the units are on and how they are reached, from the operator's answer or amenities, else the unit
 * types (elevator access is upstairs; ground-floor and drive-up units are on the ground).
 */
const ELEVATOR = /\b(elevators?|freight lifts?|a lift|ascensor(es)?|elevador(es)?)\b/i;
const FLOORS =
  /\bup ?stairs\b|\bstairs\b|\bstair ?case\b|\b(second|2nd|third|3rd|upper|top|ground|first|1st|bottom) (floor|level|story)s?\b|\bmulti[- ]?(story|level)\b|\b(escaleras|arriba|segundo piso|planta baja|primer piso)\b/i;
const FREIGHT = /\bfreight\b|\bde carga\b/i;
type FloorsTopic = { floors: "elevator" | "upstairs" };
const ON_THE_GROUND = new Set<string>(["ground_floor", "drive_up"]);
const PARKING_SPACE = new Set<string>(["rv_parking", "vehicle_parking"]);

/** An amenity written as a word about the place ("gated"), said with "is", not "have". */
const SAID_OF_THE_PLACE = /^(gated|fenced|fenced[- ]in|well[- ]lit|lit|monitored|alarmed|secured?)$/i;

/** What units come with, read from the unit types. */
const FEATURE_TOPICS: { asked: RegExp; feature: UnitFeature }[] = [
  {
    asked: /\bclimate[- ]?(control|controlled)\b|\btemperature[- ]controlled\b|\bair[- ]conditioned\b|\bclima\b/i,
    feature: "climate_controlled",
  },
  { asked: /\bdrive[- ]?up\b|\bacceso en auto\b/i, feature: "drive_up" },
];

/** A question about having it, not a request for it ("I need a climate-controlled 10x10"). */
const ASKS_WHETHER =
  /\b(do|does|did)\s+(you|y'?all|ya|u|they|it|the facility|the place)\b|\b(is|are)\s+(it|there|the (place|facility|property|units?)|your (place|facility|units?)|you( guys)?|y'?all|they)\b|\b(have|got)\s+(any|a)\b|\bany\b|\?\s*$|¿|\b(tienen|hay|venden)\b/i;

/** Where the words are about an account, a person, hours or a code, the question is not about an amenity. */
const NOT_AMENITY = new Set<Intent>([
  "emergency",
  "speak_to_person",
  "leave_message",
  "gate_code_request",
  "cancel_reservation",
  "balance_inquiry",
  "payment_inquiry",
  "protection_plan_inquiry",
  "goodbye",
]);
/** What a coverage question heard in plain words about something else ("covered loading area") may be. */
const COVERAGE_MISHEARD = new Set<Intent>(["protection_plan_inquiry"]);
const SAYS_COVERAGE = /\b(insurance|insured|protection|coverage|seguro|protecci[oó]n|cobertura)\b/i;
const ABOUT_SOMETHING_ELSE = /\b(code|codes|hours?|open|close|closes|closed|c[oó]digo|horario)\b/i;

function topicOf(turn: PolicyTurn): AmenityTopic | { feature: UnitFeature } | FloorsTopic | null {
  const text = turn.utterance.text;
  const intent = turn.utterance.intent;
  if (ABOUT_SOMETHING_ELSE.test(text)) return null;
  if (!ASKS_WHETHER.test(text) && !isQuestionShaped(text)) return null;
  if (NOT_AMENITY.has(intent)) {
    // "Is the loading area covered?" was heard as coverage; plain words about a thing say what it is.
    if (!COVERAGE_MISHEARD.has(intent) || SAYS_COVERAGE.test(text)) return null;
    return TOPICS.find((t) => t.plain && t.asked.test(text)) ?? null;
  }
  const topic = TOPICS.find((t) => t.asked.test(text));
  if (topic) return topic;
  // "Is the 10x10 upstairs?" is about that size; "do you have elevators?" about the building.
  if (ELEVATOR.test(text)) return { floors: "elevator" };
  if (FLOORS.test(text) && !first(turn.utterance, "unit_size") && !/\b(i|we) (need|want)\b/i.test(text))
    return { floors: "upstairs" };
  // A size, or a unit already talked about ("is it climate controlled?" after a quote), is the quote's.
  const state = turn.ctx.state;
  if (first(turn.utterance, "unit_size") || first(turn.utterance, "size_hint") || state.slots.width) return null;
  const feature = FEATURE_TOPICS.find((t) => t.asked.test(text));
  return feature ? { feature: feature.feature } : null;
}

export const asksAboutAmenity = (turn: PolicyTurn) => topicOf(turn) !== null;

export async function answerAmenity(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const topic = topicOf(turn)!;
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  if (!state.expecting) state.offer = null;
  if ("feature" in topic) return featureAnswer(turn, facilityId, topic.feature);
  if ("floors" in topic) return floorsAnswer(turn, facilityId, topic.floors);
  // The operator's own answer on it ("Yes, the office sells boxes, tape and locks.") says the most:
  // an entry whose question is about the same thing (not "can I share my gate code?" for "is it gated?").
  const r = await runTool(turn.ctx, "facility_info", {
    topic: "question",
    question: turn.utterance.text.slice(0, 500),
  });
  const entries = r.ok
    ? ((r as { answers?: { question: string; answer: string; language: TextLanguage }[] }).answers ?? [])
    : [];
  const kb = entries.find((e) => topic.asked.test(e.question));
  if (kb) return withFollowUp(turn, operatorWords(state, answerText(kb)));
  const f = await turn.ctx.facts.facility(facilityId);
  const had = (f?.amenities ?? []).filter((a) => topic.has.test(a));
  if (had.length) {
    if (state.language === "es") return withFollowUp(turn, spanishAmenities(state, had, topic));
    const is = had.filter((a) => SAID_OF_THE_PLACE.test(a.trim()));
    const has = had.filter((a) => !is.includes(a));
    const answer = !has.length
      ? say(state, "info.yes_the_facility_is", { amenities: list(is, state) })
      : is.length
        ? say(state, "info.yes_we_have_amenity_and_is", { amenities: list(has, state), is: list(is, state) })
        : say(state, "info.yes_we_have_amenity", { amenities: list(has, state) });
    return withFollowUp(turn, answer);
  }
  state.offer = "transfer";
  return say(state, "info.amenity_not_on_file", { topic: topic.words[0], topicEs: topic.words[1] });
}

/**
 * The operator writes amenities in English: a Spanish caller hears each by its Spanish name
 * ("Sí, tenemos acceso con portón y videovigilancia."), and one without a Spanish name as the
 * topic's Spanish words, then in English after a lead-in, never in the middle of the Spanish.
 */
function spanishAmenities(state: PolicyTurn["ctx"]["state"], had: readonly string[], topic: AmenityTopic): string {
  const said = had.map((a) => amenityIn(a, state.language));
  const named = [...new Set(said.filter((x) => x.language === state.language).map((x) => x.text))];
  const english = said.filter((x) => x.language !== state.language).map((x) => x.text.trim());
  const yes = say(state, "info.yes_we_have_amenity", { amenities: named.length ? list(named, state) : topic.words[1] });
  if (!english.length) return yes;
  return `${yes} ${operatorWords(state, englishOnly(`${list(english, { language: "en" })}.`))}`;
}

/**
 * Elevators and floors: the operator's own answer first, then the amenities ("freight elevator"),
 * then the unit types: "Yes, our 5x5 units are upstairs, with elevator access. Our 10x10 and 10x20
 * units are on the ground floor." A freight elevator nothing on file names is not said to be one.
 */
async function floorsAnswer(turn: PolicyTurn, facilityId: string, kind: "elevator" | "upstairs"): Promise<string> {
  const state = turn.ctx.state;
  const text = turn.utterance.text;
  const freight = kind === "elevator" && FREIGHT.test(text);
  const r = await runTool(turn.ctx, "facility_info", { topic: "question", question: text.slice(0, 500) });
  const entries = r.ok
    ? ((r as { answers?: { question: string; answer: string; language: TextLanguage }[] }).answers ?? [])
    : [];
  const kb = entries.find((e) => ELEVATOR.test(e.question) || FLOORS.test(e.question));
  if (kb && (!freight || FREIGHT.test(`${kb.question} ${kb.answer}`)))
    return withFollowUp(turn, operatorWords(state, answerText(kb)));
  const amenities = ((await turn.ctx.facts.facility(facilityId))?.amenities ?? []).filter((a) => ELEVATOR.test(a));
  const freightListed = amenities.filter((a) => FREIGHT.test(a));
  if (freight && freightListed.length)
    return withFollowUp(turn, say(state, "info.yes_we_have_amenity", { amenities: list(freightListed, state) }));
  const types = (await turn.ctx.facts.unitTypes(facilityId)).filter(
    (x) => !x.features.some((f) => PARKING_SPACE.has(f)),
  );
  const sizesOf = (xs: typeof types) => list([...new Set(xs.map((x) => size(x.widthFt, x.lengthFt)))], state);
  const up = types.filter((x) => x.features.includes("elevator"));
  const ground = types.filter((x) => x.features.some((f) => ON_THE_GROUND.has(f)) && !up.includes(x));
  const parts: string[] = [];
  if (types.length && ground.length === types.length) parts.push(say(state, "info.all_on_the_ground_floor"));
  else {
    if (up.length)
      parts.push(
        say(state, kind === "elevator" ? "info.yes_upstairs_with_elevator" : "info.upstairs_with_elevator", {
          sizes: sizesOf(up),
        }),
      );
    else if (amenities.length && kind === "elevator")
      parts.push(say(state, "info.yes_we_have_amenity", { amenities: list(amenities, state) }));
    if (ground.length) parts.push(say(state, "info.on_the_ground_floor", { sizes: sizesOf(ground) }));
  }
  // Nothing says there is an elevator, or which floor: not on file (the ground floor alone says neither).
  const known =
    kind === "elevator" ? up.length > 0 || amenities.length > 0 || ground.length === types.length : parts.length > 0;
  if (!types.length || !known) {
    state.offer = "transfer";
    const topic: [string, string] =
      kind === "elevator"
        ? ["elevators", "elevadores"]
        : ["which floor the units are on", "en qué piso están las unidades"];
    return `${parts.length ? `${parts.join(" ")} ` : ""}${say(state, "info.amenity_not_on_file", { topic: topic[0], topicEs: topic[1] })}`;
  }
  if (freight && (up.length || amenities.length)) {
    state.offer = "transfer";
    return `${parts.join(" ")} ${say(state, "info.freight_not_on_file")}`;
  }
  return withFollowUp(turn, parts.join(" "));
}

/** "Do you have climate-controlled units?": the sizes that have it, then the size is asked. */
async function featureAnswer(turn: PolicyTurn, facilityId: string, feature: UnitFeature): Promise<string> {
  const state = turn.ctx.state;
  const types = (await turn.ctx.facts.unitTypes(facilityId)).filter((x) => x.features.includes(feature));
  const features = featureWords([feature], state);
  if (!types.length) return withFollowUp(turn, say(state, "info.we_dont_have_feature_units", { features }));
  absorbSales(turn, { dates: false });
  const sizes = [...new Set(types.map((x) => size(x.widthFt, x.lengthFt)))];
  state.expecting = "size";
  return say(state, "info.yes_we_have_feature_units", { features, sizes: list(sizes, state) });
}

/**
 * "What's the difference between climate controlled and regular?", "what does climate controlled
 * mean?", "do I need climate control?": what climate control is, not whether the facility has it
 * nor a price to size.
 */
const CLIMATE = /\bclimate\b|\btemperature[- ]controlled\b|\bclima\b/i;
const WHAT_IT_IS =
  /\b(difference|different|diff|vs\.?|versus|compared?|comparison|better)\b|\bwhat (is|does|'s|s)\s+(a\s+|the\s+)?climate[- ]?control(led)?( units?| storage)?( mean| do| for)?\s*\??$|\b(do|would|will|should) (i|we) (really |even )?need (a |the )?climate\b|\bworth (it|the)\b|\bwhy\b|\bdiferencia\b|\bqu[eé] (es|significa)\b.{0,20}\bclima\b|\bvale la pena\b|\bnecesito clima\b/i;

export const asksWhatClimateIs = (turn: PolicyTurn) =>
  !NOT_AMENITY.has(turn.utterance.intent) &&
  CLIMATE.test(turn.utterance.text) &&
  WHAT_IT_IS.test(turn.utterance.text) &&
  !first(turn.utterance, "unit_size");

/**
 * What a climate-controlled unit is, then the sizes that have it here with their lowest free rate
 * ("Here climate-controlled units come in 5x5 and 10x10, from $65/mo."), and which size.
 */
export async function answerWhatClimateIs(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  if (!state.expecting) state.offer = null;
  const what = say(state, "info.climate_controlled_is");
  const types = (await turn.ctx.facts.unitTypes(facilityId)).filter((x) => x.features.includes("climate_controlled"));
  if (!types.length) return withFollowUp(turn, `${what} ${say(state, "info.we_dont_have_climate_here")}`);
  const sizes = [...new Set(types.map((x) => size(x.widthFt, x.lengthFt)))];
  const r = await runTool(turn.ctx, "search_availability", { facilityId, features: ["climate_controlled"] });
  const cheapest = r.ok
    ? r.results.reduce<number | null>((m, x) => (m === null || x.monthlyRateCents < m ? x.monthlyRateCents : m), null)
    : null;
  const here =
    cheapest !== null
      ? say(state, "info.here_climate_comes_in_from", { sizes: list(sizes, state), monthlyRateCents: money(cheapest) })
      : say(state, "info.here_climate_comes_in", { sizes: list(sizes, state) });
  // Asked in passing (mid-booking, a message), the question pending is asked again after it.
  if (
    state.flow === "reserve" ||
    (state.expecting && state.expecting !== "size" && state.expecting !== "anything_else")
  )
    return `${what} ${here}`;
  state.expecting = "size";
  return `${what} ${here} ${say(state, "info.what_size_are_you_looking")}`;
}
