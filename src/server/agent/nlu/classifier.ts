/**
 * Intent classification at runtime: loads the committed model (intent-model.json, made by
 * `npm run agent:train`) once, then scores an utterance in a few microseconds.
 */
import modelJson from "./intent-model.json";
import { extractFeatures } from "./features";
import { isIntent, type Intent } from "./intents";
import type { IntentModel } from "./model-types";

export type IntentScore = { intent: Intent; confidence: number };
export type Classification = {
  /** Best intent, or "unclear" when confidence is below the model's threshold. */
  intent: Intent;
  /** Posterior of the top-ranked intent (0..1). */
  confidence: number;
  /** Every intent, best first; ranking[0] is the raw top intent even when `intent` fell back to unclear. */
  ranking: IntentScore[];
};

type Family = "word" | "bigram" | "char";

export type CompiledModel = {
  intents: Intent[];
  logPrior: Float64Array;
  /** Feature → offset of its row in `rows` (one row of intents.length log-likelihoods, family weight applied). */
  table: Map<string, number>;
  /** All rows in one buffer: thousands of small typed arrays cost far more to allocate than one large one. */
  rows: Float64Array;
  /** Weighted log-likelihood of a known feature never seen with an intent (smoothing floor), per family. */
  floor: Record<Family, Float64Array>;
  weights: Record<Family, number>;
  threshold: number;
  sharpness: number;
  model: IntentModel;
};

function familyOf(feature: string): Family {
  return feature.startsWith("w:") ? "word" : feature.startsWith("b:") ? "bigram" : "char";
}

/** Turn stored counts into log-probability tables. Each feature family is its own multinomial. */
export function compileModel(model: IntentModel): CompiledModel {
  const intents = model.intents.map((name) => {
    if (!isIntent(name)) throw new Error(`intent model: unknown intent ${name}; retrain with npm run agent:train`);
    return name;
  });
  const k = intents.length;
  const weights = model.featureConfig.weights;
  const vocab: Record<Family, number> = { word: 0, bigram: 0, char: 0 };
  for (const feature of Object.keys(model.counts)) vocab[familyOf(feature)]++;

  const denom = (fam: Family, c: number) => model.totals[fam][c]! + model.alpha * vocab[fam];
  const floor = {} as Record<Family, Float64Array>;
  for (const fam of ["word", "bigram", "char"] as const) {
    floor[fam] = Float64Array.from({ length: k }, (_, c) => weights[fam] * Math.log(model.alpha / denom(fam, c)));
  }
  const entries = Object.entries(model.counts);
  const table = new Map<string, number>();
  const rows = new Float64Array(entries.length * k);
  for (const [r, [feature, flat]] of entries.entries()) {
    const fam = familyOf(feature);
    const off = r * k;
    rows.set(floor[fam], off);
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const c = flat[i]!;
      rows[off + c] = weights[fam] * Math.log((flat[i + 1]! + model.alpha) / denom(fam, c));
    }
    table.set(feature, off);
  }
  const docs = model.docCounts.reduce((a, b) => a + b, 0);
  const logPrior = Float64Array.from(model.docCounts, (n) => Math.log(n / docs));
  return {
    intents,
    logPrior,
    table,
    rows,
    floor,
    weights,
    threshold: model.threshold,
    sharpness: model.sharpness,
    model,
  };
}

/** Score with a compiled model. Exposed for the train script, which evaluates candidate models. */
export function classifyWith(compiled: CompiledModel, text: string): Classification {
  const f = extractFeatures(text, compiled.model.featureConfig);
  const k = compiled.intents.length;
  const scores = new Float64Array(k);
  let evidence = 0;
  for (const list of [f.words, f.bigrams, f.chars]) {
    for (const feature of list) {
      const off = compiled.table.get(feature);
      if (off === undefined) continue; // never seen in training: no evidence either way
      evidence += compiled.weights[familyOf(feature)];
      for (let c = 0; c < k; c++) scores[c]! += compiled.rows[off + c]!;
    }
  }
  // Per-unit-of-evidence log-likelihood, so a long utterance is not automatically more confident.
  const scale = compiled.sharpness / Math.max(1, Math.sqrt(evidence));
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    scores[c] = (scores[c]! + compiled.logPrior[c]!) * scale;
    if (scores[c]! > max) max = scores[c]!;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp(scores[c]! - max);
  const ranking: IntentScore[] = compiled.intents
    .map((intent, c) => ({ intent, confidence: Math.exp(scores[c]! - max) / sum }))
    .sort((a, b) => b.confidence - a.confidence);
  const top = ranking[0]!;
  const known = f.words.some((w) => compiled.table.has(w));
  const intent = !known || top.confidence < compiled.threshold ? "unclear" : top.intent;
  return { intent, confidence: top.confidence, ranking };
}

let defaultModel: CompiledModel | undefined;

/** The committed model, compiled on first use. */
export function getIntentModel(): CompiledModel {
  defaultModel ??= compileModel(modelJson as unknown as IntentModel);
  return defaultModel;
}

/** Classify one utterance (any casing, fillers, number words) with the committed model. */
export function classify(text: string): Classification {
  return classifyWith(getIntentModel(), text);
}
