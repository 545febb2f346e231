/**
 * One call for the dialogue policy: redact card digits first (so nothing downstream ever sees them),
 * then classify, extract entities and detect the language of the same utterance.
 */
import { classify, type Classification } from "./classifier";
import {
  detectLanguage,
  extractEntities,
  redactCardNumbers,
  type Entity,
  type ExtractContext,
  type Language,
} from "./entities";

export type Understanding = Classification & {
  entities: Entity[];
  language: Language;
  /** The utterance with card numbers replaced by "[card number]": the only form to store or log. */
  redactedText: string;
  /** True when the caller read out something that looked like a card number. */
  cardNumberDetected: boolean;
};

export function understand(text: string, context: ExtractContext): Understanding {
  const redactedText = redactCardNumbers(text);
  const cardNumberDetected = redactedText !== text;
  const classification = classify(redactedText);
  // Entities come from the redacted text too, so a card number can never surface as a phone or unit number.
  const entities = extractEntities(redactedText, context);
  return {
    ...classification,
    entities,
    language: detectLanguage(redactedText).language,
    redactedText,
    cardNumberDetected,
  };
}
