import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { classify } from "./classifier";
import { INTENT_MODEL_PATH, loadIntentCorpus } from "./corpus";
import { heldOutIntentAccuracy } from "./evaluate-intents";
import { INTENTS } from "./intents";
import { serialiseIntentModel, trainIntentModel } from "./train";

describe("intent classifier", () => {
  it("reaches at least 95% accuracy on the held-out split", () => {
    const result = heldOutIntentAccuracy();
    expect(result.total).toBeGreaterThanOrEqual(INTENTS.length * 10);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it("has at least 40 utterances for every intent", () => {
    const corpus = loadIntentCorpus();
    for (const intent of INTENTS) {
      const n = [...corpus.train, ...corpus.heldout].filter((u) => u.intent === intent).length;
      expect(n, intent).toBeGreaterThanOrEqual(40);
    }
  });

  it("the committed model is what the corpus trains to (run npm run agent:train after editing the corpus)", () => {
    const fresh = serialiseIntentModel(trainIntentModel(loadIntentCorpus().train));
    expect(readFileSync(INTENT_MODEL_PATH, "utf8")).toBe(fresh);
  });

  it("classifies speech-recognition text with fillers and number words", () => {
    expect(classify("um how much is uh a ten by fifteen").intent).toBe("price_inquiry");
    expect(classify("I'd like to RESERVE a 10x10 for Saturday").intent).toBe("reserve_unit");
    expect(classify("someone broke into my unit last night").intent).toBe("emergency");
    expect(classify("what time does the gate close").intent).toBe("access_hours_inquiry");
    expect(classify("what time does the office close").intent).toBe("hours_inquiry");
    expect(classify("cuanto cuesta una bodega de diez por diez").intent).toBe("price_inquiry");
  });

  it("reads a size the same however it is written (a bare typed 10x10 is not a payment question)", () => {
    for (const size of ["10x10", "10 x 10", "10'x10'", "ten by ten", "10 by 10", "ten foot by ten"]) {
      expect(classify(`I want a ${size}`).intent, size).toBe("reserve_unit");
      expect(classify(`how much for a ${size}`).intent, size).toBe("price_inquiry");
    }
    expect(classify("i want a 5x5").intent).toBe("reserve_unit");
  });

  it("hears 'acción de gracias' as Thanksgiving, not a thank-you", () => {
    for (const q of [
      "¿abren el día de acción de gracias?",
      "¿están abiertos el día de acción de gracias?",
      "¿abren en acción de gracias?",
      "¿Abren en el Día de Acción de Gracias?",
    ])
      expect(classify(q).intent, q).toBe("hours_inquiry");
    expect(classify("muchas gracias").intent).toBe("thanks");
  });

  it("falls back to unclear for empty or unknown input, and ranks every intent", () => {
    expect(classify("").intent).toBe("unclear");
    expect(classify("zzkx qqvv").intent).toBe("unclear");
    const r = classify("do you have any specials");
    expect(r.ranking).toHaveLength(INTENTS.length);
    expect(r.ranking[0]!.intent).toBe("promotions_inquiry");
    expect(r.confidence).toBeGreaterThan(0.5);
    const sum = r.ranking.reduce((a, s) => a + s.confidence, 0);
    expect(sum).toBeCloseTo(1, 6);
  });

  it("training is deterministic", () => {
    const train = loadIntentCorpus().train;
    expect(JSON.stringify(trainIntentModel(train))).toBe(JSON.stringify(trainIntentModel(train)));
  });
});
