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
});
