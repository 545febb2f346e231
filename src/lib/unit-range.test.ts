import { describe, expect, it } from "vitest";

import { expandUnitRange } from "./unit-range";

describe("expandUnitRange", () => {
  it("expands ranges with hyphens and en dashes, keeping padding", () => {
    expect(expandUnitRange("A101-A103")).toEqual(["A101", "A102", "A103"]);
    expect(expandUnitRange("A101–A130")).toHaveLength(30);
    expect(expandUnitRange("B001 - B003")).toEqual(["B001", "B002", "B003"]);
    expect(expandUnitRange("7")).toEqual(["7"]);
    expect(expandUnitRange("10-12")).toEqual(["10", "11", "12"]);
  });
  it("refuses mismatched prefixes, reversed and nonsense ranges", () => {
    expect(() => expandUnitRange("A1-B3")).toThrow(/prefix/);
    expect(() => expandUnitRange("A9-A1")).toThrow(/ends before/);
    expect(() => expandUnitRange("hello")).toThrow(/not a unit range/);
  });
});
