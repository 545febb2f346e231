/**
 * Verification given up (testers playing callers): after too many failed answers the agent handed
 * over with "Sure, connecting you…", or took a message asking "May I have your name?" of a caller
 * who had just given it, and the next account question started over with the name, round and round.
 * Now the caller hears that the account cannot be verified here and is offered a person or a
 * message; the name they gave is kept for it, and no account request asks for the name again.
 */
import { describe, expect, it } from "vitest";

import { and, eq } from "drizzle-orm";

import { endConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { task } from "@/server/db/schema";

import { callNewFacility } from "./call";
import { CLOSED_NOW, OPEN_NOW } from "./seed";

async function call(now: Date) {
  const { org, conversationId, turn } = await callNewFacility({ from: "+15125550142", now });
  return Object.assign(turn, { orgId: org.id, conversationId });
}

/** Balance asked, a name no account has, then no phone or code twice: verification gives up. */
async function gaveUp(now = OPEN_NOW) {
  const turn = await call(now);
  await turn("what's my balance");
  const matched = await turn("John Smith");
  expect(matched.state.verification.step).toBe("phone_or_code");
  await turn("i don't know");
  const last = await turn("no idea");
  return { turn, last };
}

const asksName = (reply: string) => /\bname\b/i.test(reply);

describe("agent: verification given up", () => {
  it("says the account can't be verified here and offers a person or a message, without handing over unasked", async () => {
    const { last } = await gaveUp();
    expect(last.reply).toContain("can't verify the account here");
    expect(last.reply).toMatch(/connect you, or take a message\?$/);
    expect(last.state.offer).toBe("transfer");
    expect(last.end).toBeNull();
    expect(last.state.flow).toBeNull();
  });

  it("does not ask for the name again when the caller asks about the account again", async () => {
    const { turn } = await gaveUp();
    for (const words of ["what's my balance", "ok what about my gate code", "can i cancel my reservation"]) {
      const t = await turn(words);
      expect(asksName(t.reply)).toBe(false);
      expect(t.reply).toContain("couldn't verify the account");
      expect(t.actions.map((a) => a.name)).not.toContain("verify_caller");
      expect(t.state.flow).toBeNull();
      expect(t.state.offer).toBe("transfer");
    }
  });

  it("takes a message with the name already given when the office is closed", async () => {
    const { turn } = await gaveUp(CLOSED_NOW);
    const yes = await turn("yes please");
    expect(yes.state.flow).toBe("message");
    expect(asksName(yes.reply)).toBe(false);
    expect(yes.state.slots.name).toBe("John Smith");
    expect(yes.reply).toContain("Should we call you back at");
  });

  it("transfers on a yes while the office is open", async () => {
    const { turn } = await gaveUp();
    const yes = await turn("yes");
    expect(yes.end).toMatchObject({ reason: "transfer" });
  });

  it("calls back a caller who hangs up at the offer about what they asked", async () => {
    const { turn } = await gaveUp();
    await endConversation({ organizationId: turn.orgId, conversationId: turn.conversationId, now: OPEN_NOW });
    const tasks = await db
      .select()
      .from(task)
      .where(and(eq(task.organizationId, turn.orgId), eq(task.conversationId, turn.conversationId)));
    expect(tasks.map((t) => t.title)).toEqual(["Call back John Smith about their balance"]);
  });
});
