/**
 * Trains the multinomial naive Bayes intent model. Pure and deterministic: the same corpus and config
 * always give byte-identical JSON (features sorted, no randomness), so the committed model is reproducible.
 */
import type { LabelledUtterance } from "./corpus";
import { DEFAULT_FEATURE_CONFIG, extractFeatures, type FeatureConfig } from "./features";
import { INTENTS } from "./intents";
import type { IntentModel } from "./model-types";

export type TrainOptions = {
  alpha?: number;
  featureConfig?: FeatureConfig;
  threshold?: number;
  sharpness?: number;
};

export const DEFAULT_TRAIN_OPTIONS = { alpha: 0.1, threshold: 0.3, sharpness: 1.5 } as const;

function family(feature: string): "word" | "bigram" | "char" {
  return feature.startsWith("w:") ? "word" : feature.startsWith("b:") ? "bigram" : "char";
}

export function trainIntentModel(examples: readonly LabelledUtterance[], options: TrainOptions = {}): IntentModel {
  const featureConfig = options.featureConfig ?? DEFAULT_FEATURE_CONFIG;
  const intents = [...INTENTS];
  const index = new Map<string, number>(intents.map((name, i) => [name, i]));
  const docCounts = intents.map(() => 0);
  const totals = { word: intents.map(() => 0), bigram: intents.map(() => 0), char: intents.map(() => 0) };
  const perFeature = new Map<string, Map<number, number>>();

  for (const ex of examples) {
    const c = index.get(ex.intent);
    if (c === undefined) throw new Error(`trainIntentModel: unknown intent ${ex.intent}`);
    docCounts[c]! += 1;
    const f = extractFeatures(ex.text, featureConfig);
    for (const feature of [...f.words, ...f.bigrams, ...f.chars]) {
      let byClass = perFeature.get(feature);
      if (!byClass) perFeature.set(feature, (byClass = new Map()));
      byClass.set(c, (byClass.get(c) ?? 0) + 1);
      totals[family(feature)][c]! += 1;
    }
  }
  for (const [i, n] of docCounts.entries()) {
    if (n === 0) throw new Error(`trainIntentModel: no training utterances for ${intents[i]}`);
  }

  const counts: Record<string, number[]> = {};
  for (const feature of [...perFeature.keys()].sort()) {
    const byClass = perFeature.get(feature)!;
    counts[feature] = [...byClass.entries()].sort((a, b) => a[0] - b[0]).flat();
  }
  return {
    version: 1,
    algorithm: "multinomial-naive-bayes",
    alpha: options.alpha ?? DEFAULT_TRAIN_OPTIONS.alpha,
    featureConfig,
    intents,
    docCounts,
    totals,
    counts,
    threshold: options.threshold ?? DEFAULT_TRAIN_OPTIONS.threshold,
    sharpness: options.sharpness ?? DEFAULT_TRAIN_OPTIONS.sharpness,
  };
}

/** One feature per line keeps diffs of the committed model readable. */
export function serialiseIntentModel(model: IntentModel): string {
  const { counts, ...head } = model;
  const lines = Object.entries(counts).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const headJson = JSON.stringify(head, null, 2);
  return `${headJson.slice(0, -2)},\n  "counts": {\n${lines.join(",\n")}\n  }\n}\n`;
}
