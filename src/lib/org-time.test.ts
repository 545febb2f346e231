import { describe, expect, it } from "vitest";

import { dayStartIn, formatDate, formatDateTime, formatDateTimeZone, formatIsoDay, formatTime } from "./org-time";

describe("org-time", () => {
  const at = new Date("2026-12-07T02:30:00Z"); // evening of Dec 6 in the Americas, Dec 7 in UTC

  it("formats in the organization's zone, not UTC", () => {
    expect(formatDateTime(at, "America/Chicago")).toBe("Dec 6, 2026, 8:30 PM");
    expect(formatDateTime(at, "UTC")).toBe("Dec 7, 2026, 2:30 AM");
    expect(formatDate(at, "America/Los_Angeles")).toBe("Dec 6, 2026");
    expect(formatTime(at, "America/New_York")).toBe("9:30 PM");
    expect(formatDateTimeZone(at, "America/Chicago")).toBe("Dec 6, 2026, 8:30 PM CST");
  });

  it("takes ISO strings and numbers, and gives '' for nothing", () => {
    expect(formatDateTime(at.toISOString(), "America/Chicago")).toBe("Dec 6, 2026, 8:30 PM");
    expect(formatDateTime(at.getTime(), "America/Chicago")).toBe("Dec 6, 2026, 8:30 PM");
    expect(formatDateTime(null, "UTC")).toBe("");
    expect(formatDateTime("not a date", "UTC")).toBe("");
  });

  it("an unknown zone falls back to UTC instead of throwing", () => {
    expect(formatDateTime(at, "Mars/Olympus")).toBe("Dec 7, 2026, 2:30 AM");
  });

  it("a calendar day is not shifted by any zone", () => {
    expect(formatIsoDay("2026-12-06")).toBe("Dec 6, 2026");
    expect(formatIsoDay(null)).toBe("");
  });

  it("finds the instant a day starts in the zone, across daylight saving changes", () => {
    expect(dayStartIn("2026-12-06", "America/Chicago")?.toISOString()).toBe("2026-12-06T06:00:00.000Z");
    expect(dayStartIn("2026-12-06", "America/Chicago", 1)?.toISOString()).toBe("2026-12-07T06:00:00.000Z");
    expect(dayStartIn("2026-07-01", "America/New_York")?.toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(dayStartIn("2026-03-08", "America/Chicago")?.toISOString()).toBe("2026-03-08T06:00:00.000Z");
    expect(dayStartIn("2026-03-08", "America/Chicago", 1)?.toISOString()).toBe("2026-03-09T05:00:00.000Z");
    expect(dayStartIn("2026-12-06", "Asia/Kolkata")?.toISOString()).toBe("2026-12-05T18:30:00.000Z");
    expect(dayStartIn("2026-12-06", "UTC")?.toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(dayStartIn("yesterday", "UTC")).toBeNull();
  });
});
