import { describe, expect, it } from "vitest";

import { movingHolidayIn } from "./hours-on-day";

describe("movingHolidayIn", () => {
  it.each([
    ["thanksgiving", 2026, "2026-11-26"],
    ["thanksgiving", 2027, "2027-11-25"],
    ["el día de acción de gracias", 2028, "2028-11-23"],
    ["black friday", 2026, "2026-11-27"],
    ["black friday", 2030, "2030-11-29"],
    ["memorial day", 2026, "2026-05-25"],
    ["memorial day", 2027, "2027-05-31"],
    ["labor day", 2026, "2026-09-07"],
    ["labour day", 2027, "2027-09-06"],
    ["mlk day", 2027, "2027-01-18"],
    ["martin luther king jr. day", 2026, "2026-01-19"],
    ["presidents day", 2027, "2027-02-15"],
    ["easter", 2026, "2026-04-05"],
    ["easter", 2027, "2027-03-28"],
    ["easter sunday", 2028, "2028-04-16"],
    ["pascua", 2038, "2038-04-25"],
    ["good friday", 2027, "2027-03-26"],
    ["viernes santo", 2026, "2026-04-03"],
  ])("%s in %i is %s", (text, year, date) => {
    expect(movingHolidayIn(`are you open on ${text}?`, year)).toBe(date);
  });

  it("is null for a day that is no moving holiday", () => {
    expect(movingHolidayIn("are you open friday", 2026)).toBeNull();
    expect(movingHolidayIn("are you open on christmas", 2026)).toBeNull();
  });
});
