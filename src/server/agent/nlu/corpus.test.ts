import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { loadIntentCorpus } from "./corpus";

function corpusDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "nlu-corpus-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

describe("loadIntentCorpus", () => {
  it("rejects an unknown intent with the file name", () => {
    const dir = corpusDir({ "x.yaml": "intent: order_pizza\ntrain: [a]\n" });
    expect(() => loadIntentCorpus(dir)).toThrow(/x\.yaml.*unknown intent/s);
  });

  it("rejects an utterance that is both trained on and held out", () => {
    const dir = corpusDir({ "g.yaml": "intent: greeting\ntrain: [hi]\nheldout: [hi]\n" });
    expect(() => loadIntentCorpus(dir)).toThrow(/already appears/);
  });

  it("loads train and held-out splits", () => {
    const dir = corpusDir({ "g.yaml": "intent: greeting\ntrain: [hi, hello]\nheldout: [hey]\n" });
    const c = loadIntentCorpus(dir);
    expect(c.train.map((u) => u.text)).toEqual(["hi", "hello"]);
    expect(c.heldout).toEqual([{ text: "hey", intent: "greeting" }]);
  });
});
