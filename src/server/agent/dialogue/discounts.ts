/**
 * "Do you do student discounts?", "is there a military discount?", then "what about seniors?": a
 * discount for who the caller is, not the general special. Answered from what the operator has on
 * file (a promotion or a knowledge-base entry that names them); with nothing on file that does, the
 * caller hears so, with the specials there are, and the office is offered to confirm (a message).
 * Never a discount the data does not hold.
 */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";
import { answerIn } from "@/server/agent/tools/operator-text";
import { resolveFacilityId } from "@/server/agent/tools/channel";

import { whichFacility } from "./info-answers";
import { say } from "./phrases";
import { list, operatorWords, withFollowUp } from "./say";
import type { PolicyTurn } from "./turn";
import { first } from "./understand";

interface Audience {
  /** The caller's words for them. */
  asked: RegExp;
  /** How to name the discount: "a {student} discount", "un descuento para {estudiantes}". */
  words: [string, string];
}

const AUDIENCES: Audience[] = [
  { asked: /\b(students?|college|university|estudiantes?|universitari[oa]s?)\b/i, words: ["student", "estudiantes"] },
  {
    asked:
      /\b(military|veterans?|vets?|army|navy|marines?|air force|coast guard|national guard|active duty|service ?members?|militar(es)?|veteranos?)\b/i,
    words: ["military", "militares"],
  },
  {
    asked: /\b(seniors?|senior citizens?|elderly|retirees?|aarp|personas mayores|tercera edad|jubilad[oa]s?)\b/i,
    words: ["senior", "personas mayores"],
  },
  {
    asked:
      /\b(first responders?|police|cops?|firefighters?|fire ?fighters?|paramedics?|emts?|nurses?|healthcare workers?|bomberos?|polic[ií]as?|enfermer[oa]s?)\b/i,
    words: ["first responder", "personal de emergencias"],
  },
  { asked: /\b(teachers?|educators?|maestr[oa]s?|profesor(es|as?)?)\b/i, words: ["teacher", "maestros"] },
];

const DISCOUNT =
  /\b(discounts?|deals?|specials?|promos?|promotions?|price breaks?|descuentos?|promoci[oó]n|ofertas?)\b/i;
/** "what about military?", "and for seniors?": another audience right after a discount answer. */
const FOLLOW_UP_WORDS = 6;

/** Requests an audience word said with them never turns into a discount question. */
const NOT_DISCOUNT = new Set<Intent>([
  "emergency",
  "speak_to_person",
  "leave_message",
  "gate_code_request",
  "cancel_reservation",
  "balance_inquiry",
  "payment_inquiry",
  "goodbye",
  // "reserve a 5x10 with the military discount the manager promised me" is a reservation.
  "reserve_unit",
]);

function audienceOf(turn: PolicyTurn, intent: Intent): Audience | null {
  const text = turn.utterance.text;
  if (NOT_DISCOUNT.has(intent) || first(turn.utterance, "unit_size")) return null;
  const audience = AUDIENCES.find((a) => a.asked.test(text));
  if (!audience) return null;
  const state = turn.ctx.state;
  const followUp =
    state.discountsAnswered !== undefined &&
    state.turns - state.discountsAnswered === 1 &&
    text.trim().split(/\s+/).length <= FOLLOW_UP_WORDS;
  return DISCOUNT.test(text) || intent === "promotions_inquiry" || followUp ? audience : null;
}

export const asksAudienceDiscount = (turn: PolicyTurn, intent: Intent) => audienceOf(turn, intent) !== null;

export async function answerAudienceDiscount(turn: PolicyTurn, intent: Intent): Promise<string> {
  const state = turn.ctx.state;
  const audience = audienceOf(turn, intent)!;
  const facilityId = await resolveFacilityId(turn.ctx);
  if (!facilityId) return whichFacility(turn);
  state.discountsAnswered = state.turns;
  if (!state.expecting) state.offer = null;
  const r = (await runTool(turn.ctx, "facility_info", { topic: "promotions" })) as {
    ok: boolean;
    promotions?: { name: string; limitedToUnitTypes: boolean }[];
  };
  const promos = r.ok ? (r.promotions ?? []) : [];
  const named = (p: { name: string; limitedToUnitTypes: boolean }) =>
    p.limitedToUnitTypes ? say(state, "info.on_select_units", { name: p.name }) : p.name;
  // A promotion for them ("10% military discount") is the answer; then the operator's own entry on it.
  const theirs = promos.filter((p) => audience.asked.test(p.name));
  if (theirs.length)
    return withFollowUp(
      turn,
      say(state, "info.yes_we_have_audience_discount", { list: list(theirs.map(named), state) }),
    );
  const entry = (await turn.ctx.facts.knowledge(facilityId)).find(
    (e) => audience.asked.test(`${e.question} ${e.answer}`) && DISCOUNT.test(`${e.question} ${e.answer}`),
  );
  if (entry) {
    const said = answerIn(entry, state.language);
    return withFollowUp(turn, operatorWords(state, said));
  }
  const none = say(state, "info.no_audience_discount_on_file", {
    audience: audience.words[0],
    audienceEs: audience.words[1],
  });
  const others = promos.length
    ? say(state, "info.the_specials_we_have_are", { list: list(promos.map(named), state) })
    : "";
  // Asked in passing (mid-booking, a message), the question pending is asked again after it.
  if (state.flow === "reserve" || state.flow === "message" || (state.expecting && state.expecting !== "anything_else"))
    return others ? `${none} ${others}` : none;
  state.offer = "message";
  state.expecting = null;
  state.messageAbout = {
    note: `Asked whether there is a ${audience.words[0]} discount.`,
    turn: state.turns,
  };
  return `${none}${others ? ` ${others}` : ""} ${say(state, "info.the_office_can_confirm_discount")}`;
}
