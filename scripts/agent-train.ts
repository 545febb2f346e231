/**
 * Trains the default brain's intent classifier from src/server/agent/nlu/corpus and writes
 * src/server/agent/nlu/intent-model.json (deterministic: same corpus → same bytes).
 *
 *   npm run agent:train            train, print held-out accuracy and confusions, write the model
 *   npm run agent:train -- --check fail if the committed model is not what the corpus trains to
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { compileModel } from "@/server/agent/nlu/classifier";
import { INTENT_MODEL_PATH as MODEL_PATH, loadIntentCorpus } from "@/server/agent/nlu/corpus";
import { evaluateIntents } from "@/server/agent/nlu/evaluate-intents";
import { serialiseIntentModel, trainIntentModel } from "@/server/agent/nlu/train";

function main() {
  const check = process.argv.includes("--check");
  const corpus = loadIntentCorpus();
  const model = trainIntentModel(corpus.train);
  const json = serialiseIntentModel(model);
  JSON.parse(json); // the hand-rolled layout must stay valid JSON

  const evaluation = evaluateIntents(corpus.heldout, compileModel(model));
  const trainEval = evaluateIntents(corpus.train, compileModel(model));
  console.log(
    `intents: ${model.intents.length}, train utterances: ${corpus.train.length}, held-out: ${corpus.heldout.length}, features: ${Object.keys(model.counts).length}`,
  );
  console.log(`training accuracy: ${(trainEval.accuracy * 100).toFixed(1)}%`);
  console.log(
    `held-out accuracy: ${(evaluation.accuracy * 100).toFixed(1)}% (${evaluation.correct}/${evaluation.total})`,
  );
  const weak = Object.entries(evaluation.recall)
    .filter(([, r]) => r < 1)
    .sort((a, b) => a[1] - b[1]);
  if (weak.length) {
    console.log("held-out recall below 100%:");
    for (const [intent, r] of weak) {
      const row = evaluation.confusion[intent] ?? {};
      const wrong = Object.entries(row)
        .filter(([p]) => p !== intent)
        .map(([p, n]) => `${p}×${n}`)
        .join(", ");
      console.log(`  ${intent.padEnd(24)} ${(r * 100).toFixed(0).padStart(3)}%  confused with ${wrong}`);
    }
  }
  for (const e of evaluation.errors) {
    console.log(`  ✗ "${e.text}" expected ${e.expected}, got ${e.predicted} (${e.confidence.toFixed(2)})`);
  }

  if (check) {
    const committed = readFileSync(MODEL_PATH, "utf8");
    if (committed !== json) {
      console.error("intent-model.json is stale: run npm run agent:train and commit the result");
      process.exit(1);
    }
    console.log("intent-model.json is up to date");
    return;
  }
  writeFileSync(MODEL_PATH, json);
  console.log(`wrote ${path.relative(process.cwd(), MODEL_PATH)} (${(json.length / 1024).toFixed(0)} KiB)`);
}

main();
