import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { safeNext } from "./safe-next";

describe("safeNext", () => {
  it("keeps paths on this site, with their query and hash", () => {
    expect(safeNext("/demo/calls?x=1#top")).toBe("/demo/calls?x=1#top");
    expect(safeNext("/accept-invitation/abc")).toBe("/accept-invitation/abc");
  });

  it("falls back for missing, relative and other-site targets", () => {
    expect(safeNext(null)).toBe("/app");
    expect(safeNext("")).toBe("/app");
    expect(safeNext("https://evil.example/")).toBe("/app");
    expect(safeNext("//evil.example/")).toBe("/app");
    expect(safeNext("demo")).toBe("/app");
  });

  it("refuses paths a browser reads as another host (backslashes, tabs, newlines)", () => {
    expect(safeNext("/\\evil.example/x")).toBe("/app");
    expect(safeNext("/\t/evil.example")).toBe("/app");
    expect(safeNext("/\n/evil.example")).toBe("/app");
    expect(safeNext("/\\/evil.example", "/fallback")).toBe("/fallback");
  });

  it("refuses paths whose dot segments collapse to another host (issue 20, item 4)", () => {
    for (const attack of [
      "/..//evil.example/x",
      "/.//evil.example/x",
      "/./\\evil.example/x",
      "/%2e%2e//evil.example/x",
      "/%2E//evil.example/x",
      "/./%2e/..//evil.example",
      "/a/../..//evil.example",
      "/.\t//evil.example",
      "/..\\\\evil.example",
    ]) {
      const out = safeNext(attack);
      expect(out, attack).toBe("/app");
      expect(new URL(out, "https://app.example").origin, attack).toBe("https://app.example");
    }
  });

  it("still normalises harmless dot segments on this site", () => {
    expect(safeNext("/a/./b/../c?x=1")).toBe("/a/c?x=1");
    expect(safeNext("/%2Fescaped")).toBe("/%2Fescaped");
  });

  it("never returns anything a browser would resolve off this site", () => {
    const piece = fc.constantFrom(
      "/",
      "\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "\t",
      "\n",
      "@",
      ":",
      "?",
      "#",
      "evil.example",
      "x",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.string(), (pieces, tail) => {
        const out = safeNext(`/${pieces.join("")}${tail}`);
        expect(out.startsWith("/") && !out.startsWith("//")).toBe(true);
        expect(new URL(out, "https://app.example").origin).toBe("https://app.example");
      }),
      { numRuns: 2000 },
    );
  });
});
