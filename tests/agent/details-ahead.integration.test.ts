/**
 * A caller who gives details before they are asked keeps them (issue 4, reservation flow): a name
 * and number said where a move-in date was asked are not asked for again, and the number given
 * replaces the caller ID.
 */
import { describe, expect, it } from "vitest";
import { callNewFacility } from "./call";

async function call() {
  return (await callNewFacility()).turn;
}

describe("agent: details given ahead of their question", () => {
  it("a name and number said instead of the move-in date are kept, and only the date is asked again", async () => {
    const turn = await call();
    await turn("i want to reserve a ten by ten");
    const ahead = await turn("my name is pat visitor, phone 512 555 0199");
    expect(ahead.reply).toMatch(/What day would you like to move in\?$/);
    expect(ahead.state.slots).toMatchObject({ name: "Pat Visitor", phone: "+15125550199" });
    const date = await turn("tomorrow");
    expect(date.reply).toMatch(/e-mail/);
    const readBack = await turn("no");
    expect(readBack.reply).toContain("for Pat Visitor at (512) 555-0199");
  });

  it("a date, a name and a number in one answer are all kept", async () => {
    const turn = await call();
    await turn("i want to reserve a ten by ten");
    const all = await turn("tomorrow, my name is pat visitor and my number is 512 555 0199");
    expect(all.state.slots).toMatchObject({ name: "Pat Visitor", phone: "+15125550199", moveInDate: "2030-01-16" });
    expect(all.reply).toMatch(/e-mail/);
  });

  it("a name said where a size was asked is kept and never asked for", async () => {
    const turn = await call();
    await turn("I want to rent a unit");
    const size = await turn("This is Maria Lopez, a ten by ten please");
    expect(size.state.slots.name).toBe("Maria Lopez");
    const date = await turn("tomorrow");
    expect(date.reply).not.toMatch(/name/);
    expect(date.reply).toMatch(/best number to reach you\?$/);
  });

  it("a name introduced with a question after it is kept through the booking", async () => {
    const turn = await call();
    const first = await turn("Hi, I'm Maria Lopez. Do you have a 10x10?");
    expect(first.state.slots.name).toBe("Maria Lopez");
    await turn("yes");
    const date = await turn("tomorrow");
    expect(date.reply).not.toMatch(/name/);
  });

  it("a bare first and last name said at the date question is kept, and the date asked again", async () => {
    const turn = await call();
    await turn("I want to reserve a ten by ten");
    const named = await turn("Dana Whitfield");
    expect(named.state.slots.name).toBe("Dana Whitfield");
    expect(named.reply).toMatch(/^Thanks\. What day would you like to move in\?$/);
    const date = await turn("tomorrow");
    expect(date.reply).not.toMatch(/name/);
  });

  it("a name introduced in Spanish ('soy …') is kept through the booking, written or lower-case", async () => {
    for (const [said, name] of [
      ["Hola, soy Ana Garcia, quiero rentar una unidad de cinco por diez", "Ana Garcia"],
      ["soy pedro garcia y quiero rentar una unidad de cinco por diez", "Pedro Garcia"],
    ]) {
      const turn = await call();
      const first = await turn(said!);
      expect(first.state.slots.name).toBe(name);
      expect(first.state.language).toBe("es");
      const date = await turn("mañana");
      expect(date.reply).not.toMatch(/nombre/);
    }
  });
});
