import { describe, expect, it } from "vitest";

import { describedLoad } from "./load";

describe("describedLoad", () => {
  it("sizes things named in passing, a couch or a bed needing a unit ten feet deep", () => {
    expect(describedLoad("need somewhere to put a couch and like 10 boxes")).toEqual({
      area: 50,
      words: ["a couch and about 10 boxes", "un sofá y 10 cajas"],
    });
    expect(describedLoad("got a couch, a bed and some boxes")?.words[0]).toBe("a couch, a bed and some boxes");
    expect(describedLoad("tengo un sofá, una cama y unas cajas")?.area).toBe(50);
    expect(describedLoad("a queen mattress and box spring")?.words[0]).toBe("a mattress and a box spring");
  });

  it("adds up a furnished room to more than a 5x10, and boxes alone to a closet", () => {
    expect(describedLoad("my bed, dresser, table, 4 chairs, a tv and 20 boxes")!.area).toBeGreaterThan(50);
    expect(describedLoad("about 30 boxes")!.area).toBeLessThanOrEqual(25);
  });

  it("names nothing for a home, a size or a question", () => {
    for (const text of ["a 2 bed apartment", "do you have a 10x10", "is that available", "how much"])
      expect(describedLoad(text), text).toBeNull();
  });
});
