import { describe, expect, it } from "vitest";

import { unitPhrase } from "./say";

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
