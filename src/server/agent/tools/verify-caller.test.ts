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
});
