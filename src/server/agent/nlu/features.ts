/**
 * Feature extraction for the intent classifier. Kept separate so training and inference can never
 * disagree on what a feature is: both call `extractFeatures` on the same normalised text.
 */
import { normalizeUtterance } from "@/server/agent/voice/normalize";

import { CONCEPTS } from "./lexicon";

export type FeatureConfig = {
  /** Character n-gram lengths, taken inside each padded word (" word "), robust to misheard spellings. */
  charNgrams: readonly number[];
  /** Weight applied at inference to each family; word evidence matters more than shared letter runs. */
  weights: { word: number; bigram: number; char: number };
};

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  charNgrams: [3, 4, 5],
  weights: { word: 1, bigram: 1.5, char: 0.35 },
};

/** Numbers say "a quantity was mentioned", not which one: "ten by ten" and "five by five" share features. */
function shape(word: string): string {
  if (/^\d+$/.test(word)) return word.length <= 2 ? "#n" : "#nnn";
  if (/^\d+(st|nd|rd|th)$/.test(word)) return "#ord";
  if (/^\d+x\d+$/.test(word)) return "#size";
  return word;
}

/**
 * A size is one thing however it was written: "10x10", "10 x 10", "ten by ten", "a ten foot by
 * fifteen" all become the single token "#size", so "i want a 10x10" reads like "i want a ten by ten"
 * (a corpus mostly written in words would otherwise see a bare "#size" it never learned).
 */
const SIZE_RUN = /#n(?: (?:foot|feet|ft|pies))? (?:by|x|por) #n(?: (?:foot|feet|ft|pies))?/g;
function collapseSizes(tokens: string[]): string[] {
  const joined = tokens.join(" ");
  return joined.includes("#n") ? joined.replace(SIZE_RUN, "#size").split(" ") : tokens;
}

export type Features = { words: string[]; bigrams: string[]; chars: string[] };

/**
 * Names whose words mean something else alone: "acción de gracias" is Thanksgiving (a holiday the
 * facility may be closed on), not a "gracias" that thanks and ends the call.
 */
const NAMES: [RegExp, string][] = [[/\b(?:dia de )?accion de gracias\b/g, "thanksgiving"]];

/** Distinct features of one utterance (presence, not counts: utterances are short). */
export function extractFeatures(text: string, config: FeatureConfig = DEFAULT_FEATURE_CONFIG): Features {
  let normalized = normalizeUtterance(text).replace(/\b(\d+)'? ?[x×] ?(\d+)'?/g, "$1x$2");
  for (const [re, to] of NAMES) normalized = normalized.replace(re, to);
  const tokens = collapseSizes(normalized.split(" ").filter(Boolean).map(shape));
  const words = new Set<string>();
  const bigrams = new Set<string>();
  const chars = new Set<string>();
  const padded = ["<s>", ...tokens, "</s>"];
  for (let i = 0; i < padded.length - 1; i++) bigrams.add(`b:${padded[i]}_${padded[i + 1]}`);
  for (const t of tokens) {
    words.add(`w:${t}`);
    const concept = CONCEPTS.get(t);
    if (concept) words.add(`w:~${concept}`);
    if (t.startsWith("#")) continue;
    const p = ` ${t} `;
    for (const n of config.charNgrams) {
      for (let i = 0; i + n <= p.length; i++) chars.add(`c:${p.slice(i, i + n)}`);
    }
  }
  if (tokens.length === 0) words.add("w:<empty>");
  return { words: [...words], bigrams: [...bigrams], chars: [...chars] };
}
