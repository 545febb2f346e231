/**
 * Text an operator wrote (a knowledge-base answer, a closure's reason) in the conversation's
 * language. The operator writes English and may add a Spanish version (answerEs, reasonEs): a
 * Spanish caller hears that one. Without it the English text is returned marked "en", and whoever
 * says it to a Spanish caller introduces it as English (dialogue/say.ts operatorSays, operatorWords
 * and closedWhy; the LLM by its prompt) instead of switching language in the middle of a reply.
 */
import type { DialogueState } from "@/server/agent/dialogue/state";

export type TextLanguage = DialogueState["language"];

export interface OperatorText {
  text: string;
  /** The language `text` is in: the conversation's, or "en" when the operator gave no Spanish. */
  language: TextLanguage;
}

export function inLanguage(english: string, spanish: string | null | undefined, language: TextLanguage): OperatorText {
  return language === "es" && spanish?.trim()
    ? { text: spanish.trim(), language: "es" }
    : { text: english, language: "en" };
}

/**
 * Operator text with no Spanish version to choose from (a facility's directions, what fits a unit
 * size, a fee's name): English, said to a Spanish caller after a lead-in.
 */
export const englishOnly = (text: string): OperatorText => ({ text, language: "en" });

/** An answer facility_info returned ({ answer, language }) as operator text. */
export const answerText = (a: { answer: string; language: TextLanguage }): OperatorText => ({
  text: a.answer,
  language: a.language,
});

/** A knowledge-base entry's answer in the conversation's language. */
export const answerIn = (e: { answer: string; answerEs?: string | null }, language: TextLanguage) =>
  inLanguage(e.answer, e.answerEs, language);

/** The closure on `date` and its reason in the conversation's language (null reason: none written). */
export function closureOn<C extends { date: string; reason: string; reasonEs?: string | null }>(
  closures: readonly C[],
  date: string,
  language: TextLanguage,
): { closure: C; reason: OperatorText | null } | null {
  const closure = closures.find((c) => c.date === date);
  if (!closure) return null;
  const reason = inLanguage(closure.reason.trim(), closure.reasonEs, language);
  return { closure, reason: reason.text ? reason : null };
}
