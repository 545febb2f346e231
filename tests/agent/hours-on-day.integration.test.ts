/**
 * "Are you open on Christmas?": the hours of the day asked about, with the facility's closure for
 * it, not only the weekly hours (tests/agent/seed.ts: office Monday to Saturday; OPEN_NOW is
 * Tuesday 2030-01-15).
 */
import { describe, expect, it } from "vitest";

import { callNewFacility } from "./call";

async function ask(text: string) {
  const { turn } = await callNewFacility({
    seed: {
      closures: [
        { date: "2030-12-25", reason: "Christmas Day" },
        { date: "2030-11-28", reason: "Thanksgiving" },
      ],
    },
  });
  return turn(text);
}

describe("agent: hours on the day asked about", () => {
  it.each([
    ["are you open on christmas?", "We're closed on Wednesday, December 25th for Christmas Day."],
    ["what are your hours on december 25th", "We're closed on Wednesday, December 25th for Christmas Day."],
    ["are you open on thanksgiving", "We're closed on Thursday, November 28th for Thanksgiving."],
  ])("%s names the closure, then the week's hours", async (text, closed) => {
    const r = await ask(text);
    expect(r.reply).toMatch(new RegExp(`^${closed} Our office is open Monday to Friday`));
  });

  it("a day without a closure gets that day's hours", async () => {
    expect((await ask("are you open christmas eve")).reply).toMatch(
      /^On Tuesday, December 24th our office is open 9 AM to 6 PM\./,
    );
    expect((await ask("what time do you open tomorrow")).reply).toMatch(
      /^On Wednesday, January 16th our office is open 9 AM to 6 PM\./,
    );
  });

  it("a gate closure is said for gate hours", async () => {
    const r = await ask("can I get to my unit on christmas day");
    expect(r.reply).toMatch(/^Gate access is closed on Wednesday, December 25th for Christmas Day\./);
  });
});
