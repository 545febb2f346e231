/**
 * The account's name (testers playing callers): "May I have the name on the account?" took any words
 * as the name, so "whats my balance", "I don't know" and "why do you need that" were looked up as
 * account holders. Only a name is looked up; a question is answered as one and the name asked again,
 * "why?" is answered, and a caller without the name is offered the office.
 */
import { describe, expect, it } from "vitest";

import { callNewFacility } from "./call";

async function askedForTheName() {
  const { turn } = await callNewFacility({ from: "+15125550142" });
  const ask = await turn("what's my balance");
  expect(ask.reply).toContain("full name on the account");
  expect(ask.state.verification.step).toBe("name");
  return turn;
}

const looksUp = (t: { actions: { name: string }[] }) => t.actions.some((a) => a.name === "verify_caller");

describe("agent: the name on the account", () => {
  it.each(["whats my balance", "my gate code actually", "will you hurry up"])(
    "does not take %j as the name, and asks for it again",
    async (words) => {
      const turn = await askedForTheName();
      const t = await turn(words);
      expect(looksUp(t)).toBe(false);
      expect(t.state.verification.name).toBeUndefined();
      expect(t.state.verification.step).toBe("name");
      expect(t.reply).toMatch(/name on the account\?$/);
    },
  );

  it('gives the caller time at "hold on", takes no name from it, and the name after it is looked up', async () => {
    const turn = await askedForTheName();
    const t = await turn("hold on");
    expect(looksUp(t)).toBe(false);
    expect(t.state.verification.name).toBeUndefined();
    expect(t.state.verification.step).toBe("name");
    expect(t.reply).toBe("Sure, take your time.");
    const again = await turn("sorry, what was that?");
    expect(again.reply).toMatch(/name on the account\?$/);
    expect(again.state.verification.step).toBe("name");
  });

  it("says why the name is needed, instead of a policy answer", async () => {
    const turn = await askedForTheName();
    const t = await turn("why do you need that");
    expect(looksUp(t)).toBe(false);
    expect(t.reply).toContain("find your account");
    expect(t.reply).not.toMatch(/move in|photo ID/i);
    expect(t.reply).toMatch(/name on the account\?$/);
  });

  it("answers a question about something else, then asks for the name again", async () => {
    const turn = await askedForTheName();
    const t = await turn("do you sell boxes");
    expect(looksUp(t)).toBe(false);
    expect(t.reply).toContain("the office sells boxes");
    expect(t.reply).toMatch(/name on the account\?$/);
    expect(t.state.verification.name).toBeUndefined();
  });

  it.each(["I don't know", "no idea", "I'd rather not say"])(
    "offers the office to a caller without the name (%j)",
    async (words) => {
      const turn = await askedForTheName();
      const t = await turn(words);
      expect(looksUp(t)).toBe(false);
      expect(t.reply).toContain("someone at the office can help");
      expect(t.state.offer).toBe("transfer");
      expect(t.state.flow).toBeNull();
    },
  );

  it.each([
    ["Anna Fleming", "Anna Fleming"],
    ["Will Price", "Will Price"],
    ["dana owner", "Dana Owner"],
  ])("still takes a name the extractor misses (%j)", async (words, name) => {
    const turn = await askedForTheName();
    const t = await turn(words);
    expect(looksUp(t)).toBe(true);
    expect(t.state.verification.name).toBe(name);
  });
});
