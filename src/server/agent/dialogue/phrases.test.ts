import { describe, expect, it } from "vitest";

import { PHRASES, say, type PhraseId } from "./phrases";

describe("phrase table", () => {
  it("has every phrase in every language", () => {
    for (const [id, phrase] of Object.entries(PHRASES)) {
      expect(phrase.en.trim(), id).not.toBe("");
      expect(phrase.es.trim(), id).not.toBe("");
    }
  });

  it('says a monthly price in Spanish as "al mes", never the English "/mo"', () => {
    for (const [id, phrase] of Object.entries(PHRASES)) expect(phrase.es, id).not.toMatch(/\/mo\b/);
    expect(say({ language: "es" }, "sales.is_mo", { what: "Una unidad de 10x10", monthlyRateCents: "$159" })).toBe(
      "Una unidad de 10x10 cuesta $159 al mes.",
    );
    expect(say({ language: "en" }, "sales.is_mo", { what: "A 10x10 unit", monthlyRateCents: "$159" })).toBe(
      "A 10x10 unit is $159/mo.",
    );
  });

  it("says a phrase in the caller's language with its values", () => {
    const id: PhraseId = "route.your_confirmation_code_is";
    expect(say({ language: "en" }, id, { confirmationCode: "AB12" })).toBe("Your confirmation code is AB12.");
    expect(say({ language: "es" }, id, { confirmationCode: "AB12" })).toBe("Su código de confirmación es AB12.");
  });

  it("refuses to say a placeholder aloud when its value is missing", () => {
    expect(() => say({ language: "en" }, "route.your_confirmation_code_is")).toThrow(/confirmationCode/);
  });
});
