import { describe, expect, it } from "vitest";

import { dayBeforeAt, inSendWindow, nextSendTime, validateWindow, zonedTime } from "./quiet-hours";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);

describe("nextSendTime", () => {
  it("sends at once inside the window", () => {
    const now = at("2025-06-10T15:30:00Z"); // 11:30 EDT
    expect(nextSendTime(now, NY)).toEqual(now);
  });

  it("waits for 08:00 local when it is early morning", () => {
    expect(nextSendTime(at("2025-06-10T09:00:00Z"), NY)).toEqual(at("2025-06-10T12:00:00Z")); // 05:00 EDT -> 08:00 EDT
  });

  it("waits for tomorrow 08:00 at or after 21:00 local", () => {
    expect(nextSendTime(at("2025-06-11T01:00:00Z"), NY)).toEqual(at("2025-06-11T12:00:00Z")); // 21:00 EDT
    expect(nextSendTime(at("2025-06-11T00:59:00Z"), NY)).toEqual(at("2025-06-11T00:59:00Z")); // 20:59 EDT is fine
  });

  it("crosses the spring-forward night (EST evening -> EDT morning)", () => {
    // 22:00 EST on Sat 8 March 2025; clocks jump 02:00 -> 03:00 on the 9th; 08:00 EDT = 12:00Z.
    expect(nextSendTime(at("2025-03-09T03:00:00Z"), NY)).toEqual(at("2025-03-09T12:00:00Z"));
    // 07:00 EDT on the change day itself.
    expect(nextSendTime(at("2025-03-09T11:00:00Z"), NY)).toEqual(at("2025-03-09T12:00:00Z"));
  });

  it("crosses the fall-back night (EDT evening -> EST morning)", () => {
    // 22:00 EDT on Sat 1 November 2025; 08:00 EST on the 2nd = 13:00Z.
    expect(nextSendTime(at("2025-11-02T02:00:00Z"), NY)).toEqual(at("2025-11-02T13:00:00Z"));
    // 01:30 happens twice that night; both are before 08:00 EST.
    expect(nextSendTime(at("2025-11-02T05:30:00Z"), NY)).toEqual(at("2025-11-02T13:00:00Z"));
    expect(nextSendTime(at("2025-11-02T06:30:00Z"), NY)).toEqual(at("2025-11-02T13:00:00Z"));
  });

  it("uses the facility's zone, not the server's", () => {
    const now = at("2025-06-10T14:00:00Z"); // 07:00 in Los Angeles, 10:00 in New York, 16:00 in Berlin
    expect(nextSendTime(now, NY)).toEqual(now);
    expect(nextSendTime(now, "America/Los_Angeles")).toEqual(at("2025-06-10T15:00:00Z"));
    expect(nextSendTime(now, "Europe/Berlin")).toEqual(now);
  });

  it("resolves a window start that a DST change skips to the moment the clocks jump", () => {
    // Santiago skips 00:00-01:00 on 7 September 2025 (UTC-4 -> UTC-3): midnight does not exist.
    const opening = nextSendTime(at("2025-09-07T02:00:00Z"), "America/Santiago", { start: "00:00", end: "06:00" });
    expect(opening).toEqual(at("2025-09-07T04:00:00Z")); // 01:00 -03
  });

  it("always sends with a 00:00-24:00 window", () => {
    const now = at("2025-06-11T03:00:00Z");
    expect(nextSendTime(now, NY, { start: "00:00", end: "24:00" })).toEqual(now);
  });

  it("rejects windows that cannot work", () => {
    expect(validateWindow({ start: "21:00", end: "08:00" })).toMatch(/end after/);
    expect(validateWindow({ start: "8am", end: "21:00" })).toMatch(/HH:MM/);
    expect(validateWindow({ start: "08:00", end: "21:00" })).toBeNull();
  });

  it("inSendWindow agrees with nextSendTime", () => {
    expect(inSendWindow(at("2025-06-10T15:30:00Z"), NY)).toBe(true);
    expect(inSendWindow(at("2025-06-11T02:30:00Z"), NY)).toBe(false);
  });
});

describe("zonedTime and dayBeforeAt", () => {
  it("maps a wall time to UTC on both sides of a change", () => {
    expect(zonedTime(2025, 3, 8, 10 * 60, NY)).toEqual(at("2025-03-08T15:00:00Z"));
    expect(zonedTime(2025, 3, 9, 10 * 60, NY)).toEqual(at("2025-03-09T14:00:00Z"));
    expect(zonedTime(2025, 3, 9, 2 * 60 + 30, NY)).toEqual(at("2025-03-09T07:00:00Z")); // 02:30 does not exist -> 03:00 EDT
  });

  it("puts the move-in reminder at 10:00 local the day before", () => {
    expect(dayBeforeAt("2025-03-10", NY)).toEqual(at("2025-03-09T14:00:00Z"));
    expect(dayBeforeAt("2025-01-01", NY)).toEqual(at("2024-12-31T15:00:00Z"));
  });
});
