import { describe, expect, it } from "vitest";

import { unitReferenceIn, withUnit } from "./message-words";

describe("unitReferenceIn", () => {
  it.each([
    ["its mike from unit 12", "unit 12"],
    ["this is sara in 204", "unit 204"],
    ["Dana, unit B-7", "unit B-7"],
    ["john in unit #31", "unit 31"],
    ["soy ana de la unidad 15", "unit 15"],
    ["mike, storage unit number 112", "unit 112"],
  ])("%s names %s", (text, unit) => {
    expect(unitReferenceIn(text)).toBe(unit);
  });

  it.each([
    "its mike",
    "call me at 512 555 0142",
    "i need a 10x10 unit",
    "in 2 weeks",
    "moving in 2027",
    "in 15 minutes",
    "this is dana",
  ])("%s names no unit", (text) => {
    expect(unitReferenceIn(text)).toBeNull();
  });
});

describe("withUnit", () => {
  it("adds the unit unless the message names it", () => {
    expect(withUnit("the light in hallway b is out", "unit 12")).toBe("the light in hallway b is out (unit 12)");
    expect(withUnit("the lock on 12 is broken", "unit 12")).toBe("the lock on 12 is broken");
    expect(withUnit("the lock on 120 is broken", "unit 12")).toBe("the lock on 120 is broken (unit 12)");
    expect(withUnit("Please call back.", undefined)).toBe("Please call back.");
  });
});
