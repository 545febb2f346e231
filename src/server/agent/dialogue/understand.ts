/**
 * One utterance through the language layer: intent, entities (read with what the agent just asked
 * for) and language. The safety words that must never wait for a classifier are in ./problems.ts.
 */
import {
  classify,
  detectLanguage,
  extractEntities,
  type Entity,
  type FacilityCandidate,
  type Intent,
} from "@/server/agent/nlu";
import { extractConfirmationCode } from "@/server/agent/nlu/entities/confirmation-code";

import type { DialogueState } from "./state";

export interface Understanding {
  text: string;
  intent: Intent;
  confidence: number;
  entities: Entity[];
  /** The second-best intent, for "yes, and what are your hours?" style turns. */
  runnerUp: Intent | null;
}

const EXPECT_MAP: Partial<
  Record<NonNullable<DialogueState["expecting"]>, "name" | "phone" | "email" | "date" | "size" | "facility" | "yes_no">
> = {
  size: "size",
  facility: "facility",
  move_in_date: "date",
  name: "name",
  phone: "phone",
  email: "email",
  confirm: "yes_no",
  anything_else: "yes_no",
};

export function understand(
  text: string,
  state: DialogueState,
  opts: { now: Date; timeZone: string; facilities: FacilityCandidate[] },
): Understanding {
  const expecting =
    state.expecting === "verification"
      ? state.verification.step === "name"
        ? "name"
        : "phone"
      : EXPECT_MAP[state.expecting ?? "anything_else"];
  const entities = extractEntities(text, {
    now: opts.now,
    timeZone: opts.timeZone,
    facilities: opts.facilities,
    // "Would you like to leave your name and number …?": a name in reply ("Jenna") is the name asked for.
    expecting: state.expecting ? expecting : state.offer === "message" ? "name" : undefined,
    month: state.slots.moveInMonth,
  });
  // A name says nothing about the caller's language: "jose de la cruz" answering "your name?" in an
  // English call is not Spanish.
  const names = entities.filter((e) => e.type === "name").sort((a, b) => b.start - a.start);
  const lang = detectLanguage(
    names.reduce((rest, name) => `${rest.slice(0, name.start)} ${rest.slice(name.end)}`, text),
  );
  if (lang.language === "es") state.language = "es";
  else if (state.language === "es" && lang.confidence >= 0.8 && text.trim().split(/\s+/).length >= 3)
    state.language = "en";
  // A facility's name is not a topic: "what about Northgate" is not a question about the gate.
  const facilities = entities.filter((e) => e.type === "facility").sort((a, b) => b.start - a.start);
  const c = classify(facilities.reduce((rest, f) => `${rest.slice(0, f.start)} ${rest.slice(f.end)}`, text));
  const runnerUp = c.ranking[1]?.intent ?? null;
  return { text, intent: c.intent, confidence: c.confidence, entities, runnerUp };
}

// "do you store boats", "i was wondering if you take cash", "what time do you close?": a question, whatever its intent.
const QUESTION_SHAPED =
  /\?\s*$|^(?:(?:um+|uh+|so|and|also|hey|oh|well|yeah|yes|okay|ok|hi|hello)[,.]?\s+)*(?:what|what's|when|where|how|why|which|who|do|does|did|is|are|can|could|will|would|should|may)\b|\b(?:wondering|wonder|curious) (?:if|whether|about)\b|\b(?:want|wanted|need|needed|like|'d like) to (?:know|ask)\b|^(?:qu[eé]|cu[aá]ndo|d[oó]nde|c[oó]mo|cu[aá]nto|tienen|puedo|hay)\b/i;

export function isQuestionShaped(text: string): boolean {
  return QUESTION_SHAPED.test(text.trim());
}

export function first<T extends Entity["type"]>(
  utterance: Understanding,
  type: T,
): Extract<Entity, { type: T }> | undefined {
  return utterance.entities.find((e) => e.type === type) as Extract<Entity, { type: T }> | undefined;
}

export function all<T extends Entity["type"]>(utterance: Understanding, type: T): Extract<Entity, { type: T }>[] {
  return utterance.entities.filter((e) => e.type === type) as Extract<Entity, { type: T }>[];
}

export function yesNo(utterance: Understanding): boolean | null {
  const e = first(utterance, "yes_no");
  if (e) return e.value;
  if (utterance.intent === "affirm") return true;
  if (utterance.intent === "deny") return false;
  return null;
}

/**
 * A 6-character confirmation code, typed ("K7M4QP") or spelled out ("k 7 m 4 q p", "k seven m four
 * q p", "K as in kilo, 7, M …", "kay seven em four queue pee"): nlu/entities/confirmation-code.ts.
 */
export const confirmationCode = extractConfirmationCode;
