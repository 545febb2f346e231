/**
 * The default brain's language layer. Everything here is pure and synchronous (no database, no network):
 *   classify(text)                → intent, confidence, ranking
 *   extractEntities(text, ctx)    → typed entities with spans
 *   redactCardNumbers(text)       → text safe to store
 *   detectLanguage(text)          → "en" | "es"
 *   understand(text, ctx)         → all of the above for one utterance, card digits redacted first
 * Evaluation helpers (heldOutIntentAccuracy, evaluateEntities) read the corpus from disk: scripts and tests only.
 */
export { classify, getIntentModel, type Classification, type IntentScore } from "./classifier";
export { understand, type Understanding } from "./understand";
export { INTENTS, INTENT_DESCRIPTIONS, isIntent, type Intent } from "./intents";
export {
  detectLanguage,
  extractEntities,
  localToday,
  redactCardNumbers,
  type Entity,
  type EntityType,
  type ExtractContext,
  type FacilityCandidate,
  type Language,
  type SizeHint,
  type UnitFeature,
} from "./entities";
