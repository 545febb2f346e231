import { describe, expect, it } from "vitest";

import {
  formatRanges,
  readDollars,
  readInt,
  readList,
  readPercent,
  readPromotionValue,
  readRanges,
  readWeek,
  weekTexts,
} from "./form-values";

describe("facility form values", () => {
  it("reads hours per day, with several ranges, dashes of any kind, blank or 'closed' as closed", () => {
    expect(readRanges("9:00-17:00", "Mon")).toEqual({ ok: true, value: [{ open: "09:00", close: "17:00" }] });
    expect(readRanges("08:00–12:00, 13:00 - 18:30", "Mon")).toEqual({
      ok: true,
      value: [
        { open: "08:00", close: "12:00" },
        { open: "13:00", close: "18:30" },
      ],
    });
    expect(readRanges("", "Mon")).toEqual({ ok: true, value: [] });
    expect(readRanges("Closed", "Mon")).toEqual({ ok: true, value: [] });
    expect(readRanges("00:00-24:00", "Mon")).toEqual({ ok: true, value: [{ open: "00:00", close: "24:00" }] });
  });

  it("names the day and the problem for bad hours", () => {
    expect(readRanges("9am to 5pm", "Office hours, Monday")).toMatchObject({
      ok: false,
      error: expect.stringContaining("Office hours, Monday: write times as 09:00-17:00"),
    });
    expect(readRanges("17:00-09:00", "Tuesday")).toEqual({ ok: false, error: "Tuesday: 17:00 is not before 09:00." });
    expect(readRanges("25:00-26:00", "Tuesday").ok).toBe(false);
    const week = readWeek(
      { mon: "09:00-17:00", tue: "", wed: "x", thu: "", fri: "", sat: "", sun: "" },
      "Access hours",
    );
    expect(week).toMatchObject({ ok: false, error: expect.stringContaining("Access hours, Wednesday") });
  });

  it("round-trips a week through the form's text", () => {
    const hours = {
      mon: [{ open: "09:00", close: "17:00" }],
      sat: [
        { open: "10:00", close: "12:00" },
        { open: "13:00", close: "16:00" },
      ],
    };
    expect(formatRanges(hours.sat)).toBe("10:00-12:00, 13:00-16:00");
    expect(readWeek(weekTexts(hours), "Office hours")).toEqual({ ok: true, value: hours });
  });

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
