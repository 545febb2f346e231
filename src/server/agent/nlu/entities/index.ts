/**
 * Entity extraction: one call returns every typed entity in an utterance, with spans into the original
 * text. Extractors run on filler-free tokens so "um ten by uh fifteen" still reads as 10x15.
 */
import { contentTokens } from "@/server/agent/voice/normalize";

import { extractEmails, extractNames, extractPhonesAndCards } from "./contact";
import { extractDates } from "./dates";
import { detectLanguage } from "./language";
import { extractFacility, extractFeatures, extractUnitNumbers, extractYesNo } from "./misc";
import { extractQuantities, extractSizeHints, extractSizes } from "./sizes";
import { extractTimes } from "./times";
import type { Entity, ExtractContext } from "./types";

export type { Entity, EntityType, ExtractContext, FacilityCandidate, Language, SizeHint, UnitFeature } from "./types";
export { detectLanguage } from "./language";
export { redactCardNumbers } from "./contact";
export { localToday } from "./dates";

const overlaps = (a: Entity, b: Entity) => a.start < b.end && b.start < a.end;

export function extractEntities(text: string, context: ExtractContext): Entity[] {
  const tokens = contentTokens(text);
  // Order is precedence: an earlier entity wins a contested span ("unit a one oh one" is a unit, not digits).
  const sizes = extractSizes(text, tokens);
  const ordered: Entity[] = [
    ...extractEmails(text, tokens),
    ...extractPhonesAndCards(text, tokens, context),
    ...sizes,
    ...extractQuantities(text, tokens, sizes),
    ...extractUnitNumbers(text, tokens),
    ...extractDates(text, tokens, context),
    ...extractTimes(text, tokens),
    ...extractNames(text, tokens, context),
    ...extractFacility(text, tokens, context.facilities ?? []),
    ...extractFeatures(text, tokens),
    ...extractSizeHints(text, tokens),
    ...extractYesNo(text, tokens),
  ];
  const kept: Entity[] = [];
  for (const e of ordered) {
    // Features, hints, facility and yes/no describe words, so they may sit inside other spans.
    const soft = e.type === "feature" || e.type === "size_hint" || e.type === "yes_no" || e.type === "facility";
    if (!soft && kept.some((k) => overlaps(k, e))) continue;
    if (
      soft &&
      kept.some(
        (k) =>
          overlaps(k, e) && (k.type === "email" || k.type === "name" || k.type === "unit_size" || k.type === "phone"),
      )
    )
      continue;
    kept.push(e);
  }
  const lang = detectLanguage(text);
  if (lang.language === "es") kept.push({ type: "language", language: "es", start: 0, end: text.length, text });
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
