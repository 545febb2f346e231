import { describe, expect, it } from "vitest";

import {
  capital,
  closedWhy,
  featurePredicate,
  fitsClause,
  list,
  operatorSays,
  operatorWords,
  promotionWords,
  unitPhrase,
} from "./say";

const en = { language: "en" as const };
const es = { language: "es" as const };

describe("unitPhrase", () => {
  it("puts adjectives before the noun and what the unit comes with after it, leaving indoor and outdoor unsaid", () => {
    expect(unitPhrase(10, 10, ["climate_controlled", "indoor", "ground_floor"], en)).toBe(
      "a 10x10 climate-controlled, ground-floor unit",
    );
    expect(unitPhrase(10, 20, ["drive_up", "outdoor", "power"], en)).toBe("a 10x20 drive-up unit with power");
    expect(unitPhrase(5, 5, ["climate_controlled", "indoor", "elevator"], en)).toBe(
      "a 5x5 climate-controlled unit with elevator access",
    );
    expect(unitPhrase(5, 10, ["indoor"], en)).toBe("a 5x10 unit");
  });

  it("says it in Spanish with the features after the size", () => {
    expect(unitPhrase(10, 10, ["climate_controlled", "indoor"], es)).toBe("una unidad de 10x10 con clima controlado");
  });
});

describe("unitPhrase in the plural", () => {
  it("puts the plural on the noun, not on the feature said after it", () => {
    expect(unitPhrase(10, 20, ["drive_up", "power"], en, { plural: true })).toBe("10x20 drive-up units with power");
    expect(unitPhrase(5, 5, ["elevator"], en, { plural: true })).toBe("5x5 units with elevator access");
    expect(unitPhrase(10, 10, ["climate_controlled"], en, { plural: true })).toBe("10x10 climate-controlled units");
    expect(unitPhrase(12, 40, ["rv_parking"], en, { plural: true })).toBe("12x40 RV and boat parking spaces");
  });

  it("says the plural in Spanish", () => {
    expect(unitPhrase(10, 20, ["drive_up", "power"], es, { plural: true })).toBe(
      "unidades de 10x20 con acceso en auto, con electricidad",
    );
    expect(unitPhrase(12, 40, ["rv_parking"], es, { plural: true })).toBe("espacios de 12x40 para RV y botes");
  });
});

describe("featurePredicate", () => {
  it("says a unit is an adjective and has what comes after the noun", () => {
    expect(`it${featurePredicate("it", ["climate_controlled"])}`).toBe("it's climate-controlled");
    expect(`it${featurePredicate("it", ["power"])}`).toBe("it has power");
    expect(`it${featurePredicate("it", ["drive_up", "power"])}`).toBe("it's drive-up and has power");
    expect(`units${featurePredicate("many", ["power"])}`).toBe("units have power");
    expect(`that one${featurePredicate("one", ["climate_controlled", "power"], { negative: true })}`).toBe(
      "that one isn't climate-controlled, and doesn't have power",
    );
  });
});

describe("operator text", () => {
  it("says an answer in the caller's language, and an English-only one to a Spanish caller after a lead-in", () => {
    expect(operatorWords(es, { text: "Sí, la oficina vende cajas.", language: "es" })).toBe(
      "Sí, la oficina vende cajas.",
    );
    expect(operatorWords(es, { text: "Yes, the office sells boxes.", language: "en" })).toBe(
      "Tengo esta información solo en inglés: Yes, the office sells boxes.",
    );
    expect(operatorWords(en, { text: "Yes, the office sells boxes.", language: "en" })).toBe(
      "Yes, the office sells boxes.",
    );
  });

  it("says why the office is closed inside the sentence, never switching language silently", () => {
    const closed = (why: string) => `Estamos cerrados el viernes 25 de diciembre${why}.`;
    expect(closed(closedWhy(es, { reason: { text: "Navidad", language: "es" } }))).toBe(
      "Estamos cerrados el viernes 25 de diciembre por Navidad.",
    );
    expect(closed(closedWhy(es, { reason: { text: "Christmas Day", language: "en" } }))).toBe(
      "Estamos cerrados el viernes 25 de diciembre (el motivo lo tengo solo en inglés: Christmas Day).",
    );
    expect(closedWhy(en, { reason: { text: "Christmas Day", language: "en" } })).toBe(" for Christmas Day");
    // A closure with no reason written: as before in English, nothing in Spanish ("por a closure" was said).
    expect(closedWhy(en, { reason: null })).toBe(" for a closure");
    expect(closedWhy(es, { reason: null })).toBe("");
    // No closure that day (closed by the weekly hours): no reason.
    expect(closedWhy(es, null)).toBe("");
  });
});

describe("operator text inside a sentence", () => {
  const english = (text: string) => ({ text, language: "en" as const });

  it("introduces the operator's English directions to a Spanish caller, and says them as they are in English", () => {
    const directions = english("From Loop 1 take the Lake Austin Boulevard exit.");
    expect(operatorSays(es, directions, "info.directions", "say.directions_only_in_english")).toBe(
      " Las indicaciones para llegar las tengo solo en inglés: From Loop 1 take the Lake Austin Boulevard exit.",
    );
    expect(operatorSays(en, directions, "info.directions", "say.directions_only_in_english")).toBe(
      " From Loop 1 take the Lake Austin Boulevard exit.",
    );
  });

  it("says what fits a size in a Spanish sentence only after saying it is English", () => {
    const fits = english(fitsClause("A closet's worth: boxes, a small chest."));
    expect(operatorSays(es, fits, "sales.a_holds", "say.fits_only_in_english", { size: "5x5" })).toBe(
      "Lo que cabe en una de 5x5 lo tengo solo en inglés: a closet's worth: boxes, a small chest.",
    );
    expect(operatorSays(en, fits, "sales.a_holds", "say.fits_only_in_english", { size: "5x5" })).toBe(
      "A 5x5 holds a closet's worth: boxes, a small chest.",
    );
    const usual = { hint: "a two-bedroom home", hintEs: "una casa de dos recámaras", usual: "10x10" };
    const apartment = english("a one- or two-bedroom apartment");
    expect(operatorSays(es, apartment, "sales.usual_size_holds", "say.usual_size_fits_only_in_english", usual)).toBe(
      "Para una casa de dos recámaras lo usual es una de 10x10 (lo que cabe lo tengo solo en inglés: a one- or two-bedroom apartment)",
    );
    expect(operatorSays(en, apartment, "sales.usual_size_holds", "say.usual_size_fits_only_in_english", usual)).toBe(
      "For a two-bedroom home the usual size is a 10x10, which holds a one- or two-bedroom apartment",
    );
  });

  it("names a fee the operator named in English as a charge, its English name introduced", () => {
    expect(operatorSays(es, english("Disc lock"), "sales.x", "say.fee_only_in_english", { amountCents: "$15" })).toBe(
      "un cargo de $15 (su nombre lo tengo solo en inglés: Disc lock)",
    );
    expect(operatorSays(en, english("Disc lock"), "sales.x", "say.fee_only_in_english", { amountCents: "$15" })).toBe(
      "Disc lock ($15)",
    );
  });
});

describe("promotionWords", () => {
  it("says a promotion to a Spanish caller by its terms, to an English caller by the operator's name", () => {
    const dollar = { name: "First month $1", kind: "first_month_fixed" as const, value: 100, months: 1 };
    expect(promotionWords(es, dollar)).toBe("el primer mes por $1");
    expect(promotionWords(en, dollar)).toBe("First month $1");
    expect(promotionWords(es, { name: "Half off two months", kind: "percent_off", value: 5000, months: 2 })).toBe(
      "50% de descuento los primeros 2 meses",
    );
    expect(promotionWords(es, { name: "$20 off", kind: "amount_off", value: 2000, months: 1 })).toBe(
      "$20 de descuento el primer mes",
    );
    expect(promotionWords(es, { name: "2 months free", kind: "free_months", value: 0, months: 2 })).toBe(
      "los primeros 2 meses gratis",
    );
    expect(promotionWords(es, { name: "Free first month", kind: "first_month_fixed", value: 0, months: 1 })).toBe(
      "el primer mes gratis",
    );
  });

  it("introduces the English name when the terms are unknown", () => {
    expect(promotionWords(es, { name: "Summer special" })).toBe("en inglés, «Summer special»");
    expect(promotionWords(en, { name: "Summer special" })).toBe("Summer special");
  });
});

describe("fitsClause", () => {
  it('joins an operator\'s "what fits" written as a sentence into the middle of one', () => {
    expect(fitsClause("A two- or three-bedroom house, or a car.")).toBe("a two- or three-bedroom house, or a car");
    expect(fitsClause("A closet's worth: boxes, seasonal decorations, a small chest. ")).toBe(
      "a closet's worth: boxes, seasonal decorations, a small chest",
    );
    expect(fitsClause("a one-bedroom apartment")).toBe("a one-bedroom apartment");
  });

  it("keeps an acronym's capitals", () => {
    expect(fitsClause("RVs up to 40 feet.")).toBe("RVs up to 40 feet");
  });
});

describe("capital", () => {
  it("capitalises a sentence's first letter, after Spanish's opening question or exclamation mark", () => {
    expect(capital("can I get your name?")).toBe("Can I get your name?");
    expect(capital("¿me da su nombre para anotarle este precio?")).toBe("¿Me da su nombre para anotarle este precio?");
    expect(capital("¡listo!")).toBe("¡Listo!");
    expect(capital("una unidad de 10x10")).toBe("Una unidad de 10x10");
  });
});

describe("list", () => {
  it("joins with and, or with or for a choice, in the caller's language", () => {
    expect(list(["Lakeside", "Northgate"], en)).toBe("Lakeside and Northgate");
    expect(list(["Lakeside", "Northgate"], en, { or: true })).toBe("Lakeside or Northgate");
    expect(list(["A", "B", "C"], en, { or: true })).toBe("A, B, or C");
    expect(list(["A", "B", "C"], es)).toBe("A, B y C");
    expect(list(["Lakeside", "Northgate"], es, { or: true })).toBe("Lakeside o Northgate");
  });
});
