/**
 * Held-out intent accuracy, for the train script, the unit tests and the evaluation harness.
 */
import { classifyWith, getIntentModel, type CompiledModel } from "./classifier";
import { loadIntentCorpus, type LabelledUtterance } from "./corpus";

export type IntentEvaluation = {
  accuracy: number;
  correct: number;
  total: number;
  /** confusion[expected][predicted] = count, only for cells that occurred. */
  confusion: Record<string, Record<string, number>>;
  /** Per-intent recall on the held-out split. */
  recall: Record<string, number>;
  errors: { text: string; expected: string; predicted: string; confidence: number }[];
};

export function evaluateIntents(
  examples: readonly LabelledUtterance[],
  model: CompiledModel = getIntentModel(),
): IntentEvaluation {
  const confusion: Record<string, Record<string, number>> = {};
  const perIntent: Record<string, { ok: number; n: number }> = {};
  const errors: IntentEvaluation["errors"] = [];
  let correct = 0;
  for (const ex of examples) {
    const got = classifyWith(model, ex.text);
    const row = (confusion[ex.intent] ??= {});
    row[got.intent] = (row[got.intent] ?? 0) + 1;
    const stat = (perIntent[ex.intent] ??= { ok: 0, n: 0 });
    stat.n++;
    if (got.intent === ex.intent) {
      correct++;
      stat.ok++;
    } else {
      errors.push({ text: ex.text, expected: ex.intent, predicted: got.intent, confidence: got.confidence });
    }
  }
  const recall = Object.fromEntries(Object.entries(perIntent).map(([k, v]) => [k, v.ok / v.n]));
  return {
    accuracy: examples.length ? correct / examples.length : 0,
    correct,
    total: examples.length,
    confusion,
    recall,
    errors,
  };
}

/** Accuracy of the committed model on the corpus's held-out split (what `npm run eval` reports). */
export function heldOutIntentAccuracy(): IntentEvaluation {
  return evaluateIntents(loadIntentCorpus().heldout);
}
