/**
 * Loads the labelled utterance corpus (corpus/intents/*.yaml). Node-only (reads files): used by the
 * train script and the evaluation harness, never at runtime by the classifier, which loads the model JSON.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { parse } from "yaml";
import { z } from "zod";

import { isIntent, type Intent } from "./intents";

const NLU_DIR = path.dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = path.join(NLU_DIR, "corpus");
/** The committed model file that classifier.ts imports. */
export const INTENT_MODEL_PATH = path.join(NLU_DIR, "intent-model.json");

const ZIntentFile = z.object({
  intent: z.string().refine(isIntent, { message: "unknown intent (add it to nlu/intents.ts first)" }),
  train: z.array(z.string().min(1)).min(1),
  heldout: z.array(z.string().min(1)).default([]),
});

export type LabelledUtterance = { text: string; intent: Intent };
export type Corpus = { train: LabelledUtterance[]; heldout: LabelledUtterance[] };

/** Read every intent file, sorted by name so training is deterministic. Throws with the file name on bad data. */
export function loadIntentCorpus(dir: string = path.join(CORPUS_DIR, "intents")): Corpus {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  const corpus: Corpus = { train: [], heldout: [] };
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = ZIntentFile.safeParse(parse(readFileSync(path.join(dir, file), "utf8")));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
    const intent = parsed.data.intent as Intent;
    for (const [split, list] of [
      ["train", parsed.data.train],
      ["heldout", parsed.data.heldout],
    ] as const) {
      for (const text of list) {
        // A held-out utterance that also appears in training would inflate accuracy; refuse it.
        const prior = seen.get(text);
        if (prior !== undefined) throw new Error(`${file}: "${text}" already appears in ${prior}`);
        seen.set(text, `${file} (${split})`);
        corpus[split].push({ text, intent });
      }
    }
  }
  return corpus;
}
