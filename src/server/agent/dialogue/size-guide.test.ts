import { describe, expect, it } from "vitest";

import { bedroomsNamed, usualHomeSize, whatFitsNames } from "./size-guide";

const type = (widthFt: number, lengthFt: number, whatFits: string | null) => ({ widthFt, lengthFt, whatFits });

describe("size advice for homes", () => {
  it("reads the bedroom counts an operator's what-fits text names", () => {
    expect([...bedroomsNamed("a one- or two-bedroom apartment: bed, sofa")]).toEqual([1, 2]);
    expect([...bedroomsNamed("a 3-4 bedroom house")]).toEqual([3, 4]);
    expect([...bedroomsNamed("two to three bedrooms")]).toEqual([2, 3]);
    expect([...bedroomsNamed("a four-bedroom house, or a car")]).toEqual([4]);
    expect([...bedroomsNamed("boxes and a bed")]).toEqual([]);
  });

  it("knows when the text names a home", () => {
    expect(whatFitsNames("a studio apartment or dorm room", "studio")).toBe(true);
    expect(whatFitsNames("a studio apartment or dorm room", "dorm")).toBe(true);
    expect(whatFitsNames("a three-bedroom home without large appliances", "two_bedroom")).toBe(false);
    expect(whatFitsNames("a large home, business stock, or a boat", "house")).toBe(true);
  });

  it("takes the smallest size the operator names for the home, else the guide's", () => {
    const types = [
      type(5, 10, "a studio apartment"),
      type(10, 10, "a one- or two-bedroom apartment"),
      type(10, 15, "a three-bedroom home"),
      type(10, 20, null),
    ];
    expect(usualHomeSize(types, "two_bedroom")).toMatchObject({ widthFt: 10, lengthFt: 10 });
    expect(usualHomeSize(types, "three_bedroom")).toMatchObject({ widthFt: 10, lengthFt: 15 });
    // Nobody names a four-bedroom home: the guide's 200 sq ft.
    expect(usualHomeSize(types, "four_bedroom")).toMatchObject({ widthFt: 10, lengthFt: 20 });
  });
});
