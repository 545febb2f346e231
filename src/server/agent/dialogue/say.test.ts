import { describe, expect, it } from "vitest";

import { featurePredicate, unitPhrase } from "./say";

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
