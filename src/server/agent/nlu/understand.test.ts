import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { classify, extractEntities, understand, type ExtractContext } from "./index";

const ctx: ExtractContext = {
  now: new Date("2026-11-24T17:00:00Z"),
  timeZone: "America/Los_Angeles",
  facilities: [{ id: "f1", name: "Downtown Self Storage" }],
};

describe("understand", () => {
  it("combines intent, entities and language", () => {
    const u = understand("quiero reservar un diez por diez para el sabado", ctx);
    expect(u.intent).toBe("reserve_unit");
    expect(u.language).toBe("es");
    expect(u.entities.map((e) => e.type)).toEqual(["language", "unit_size", "date"]);
    expect(u.cardNumberDetected).toBe(false);
  });

  it("redacts card numbers before anything else sees them", () => {
    const u = understand("i want to pay my rent my card is 4111 1111 1111 1111", ctx);
    expect(u.intent).toBe("payment_inquiry");
    expect(u.cardNumberDetected).toBe(true);
    expect(u.redactedText).toBe("i want to pay my rent my card is [card number]");
    expect(JSON.stringify(u)).not.toContain("4111");
  });
});

describe("robustness", () => {
  it("never throws and every span points at its text, whatever the input", () => {
    const words = [
      "ten",
      "by",
      "x",
      "five",
      "oh",
      "one",
      "at",
      "dot",
      "com",
      "the",
      "15th",
      "next",
      "friday",
      "unit",
      "a",
      "my",
      "name",
      "is",
      "it's",
      "um",
      "like",
      "no",
      "yes",
      "si",
      "510",
      "555",
      "0123",
      "@",
      "-",
      "climate",
      "not",
      "downtown",
      "december",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 25 }), fc.string({ maxLength: 20 }), (ws, noise) => {
        const text = `${ws.join(" ")} ${noise}`;
        const r = classify(text);
        expect(r.ranking.length).toBeGreaterThan(0);
        for (const e of extractEntities(text, ctx)) expect(text.slice(e.start, e.end)).toBe(e.text);
      }),
      { numRuns: 400 },
    );
  });
});
