import { describe, expect, it } from "vitest";

import { isoWeekKey, lastCompletePeriod } from "./periods";

describe("report periods", () => {
  it("weekly: the last complete Monday-to-Sunday week on the schedule's clock", () => {
    // Monday 2026-11-23 05:00 UTC is still Sunday 23:00 in Chicago: the last complete week there ends Nov 15.
    expect(lastCompletePeriod("weekly", new Date("2026-11-23T05:00:00Z"), "America/Chicago")).toEqual({
      key: "2026-W46",
      from: "2026-11-09",
      to: "2026-11-15",
    });
    expect(lastCompletePeriod("weekly", new Date("2026-11-23T05:00:00Z"), "UTC")).toEqual({
      key: "2026-W47",
      from: "2026-11-16",
      to: "2026-11-22",
    });
    expect(lastCompletePeriod("weekly", new Date("2026-11-29T23:00:00Z"), "UTC")).toEqual({
      key: "2026-W47",
      from: "2026-11-16",
      to: "2026-11-22",
    });
  });

  it("monthly: the previous calendar month, across a year end", () => {
    expect(lastCompletePeriod("monthly", new Date("2026-12-01T12:00:00Z"), "UTC")).toEqual({
      key: "2026-11",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(lastCompletePeriod("monthly", new Date("2027-01-01T03:00:00Z"), "America/Los_Angeles")).toEqual({
      key: "2026-11",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(lastCompletePeriod("monthly", new Date("2027-01-15T12:00:00Z"), "UTC")).toEqual({
      key: "2026-12",
      from: "2026-12-01",
      to: "2026-12-31",
    });
    expect(lastCompletePeriod("monthly", new Date("2028-03-02T12:00:00Z"), "UTC")).toEqual({
      key: "2028-02",
      from: "2028-02-01",
      to: "2028-02-29",
    });
  });

  it("ISO week numbers at year boundaries", () => {
    expect(isoWeekKey("2026-12-28")).toBe("2026-W53");
    expect(isoWeekKey("2027-01-04")).toBe("2027-W01");
    expect(isoWeekKey("2024-12-30")).toBe("2025-W01");
  });
});
