/** The serialised intent model (intent-model.json). Plain data so it is diffable and loads anywhere. */
import type { FeatureConfig } from "./features";

export type IntentModel = {
  version: 1;
  algorithm: "multinomial-naive-bayes";
  /** Additive (Lidstone) smoothing. */
  alpha: number;
  featureConfig: FeatureConfig;
  intents: string[];
  /** Training utterances per intent (same order as `intents`): the class prior. */
  docCounts: number[];
  /** Sum of feature occurrences per intent, per feature family. */
  totals: { word: number[]; bigram: number[]; char: number[] };
  /** Feature → flattened [intentIndex, count, intentIndex, count, ...]; only non-zero counts are stored. */
  counts: Record<string, number[]>;
  /** Posterior confidence below this → "unclear". */
  threshold: number;
  /** Scales per-feature log-likelihood before the softmax so confidences are not all 0.999. */
  sharpness: number;
};
