import { describe, expect, it } from "vitest";

import { readDollars, readInt, readList, readPercent, readPromotionValue } from "./form-values";

describe("facility form values", () => {
  it("reads dollars, percentages, whole numbers and lists", () => {
    expect(readDollars("$1,200.5", "Admin fee")).toEqual({ ok: true, value: 120_050 });
    expect(readDollars("12.345", "Admin fee")).toMatchObject({
      ok: false,
      error: expect.stringContaining("Admin fee"),
    });
    expect(readPercent("8.25", "Tax")).toEqual({ ok: true, value: 825 });
    expect(readPercent("101", "Tax").ok).toBe(false);
    expect(readInt("7", "Hold", 0, 90)).toEqual({ ok: true, value: 7 });
    expect(readInt("91", "Hold", 0, 90).ok).toBe(false);
    expect(readList(" Gated, Cameras ,,Gated ")).toEqual(["Gated", "Cameras"]);
  });

  it("reads a promotion's value per kind and refuses an empty, zero or out-of-range discount", () => {
    expect(readPromotionValue("percent_off", "50")).toEqual({ ok: true, value: 5000 });
    expect(readPromotionValue("percent_off", "").ok).toBe(false);
    expect(readPromotionValue("percent_off", "0")).toMatchObject({
      ok: false,
      error: expect.stringContaining("above 0"),
    });
    expect(readPromotionValue("percent_off", "150")).toMatchObject({
      ok: false,
      error: expect.stringContaining("between 0 and 100"),
    });
    expect(readPromotionValue("amount_off", "$25")).toEqual({ ok: true, value: 2500 });
    expect(readPromotionValue("amount_off", "0").ok).toBe(false);
    expect(readPromotionValue("amount_off", "-5").ok).toBe(false);
    expect(readPromotionValue("first_month_fixed", "0")).toEqual({ ok: true, value: 0 });
    expect(readPromotionValue("free_months", "")).toEqual({ ok: true, value: 0 });
  });
});
