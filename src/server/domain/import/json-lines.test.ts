import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { deepestLine, locateJsonLines } from "./json-lines";

describe("locateJsonLines", () => {
  const text = `{
  "version": 1,
  "facilities": [
    {
      "slug": "a",
      "unitTypes": [{ "name": "x" }, { "name": "y", "webRateCents": -5 }]
    },
    { "slug": "b\\"}" }
  ]
}`;

  it("finds where each path starts, and the parent of a missing one", () => {
    const paths = [
      ["facilities", 0, "unitTypes", 1, "webRateCents"],
      ["facilities", 1, "slug"],
      ["facilities", 1, "missing"],
    ];
    const found = locateJsonLines(text, paths);
    expect(deepestLine(found, paths[0]!)).toBe(6);
    expect(deepestLine(found, paths[1]!)).toBe(8);
    expect(deepestLine(found, paths[2]!)).toBe(8);
    expect(deepestLine(found, [])).toBe(1);
  });

  it("agrees with the line of every value of any pretty-printed document", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const pretty = JSON.stringify(value, null, 2);
        // Every leaf of a pretty-printed document sits on its own line, so the expected lines can be
        // counted independently: walk the value in the same order JSON.stringify writes it.
        const expected: [PropertyKey[], number][] = [];
        let line = 1;
        const walk = (v: unknown, path: PropertyKey[]) => {
          expected.push([path, line]);
          if (v === null || typeof v !== "object") return;
          const entries = Array.isArray(v)
            ? v.map((x, i) => [i, x] as const)
            : Object.entries(v).map(([k, x]) => [k, x] as const);
          if (entries.length === 0) return;
          for (const [k, x] of entries) {
            line++;
            walk(x, [...path, k]);
          }
          line++; // the closing bracket
        };
        walk(value, []);
        const found = locateJsonLines(
          pretty,
          expected.map(([p]) => p),
        );
        for (const [path, at] of expected) expect(deepestLine(found, path), JSON.stringify(path)).toBe(at);
      }),
    );
  });
});
