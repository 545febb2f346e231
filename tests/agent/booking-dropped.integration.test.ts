/**
 * "Cancel that", "scratch that", "never mind" in the middle of a booking (testers playing callers):
 * the classifier hears a reservation to cancel, and the agent asked for the name on an account. They
 * drop the booking being made ("nothing is booked"); no reservation is made and none is cancelled.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { type AgentTurn } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { reservation } from "@/server/db/schema";
import { callNewFacility } from "./call";

async function call() {
  const { org, turn } = await callNewFacility({ from: "+15125550142" });
  return { orgId: org.id, turn };
}

/** The answers that lead to each question of the booking. */
const UP_TO: Record<string, string[]> = {
  move_in_date: ["I want to reserve a 5x10"],
  name: ["I want to reserve a 5x10", "next friday"],
  phone: ["I want to reserve a 5x10", "next friday", "John Smith"],
  confirm: ["I want to reserve a 5x10", "next friday", "John Smith", "yes", "no email"],
};

function dropped(t: AgentTurn) {
  expect(t.reply).toContain("nothing is booked");
  expect(t.reply).not.toMatch(/name on the account/);
  expect(t.state.flow).toBeNull();
  expect(t.state.pendingAccount).toBeNull();
  expect(t.actions.map((a) => a.name)).not.toContain("cancel_reservation");
}

describe("agent: dropping a booking part-way", () => {
  it.each([
    ["move_in_date", "cancel that"],
    ["name", "scratch that"],
    ["name", "cancel"],
    ["phone", "cancel that"],
    ["phone", "oh stop the booking"],
    ["confirm", "no cancel that"],
    ["confirm", "never mind"],
  ])("at the %s question, %j drops the booking", async (step, words) => {
    const { orgId, turn } = await call();
    let last: AgentTurn | undefined;
    for (const text of UP_TO[step]!) last = await turn(text);
    expect(last!.state.expecting).toBe(step);
    dropped(await turn(words));
    expect(await db.select().from(reservation).where(eq(reservation.organizationId, orgId))).toEqual([]);
  });

  it("'cancel that' to the offer of a reservation turns it down", async () => {
    const { turn } = await call();
    const quote = await turn("how much is a 5x10");
    expect(quote.state.offer).toBe("reserve");
    const t = await turn("cancel that");
    expect(t.state.flow).not.toBe("verify");
    expect(t.reply).not.toMatch(/name on the account/);
    expect(t.state.offer).toBeNull();
  });

  it("a correction with its answer is still an answer", async () => {
    const { turn } = await call();
    await turn("I want to reserve a 5x10");
    const t = await turn("next friday, no scratch that, saturday");
    expect(t.state.flow).toBe("reserve");
    expect(t.state.slots.moveInDate).toBeDefined();
  });
});
