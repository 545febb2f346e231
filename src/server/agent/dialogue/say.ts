/**
 * How the default brain writes facts into display text. The voice channel rewrites the same text
 * with toSpeakable ("$120" → "one hundred twenty dollars"), so replies use the forms it knows.
 */
import { formatPhone } from "@/lib/format-phone";
import { formatBps } from "@/server/domain/pricing/money";
import type { OperatorText } from "@/server/agent/tools/operator-text";
import { speakDate } from "@/server/agent/voice/speakable";

import { say, type PhraseId } from "./phrases";
import type { DialogueState, PromotionTerms } from "./state";
import type { PolicyTurn } from "./turn";

export function money(cents: number): string {
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  const whole = dollars.toLocaleString("en-US");
  return rest ? `$${whole}.${String(rest).padStart(2, "0")}` : `$${whole}`;
}

export const size = (w: number, l: number) => `${w}x${l}`;

/** A sentence's first letter in capitals, after Spanish's opening "¿" or "¡" ("¿me da …" → "¿Me da …"). */
export const capital = (text: string) =>
  text.replace(/^([¿¡"«]*)(\p{L})/u, (_, open: string, c: string) => open + c.toUpperCase());

/**
 * The operator's "what fits" text as the middle of a sentence ("which holds {fits}", "A 10x10 holds
 * {fits}."): written as a sentence of its own ("A two- or three-bedroom house, or a car."), its capital
 * and closing stop would read "which holds A two- … car.." An acronym or a name ("RVs", "Office
 * furniture" aside) keeps its capitals: only a capital followed by a lower-case letter or a space is lowered.
 */
export function fitsClause(text: string): string {
  const t = text.trim().replace(/[\s.;,:!]+$/u, "");
  return /^[A-Z](?:[a-z' -]|$)/.test(t) && !/^I\b/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}

const FEATURE_WORDS: Record<string, [string, string]> = {
  climate_controlled: ["climate-controlled", "con clima controlado"],
  drive_up: ["drive-up", "con acceso en auto"],
  indoor: ["indoor", "interior"],
  outdoor: ["outdoor", "exterior"],
  ground_floor: ["ground-floor", "en planta baja"],
  elevator: ["elevator-access", "con elevador"],
  power: ["with power", "con electricidad"],
  vehicle_parking: ["vehicle parking", "estacionamiento"],
  rv_parking: ["RV parking", "estacionamiento para RV"],
  alarm: ["alarmed", "con alarma"],
};

export function featureWords(features: readonly string[], state: Pick<DialogueState, "language">): string {
  return features.map((f) => FEATURE_WORDS[f]?.[state.language === "es" ? 1 : 0] ?? f.replace(/_/g, " ")).join(", ");
}

/** Features said after the noun ("a 10x20 drive-up unit with power"); the rest go before it. */
const AFTER_NOUN: Record<string, string> = { power: "power", elevator: "elevator access" };

/**
 * "a 10x10 climate-controlled unit", "a 10x20 drive-up unit with power" / "una unidad de 10x10 con
 * clima controlado". Indoor and outdoor go unsaid: a drive-up unit is outdoors, and a caller asks
 * for climate or drive-up, not for a roof.
 */
export function unitPhrase(
  w: number,
  l: number,
  features: readonly string[],
  state: Pick<DialogueState, "language">,
  opts: { plural?: boolean } = {},
): string {
  const many = !!opts.plural;
  const said = features.filter((x) => x !== "indoor" && x !== "outdoor");
  // A parking space is a space, not a unit: "a 12x40 RV parking space".
  const parking = said.find((x) => x === "rv_parking" || x === "vehicle_parking");
  if (parking)
    return state.language === "es"
      ? `${many ? "espacios" : "un espacio"} de ${size(w, l)} ${parking === "rv_parking" ? "para RV y botes" : "para vehículos"}`
      : `${many ? "" : "a "}${size(w, l)} ${parking === "rv_parking" ? "RV and boat parking" : "vehicle parking"} space${many ? "s" : ""}`;
  if (state.language === "es") {
    // The Spanish features ("con clima controlado", "en planta baja") read the same in the plural.
    const f = featureWords(said, state);
    return `${many ? "unidades" : "una unidad"} de ${size(w, l)}${f ? ` ${f}` : ""}`;
  }
  const before = featureWords(
    said.filter((x) => !AFTER_NOUN[x]),
    state,
  );
  const after = list(
    said.flatMap((x) => AFTER_NOUN[x] ?? []),
    state,
  );
  // The plural is the noun's ("10x20 units with power"), never the last word's ("unit with powers").
  return `${many ? "" : "a "}${size(w, l)}${before ? ` ${before}` : ""} unit${many ? "s" : ""}${after ? ` with ${after}` : ""}`;
}

/**
 * What a unit is and has, in English, after its subject ("it's climate-controlled and has power",
 * "that one isn't drive-up, and doesn't have power"): a feature said after the noun ("with power")
 * is had, not been. Spanish says it with featureWords ("viene con electricidad").
 */
export function featurePredicate(
  subject: "it" | "one" | "many",
  features: readonly string[],
  opts: { negative?: boolean } = {},
): string {
  const en = { language: "en" as const };
  const adjectives = features.filter((x) => !AFTER_NOUN[x]).map((x) => featureWords([x], en));
  const had = features.flatMap((x) => AFTER_NOUN[x] ?? []);
  const neg = !!opts.negative;
  const many = subject === "many";
  const be = neg ? (many ? " aren't" : " isn't") : subject === "it" ? "'s" : many ? " are" : " is";
  const have = neg ? (many ? " don't have" : " doesn't have") : many ? " have" : " has";
  const join = (xs: string[]) => (neg ? xs.join(" or ") : list(xs, en));
  const parts = [adjectives.length ? `${be} ${join(adjectives)}` : "", had.length ? `${have} ${join(had)}` : ""];
  return parts.filter(Boolean).join(neg ? ", and" : " and");
}

export const day = (iso: string, state: Pick<DialogueState, "language">) => speakDate(iso, state.language);

/** +15125550101 → "(512) 555-0101" (the dashboard writes numbers the same way). */
export const phone = (e164: string) => formatPhone(e164);

/** "the number you're calling from", or "texting from" on SMS (Spanish: "desde el que llama / escribe"). */
export const contactVerb = (state: Pick<DialogueState, "language" | "channel">) =>
  say(state, state.channel === "sms" ? "say.texting" : "say.calling");

/** The last question in a reply ("... What message would you like me to pass along?"), or "". */
export function lastQuestion(reply: string): string {
  const sentences = reply.trim().split(/(?<=[.!?])\s+/);
  return [...sentences].reverse().find((x) => x.endsWith("?")) ?? "";
}

export function list(
  items: readonly string[],
  state: Pick<DialogueState, "language">,
  opts: { or?: boolean } = {},
): string {
  if (items.length <= 1) return items[0] ?? "";
  const word = state.language === "es" ? (opts.or ? "o" : "y") : opts.or ? "or" : "and";
  const join = state.language === "en" && items.length > 2 ? `, ${word} ` : ` ${word} `;
  return `${items.slice(0, -1).join(", ")}${join}${items.at(-1)}`;
}

/**
 * Operator text in a reply, one treatment for all of it (a knowledge-base answer, a closure's reason,
 * directions, what fits a size, a fee's name): phrase `id` with the text as `{text}` when the text is
 * in the caller's language; to a Spanish caller, English the operator wrote no Spanish for goes in
 * `english` instead, a phrase whose lead-in says it is English ("Tengo esta información solo en
 * inglés: …", "(el motivo lo tengo solo en inglés: …)"), never a silent switch of language in the
 * middle of a Spanish reply. English callers always get `id`.
 */
export function operatorSays(
  state: Pick<DialogueState, "language">,
  t: OperatorText,
  id: PhraseId,
  english: PhraseId,
  values: Readonly<Record<string, unknown>> = {},
): string {
  return say(state, t.language === state.language ? id : english, { ...values, text: t.text });
}

/** Operator text said as sentences of its own: as written, or after the lead-in "Tengo esta información solo en inglés: …". */
export const operatorWords = (state: Pick<DialogueState, "language">, t: OperatorText) =>
  operatorSays(state, t, "say.text", "say.only_in_english");

/**
 * Why the office is closed on a day, to follow "we're closed on {day}": " for Christmas Day", " por
 * Navidad", or, to a Spanish caller, an English reason in parentheses introduced as English; "" with
 * no closure that day (closed by the weekly hours). A closure without a reason is " for a closure"
 * in English (as it always was) and nothing in Spanish.
 */
export function closedWhy(
  state: Pick<DialogueState, "language">,
  found: { reason: OperatorText | null } | null | undefined,
): string {
  if (!found) return "";
  const r = found.reason;
  if (!r) return state.language === "en" ? say(state, "sales.for", { text: "a closure" }) : "";
  return operatorSays(state, r, "sales.for", "say.reason_only_in_english");
}

/** An answer that closes a question asks what else, unless something is asked or offered already. */
export function withFollowUp(turn: PolicyTurn, text: string): string {
  const state = turn.ctx.state;
  if (state.offer || state.expecting) return text;
  state.expecting = "anything_else";
  return `${text} ${say(state, "steps.anything_else_i_can_help")}`;
}

/**
 * A promotion as said: to an English caller by the operator's name for it ("First month $1"); to a
 * Spanish caller by its terms in Spanish ("el primer mes por $1", "50% de descuento los primeros 2
 * meses"), the name being the operator's English. Terms unknown: the name, introduced as English.
 */
export function promotionWords(
  state: Pick<DialogueState, "language">,
  p: { name: string } & (PromotionTerms | { kind?: undefined; value?: null; months?: number }),
): string {
  if (state.language === "en") return p.name;
  if (!p.kind || p.value == null) return say(state, "say.promotion_only_in_english", { text: p.name });
  const months = Math.max(1, Math.floor(p.months ?? 1));
  const period =
    p.kind === "first_month_fixed" || months === 1
      ? say(state, "say.promotion_first_month")
      : say(state, "say.promotion_first_months", { months });
  switch (p.kind) {
    case "first_month_fixed":
      return p.value > 0
        ? say(state, "say.promotion_for", { period, amount: money(p.value) })
        : say(state, "say.promotion_free", { period });
    case "percent_off":
      return say(state, "say.promotion_off", { period, amount: formatBps(p.value) });
    case "amount_off":
      return say(state, "say.promotion_off", { period, amount: money(p.value) });
    case "free_months":
      return say(state, "say.promotion_free", { period });
  }
}
