import { describe, expect, it } from "vitest";

import { effectiveDay, readWeekHours, setDay, setSameWeekdays, upcomingUsHolidays, weekFrom } from "./hours-model";

const nineToFive = [{ open: "09:00", close: "17:00" }];

describe("hours picker model", () => {
  it("reads saved hours: same Monday to Friday when they agree, closed days, all day", () => {
    const w = weekFrom({
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: [{ open: "00:00", close: "24:00" }],
    });
    expect(w.sameWeekdays).toBe(true);
    expect(w.days.sat).toMatchObject({ closed: false, allDay: true });
    expect(w.days.sun.closed).toBe(true);
    expect(weekFrom({ mon: nineToFive }).sameWeekdays).toBe(false);
    // Nothing saved yet: every day closed, and (all five alike) one set of weekday hours.
    expect(weekFrom(undefined).sameWeekdays).toBe(true);
  });

  it("saves Monday's hours for Tuesday to Friday while 'same' is on, and round-trips", () => {
    let w = weekFrom(undefined);
    w = setDay(w, "mon", { closed: false, allDay: false, ranges: [{ open: "08:30", close: "18:00" }] });
    w = setDay(w, "sat", { closed: false, allDay: false, ranges: [{ open: "09:00", close: "13:00" }] });
    const r = readWeekHours(w, "Office hours");
    expect(r).toEqual({
      ok: true,
      value: {
        mon: [{ open: "08:30", close: "18:00" }],
        tue: [{ open: "08:30", close: "18:00" }],
        wed: [{ open: "08:30", close: "18:00" }],
        thu: [{ open: "08:30", close: "18:00" }],
        fri: [{ open: "08:30", close: "18:00" }],
        sat: [{ open: "09:00", close: "13:00" }],
      },
    });
    if (r.ok) expect(weekFrom(r.value).sameWeekdays).toBe(true);
  });

  it("turning 'same' off copies Monday to each weekday, then one day changes alone", () => {
    let w = setDay(weekFrom(undefined), "mon", { closed: false, allDay: false, ranges: nineToFive });
    w = setSameWeekdays(w, false);
    expect(effectiveDay(w, "thu")).toMatchObject({ closed: false, ranges: nineToFive });
    w = setDay(w, "fri", { closed: false, allDay: false, ranges: [{ open: "09:00", close: "19:00" }] });
    const r = readWeekHours(w, "Office hours");
    expect(r.ok && r.value.fri).toEqual([{ open: "09:00", close: "19:00" }]);
    expect(r.ok && r.value.thu).toEqual(nineToFive);
  });

  it("all day is 00:00–24:00; several ranges are sorted", () => {
    let w = setSameWeekdays(weekFrom(undefined), false);
    w = setDay(w, "sun", { closed: false, allDay: true, ranges: [] });
    w = setDay(w, "tue", {
      closed: false,
      allDay: false,
      ranges: [
        { open: "13:00", close: "17:00" },
        { open: "09:00", close: "12:00" },
      ],
    });
    const r = readWeekHours(w, "Access hours");
    expect(r.ok && r.value.sun).toEqual([{ open: "00:00", close: "24:00" }]);
    expect(r.ok && r.value.tue).toEqual([
      { open: "09:00", close: "12:00" },
      { open: "13:00", close: "17:00" },
    ]);
  });

  it("refuses, naming the field and day: a missing time, close before open, overlap", () => {
    const w = setSameWeekdays(weekFrom(undefined), false);
    const bad = (ranges: { open: string; close: string }[]) =>
      readWeekHours(setDay(w, "tue", { closed: false, allDay: false, ranges }), "Office hours");
    expect(bad([{ open: "09:00", close: "" }])).toEqual({
      ok: false,
      error: "Office hours, Tuesday: pick both an opening and a closing time, or mark the day closed.",
    });
    expect(bad([{ open: "17:00", close: "09:00" }])).toMatchObject({
      ok: false,
      error: expect.stringContaining("Office hours, Tuesday: opens at 17:00"),
    });
    expect(
      bad([
        { open: "09:00", close: "13:00" },
        { open: "12:00", close: "17:00" },
      ]),
    ).toMatchObject({ ok: false, error: expect.stringContaining("overlap") });
    const sameBad = setDay(weekFrom(undefined), "mon", {
      closed: false,
      allDay: false,
      ranges: [{ open: "10:00", close: "10:00" }],
    });
    expect(readWeekHours(sameBad, "Office hours")).toMatchObject({
      ok: false,
      error: expect.stringContaining("Office hours, Monday to Friday"),
    });
  });

  it("US holidays: the next year of them from a day, with floating dates right", () => {
    const h = upcomingUsHolidays("2026-12-06");
    expect(h.map((x) => x.date)).toEqual([
      "2026-12-25",
      "2027-01-01",
      "2027-05-31",
      "2027-07-04",
      "2027-09-06",
      "2027-11-25",
    ]);
    expect(upcomingUsHolidays("2026-01-01").find((x) => x.reason === "Thanksgiving")?.date).toBe("2026-11-26");
    expect(upcomingUsHolidays("2026-01-01").find((x) => x.reason === "Memorial Day")?.date).toBe("2026-05-25");
  });

  it("US holidays carry their Spanish names, said to Spanish callers", () => {
    const h = upcomingUsHolidays("2026-12-06");
    expect(h.every((x) => x.reasonEs.length > 0)).toBe(true);
    expect(h.find((x) => x.reason === "Christmas Day")?.reasonEs).toBe("Navidad");
    expect(h.find((x) => x.reason === "Thanksgiving")?.reasonEs).toBe("Día de Acción de Gracias");
  });
});
