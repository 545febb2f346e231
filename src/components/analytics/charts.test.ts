import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { BarChart, countTicks, StepLineChart } from "./charts";

const SERIES = [
  { key: "calls", name: "Calls", color: "blue" },
  { key: "messages", name: "Messages", color: "teal" },
];

/** The SVG rects of the bars (not the bands' hover targets), as numbers. */
function bars(html: string) {
  return [
    ...html.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" style="fill:(\w+)"/g),
  ].map((m) => ({ x: +m[1]!, y: +m[2]!, width: +m[3]!, height: +m[4]!, color: m[5]! }));
}

describe("countTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten up to a round top at or above the largest value", () => {
    expect(countTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(countTicks(29)).toEqual([0, 10, 20, 30]);
    expect(countTicks(1234)).toEqual([0, 500, 1000, 1500]);
    expect(countTicks(8)).toEqual([0, 2, 4, 6, 8]);
  });
  it("keeps whole numbers and four steps for small counts, and draws an empty chart's axis", () => {
    expect(countTicks(2)).toEqual([0, 1, 2, 3, 4]);
    expect(countTicks(0.4)).toEqual([0, 1, 2, 3, 4]);
    expect(countTicks(0)).toEqual([0, 1, 2, 3, 4]);
    expect(countTicks(Number.NaN)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("BarChart", () => {
  const data = [
    { day: "Mon", calls: 3, messages: 1 },
    { day: "Tue", calls: 0, messages: 4 },
  ];

  it("stacks each category's values from the bottom on the value scale (0-100 in the SVG)", () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, { label: "By day", data, category: "day", series: SERIES, stacked: true }),
    );
    // Largest stack 4 → axis 0-4, so 1 = 25 units.
    const [monCalls, monMessages, tueCalls, tueMessages] = bars(html);
    expect(monCalls).toMatchObject({ y: 25, height: 75, color: "blue" });
    expect(monMessages).toMatchObject({ y: 0, height: 25, color: "teal" });
    expect(tueCalls).toMatchObject({ height: 0 });
    expect(tueMessages).toMatchObject({ y: 0, height: 100 });
    expect(monCalls!.x).toBe(monMessages!.x);
    expect(html).toContain('role="img" aria-label="By day"');
    expect(html).toContain("<title>Mon: Calls: 3, Messages: 1</title>");
  });

  it("puts grouped bars side by side within their band, and lays sideways charts along x", () => {
    const grouped = bars(
      renderToStaticMarkup(createElement(BarChart, { label: "g", data, category: "day", series: SERIES })),
    );
    expect(grouped[1]!.x).toBeGreaterThan(grouped[0]!.x);
    expect(grouped[0]!.x + grouped[0]!.width).toBeLessThanOrEqual(grouped[1]!.x + 1e-9);
    expect(grouped[2]!.x).toBeGreaterThanOrEqual(1); // Tue's band starts at 1
    const sideways = bars(
      renderToStaticMarkup(
        createElement(BarChart, { label: "s", data, category: "day", series: SERIES, horizontal: true }),
      ),
    );
    expect(sideways[0]).toMatchObject({ x: 0, width: 75 }); // Mon's calls: 3 of 4
  });
});

describe("StepLineChart", () => {
  it("holds each value across its band and leaves a gap where a value is missing", () => {
    const html = renderToStaticMarkup(
      createElement(StepLineChart, {
        label: "Occupancy",
        data: [
          { d: "1", u: 50 },
          { d: "2", u: 75 },
          { d: "3", u: null },
          { d: "4", u: 100 },
        ],
        category: "d",
        series: [{ key: "u", name: "By units", color: "blue" }],
        max: 100,
        unit: "%",
      }),
    );
    expect(html).toContain('d="M0 50 H1 V25 H2 M3 0 H4"');
    expect(html).toContain("<title>3: By units: –</title>");
    expect(html).toContain("<title>2: By units: 75%</title>");
  });
});
