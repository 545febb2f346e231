import { describe, expect, it } from "vitest";

import { namesMatch } from "./verify-caller";

describe("namesMatch", () => {
  it("matches the name on file as said, or the surname with the first name's initial", () => {
    expect(namesMatch("Mary Jones", "mary jones")).toBe(true);
    expect(namesMatch("Mary Jones", "M Jones")).toBe(false);
    expect(namesMatch("Mary Jones", "Marie Jones")).toBe(true);
    expect(namesMatch("Mary Jones", "Mary Smith")).toBe(false);
  });

  it("matches a name said surname first only in full", () => {
    expect(namesMatch("Mary Jones", "Jones, Mary")).toBe(true);
    expect(namesMatch("Mary Jones", "jones mary")).toBe(true);
    expect(namesMatch("Mary Ann Jones", "Jones, Mary Ann")).toBe(true);
    expect(namesMatch("Maria de la Cruz", "de la Cruz, Maria")).toBe(true);
    // Reversed, every word must be there and be the account's: no initial, no other first name.
    expect(namesMatch("Mary Jones", "Jones, Mike")).toBe(false);
    expect(namesMatch("Mary Jones", "Jones, Marie")).toBe(false);
    expect(namesMatch("Mary Ann Jones", "Jones, Mary")).toBe(false);
    expect(namesMatch("Mary Jones", "Jones")).toBe(false);
    expect(namesMatch("Mary Jones", "Jones Jones")).toBe(false);
  });

  it("lets a generational suffix be left out on either side, never swapped for another", () => {
    expect(namesMatch("John Smith Jr.", "John Smith Junior")).toBe(true);
    expect(namesMatch("John Smith Jr.", "john smith jr")).toBe(true);
    expect(namesMatch("John Smith Jr.", "John Smith")).toBe(true);
    expect(namesMatch("John Smith", "John Smith Junior")).toBe(true);
    expect(namesMatch("John Smith", "John Smith Jr.")).toBe(true);
    expect(namesMatch("John Smith III", "john smith the third")).toBe(true);
    expect(namesMatch("John Smith III", "John Smith 3rd")).toBe(true);
    expect(namesMatch("John Smith Sr.", "John Smith Senior")).toBe(true);
    expect(namesMatch("John Smith Jr.", "Smith, John Jr.")).toBe(true);
    // Another generation is another person; another first name is still no match.
    expect(namesMatch("John Smith Jr.", "John Smith Sr.")).toBe(false);
    expect(namesMatch("John Smith II", "John Smith III")).toBe(false);
    expect(namesMatch("John Smith Jr.", "Mike Smith Junior")).toBe(false);
    expect(namesMatch("John Smith", "Mike Smith Jr")).toBe(false);
    expect(namesMatch("John Smith Jr.", "Junior")).toBe(false);
    expect(namesMatch("John Smith Jr.", "Smith Jr")).toBe(false);
    // A surname that is a suffix word stays the surname.
    expect(namesMatch("Mary Senior", "mary senior")).toBe(true);
    expect(namesMatch("Mary Senior", "Mary")).toBe(false);
  });
});
