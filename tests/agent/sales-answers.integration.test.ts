/**
 * What outside testers heard from the front desk's sales answers, said right: plurals built from a
 * size and its features ("10x20 units with power", never "unit with powers").
 */
import { describe, expect, it } from "vitest";
import { callNewFacility } from "./call";

async function call(opts: { units?: number } = {}) {
  return (await callNewFacility({ seed: opts })).turn;
}

describe("agent: sales answers", () => {
  it("a size with a feature said after the noun is plural on the noun", async () => {
    const turn = await call();
    const r = await turn("do you have any ten by twenty units with power available");
    expect(r.reply).toContain("Sorry, we have no 10x20 units with power available right now.");
    expect(r.reply).not.toMatch(/powers/);
  });

  it("units said to be available are plural in Spanish too", async () => {
    const turn = await call();
    const r = await turn("¿tienen unidades de diez por veinte disponibles?");
    expect(r.reply).toContain("Sí, tenemos unidades de 10x20 con acceso en auto disponibles a $200 al mes.");
  });

  it("a size the facility does not carry is not sold out: the nearest free sizes are offered", async () => {
    const turn = await call();
    const r = await turn("how much is a ten by forty");
    expect(r.reply).toBe(
      "We don't carry 10x40 units here; the closest we have are a 10x20 drive-up unit at $200/mo and a " +
        "10x10 climate-controlled unit at $120/mo. Would you like to reserve the 10x20?",
    );
    expect(r.reply).not.toMatch(/sold out|available right now/);
    const yes = await turn("yes");
    expect(yes.state.slots).toMatchObject({ width: 10, length: 20 });
    expect(yes.reply).toMatch(/What day would you like to move in\?/);
  });

  it("a size it carries with nothing free is the one that is not available right now, with its rate", async () => {
    const turn = await call({ units: 0 });
    const r = await turn("how much is a ten by ten");
    expect(r.reply).toContain("Our 10x10 units are $120/mo, but they're all taken right now.");
    expect(r.state.offer).toBe("message");
    expect(r.reply).not.toMatch(/don't carry/);
    const far = await turn("what about a ten by forty");
    expect(far.reply).toMatch(/^We don't carry 10x40 units here, and nothing close to that size is free right now\./);
  });

  it.each([
    ["do you have RV parking?", "Sorry, we don't have RV or boat parking here."],
    ["do you have parking for a boat", "Sorry, we don't have RV or boat parking here."],
    ["I need somewhere to park my trailer", "Sorry, we don't have RV or boat parking here."],
    ["do you have vehicle parking", "Sorry, we don't have vehicle parking here."],
  ])("parking asked for where the facility has none is not available: %s", async (text, reply) => {
    const turn = await call();
    const r = await turn(text);
    expect(r.reply).toBe(`${reply} Anything else I can help with?`);
    expect(r.state.offer).toBeNull();
  });

  it("a vehicle to store, not park, is still sized among the drive-up units", async () => {
    const turn = await call();
    const r = await turn("how much to store a travel trailer");
    expect(r.reply).toContain("I'd suggest a 10x20 drive-up unit");
  });
});
