import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { ZImportFile } from "./format";

/** docs/import-format.md: "Unknown keys are rejected (a typo is an error, not silently ignored)". */
describe("import file: unknown keys", () => {
  const example = () => JSON.parse(readFileSync("docs/examples/facility-import.json", "utf8"));

  it("accepts the documented example", () => {
    expect(ZImportFile.safeParse(example()).success).toBe(true);
  });

  const base = () => ({
    version: 1,
    facilities: [
      {
        name: "Lakeside",
        slug: "lakeside",
        officeHours: { mon: [{ open: "09:00", close: "18:00" }] },
        closures: [{ date: "2026-12-25" }],
        knowledgeBase: [{ kind: "faq", question: "Trucks?", answer: "Yes." }],
        unitTypes: [
          {
            name: "5x5",
            widthFt: 5,
            lengthFt: 5,
            streetRateCents: 5000,
            webRateCents: 4500,
            units: [{ number: "A1" }],
          },
        ],
      },
    ],
    promotions: [{ name: "Half off", kind: "percent_off", value: 5000, months: 1, unitTypes: ["lakeside/5x5"] }],
    fees: [{ name: "Lock", kind: "other", amountCents: 1500, taxable: true }],
    protectionPlans: [{ name: "Basic", coverageCents: 200_000, monthlyCents: 1200 }],
    knowledgeBase: [{ kind: "policy", question: "Late fee?", answer: "$15." }],
  });

  type File = ReturnType<typeof base>;
  const typos: Record<string, (f: File) => object> = {
    facility: (f) => f.facilities[0]!,
    "unit type": (f) => f.facilities[0]!.unitTypes[0]!,
    unit: (f) => f.facilities[0]!.unitTypes[0]!.units[0]!,
    closure: (f) => f.facilities[0]!.closures[0]!,
    "facility knowledge base entry": (f) => f.facilities[0]!.knowledgeBase[0]!,
    "organization knowledge base entry": (f) => f.knowledgeBase[0]!,
    promotion: (f) => f.promotions[0]!,
    fee: (f) => f.fees[0]!,
    "protection plan": (f) => f.protectionPlans[0]!,
    "range of office hours": (f) => f.facilities[0]!.officeHours.mon[0]!,
  };

  it("accepts the base file", () => {
    expect(ZImportFile.safeParse(base()).success).toBe(true);
  });

  for (const [where, target] of Object.entries(typos)) {
    it(`rejects an unknown key in a ${where}`, () => {
      const f = base();
      Object.assign(target(f), { unitTyps: ["lakeside/5x5"] });
      const r = ZImportFile.safeParse(f);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message).join(" ")).toMatch(/unitTyps/);
    });
  }
});
