/**
 * Dialogue-policy fixes for loops and lost answers (issue 4): a question where a message's text was
 * expected, a date given in reply to a reserve offer, a new sales request while a message is being
 * taken, and the general guard that never asks the same slot question three times in a row.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { lead, reservation } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { CLOSED_NOW, OPEN_NOW, seedAgentFacility } from "./seed";

const CALLER = "+15125550142";

async function call(now = OPEN_NOW) {
  const org = await seedOrganization();
  const { facility, unitTypes } = await seedAgentFacility(org.id);
  const start = await startConversation({
    organizationId: org.id,
    channel: "voice",
    facilityId: facility.id,
    fromAddress: CALLER,
    now,
  });
  const turn = (text: string) =>
    respond({ organizationId: org.id, conversationId: start.conversationId, text, now, brain: "default" });
  return { org, facility, unitTypes, turn, conversationId: start.conversationId };
}

/** Name and caller-ID phone given: the agent now waits for the message's text. */
async function waitingForMessage(now = OPEN_NOW) {
  const c = await call(now);
  await c.turn("i'd like to leave a message");
  await c.turn("john smith");
  const ask = await c.turn("yes that's right");
  expect(ask.state.expecting).toBe("message");
  return c;
}

const leadsOf = (orgId: string) => db.select().from(lead).where(eq(lead.organizationId, orgId));

describe("agent: a question where the message was expected", () => {
  it("answers it once and asks whether they still want to leave a message; the same question again is the message", async () => {
    const { org, turn } = await waitingForMessage();
    const q = await turn("um do you guys sell boxes");
    expect(q.reply).toContain("the office sells boxes, tape and locks");
    expect(q.reply).toMatch(/still like to leave a message\?$/);
    expect(q.reply).not.toMatch(/What message would you like/);
    expect(q.state.offer).toBe("message");
    expect(q.end).toBeNull();

    const yes = await turn("yeah");
    expect(yes.state.expecting).toBe("message");
    const again = await turn("do you sell boxes though");
    expect(again.end).toEqual({ reason: "message_taken" });
    const [l] = await leadsOf(org.id);
    expect(l?.notes).toContain("do you sell boxes though");
  });

  it("takes a question nobody here can answer as the message at once", async () => {
    const { org, turn } = await waitingForMessage(CLOSED_NOW);
    const q = await turn("um do you allow pets on the property");
    expect(q.actions.map((a) => a.name)).toEqual(["facility_info", "take_message"]); // looked up, nothing found
    expect(q.end).toEqual({ reason: "message_taken" });
    const [l] = await leadsOf(org.id);
    expect(l?.notes).toContain("allow pets on the property");
  });

  it("answers an hours question, and a caller who no longer wants to leave a message is not asked for it", async () => {
    const { turn } = await waitingForMessage();
    const q = await turn("what time do you guys close today");
    expect(q.reply).toMatch(/open/i);
    expect(q.state.offer).toBe("message");
    const no = await turn("no that's okay");
    expect(no.state.expecting).toBe("anything_else");
    expect(no.state.flow).toBeNull();
    expect(no.reply).not.toMatch(/message/i);
  });
});

describe("agent: a date in reply to a reserve offer", () => {
  it("takes 'next friday' after a quote as yes, keeping the move-in date", async () => {
    const { turn } = await call();
    const quote = await turn("how much is a ten by ten");
    expect(quote.state.offer).toBe("reserve");
    const date = await turn("um next friday");
    expect(date.actions.map((a) => a.name)).not.toContain("search_availability");
    expect(date.state.flow).toBe("reserve");
    expect(date.state.slots.moveInDate).toBe("2030-01-25");
    expect(date.state.expecting).toBe("name"); // the date is not asked again
  });

  it("keeps a date given with a plain yes", async () => {
    const { turn } = await call();
    await turn("what's the price on a five by ten");
    const yes = await turn("sure the twenty second");
    expect(yes.state.slots.moveInDate).toBe("2030-01-22");
    expect(yes.state.expecting).toBe("name");
  });

  it("keeps a date given with a plain yes and flags it when the office is closed that day", async () => {
    const { turn } = await call();
    await turn("what's the price on a five by ten");
    // Sunday the 20th: the office keeps weekday hours, so the next open day is offered instead.
    const yes = await turn("sure the twentieth");
    expect(yes.reply).toMatch(/closed on Sunday, January 20th/);
    expect(yes.state.slots.proposedMoveIn).toBe("2030-01-21");
    expect(yes.state.expecting).toBe("move_in_date");
    const ok = await turn("yeah that works");
    expect(ok.state.slots.moveInDate).toBe("2030-01-21");
    expect(ok.state.expecting).toBe("name");
  });
});

describe("agent: a new sales request while a message is being taken", () => {
  it("answers a price question with a size instead of taking it as the message, and offers the message again when they don't book", async () => {
    const { org, turn } = await waitingForMessage(CLOSED_NOW);
    const price = await turn("how much is a 5x10?");
    expect(price.reply).toContain("$70/mo");
    expect(price.state.offer).toBe("reserve");
    expect(price.end).toBeNull();
    expect(price.actions.map((a) => a.name)).not.toContain("take_message");

    const no = await turn("no thanks");
    expect(no.reply).toMatch(/still like to leave your message/);
    const yes = await turn("yes please");
    expect(yes.state.expecting).toBe("message"); // name and phone are kept
    const msg = await turn("please have the manager call me about a discount");
    expect(msg.end).toEqual({ reason: "message_taken" });
    const [l] = await leadsOf(org.id);
    expect(l?.notes).toContain("about a discount");
  });

  it("switches to a reservation for 'I want a 10x10' and books it", async () => {
    const { org, turn, unitTypes } = await waitingForMessage();
    const want = await turn("I want a 10x10");
    expect(want.state.flow).toBe("reserve");
    expect(want.state.expecting).toBe("move_in_date");
    await turn("tomorrow");
    await turn("no email");
    const booked = await turn("yes");
    expect(booked.actions.map((a) => a.name)).toContain("create_reservation");
    const rows = await db.select().from(reservation).where(eq(reservation.organizationId, org.id));
    expect(rows).toMatchObject([{ unitTypeId: unitTypes.medium.id, moveInDate: "2030-01-16" }]);
  });

  it("still takes ordinary text mentioning a unit as the message", async () => {
    const { org, turn } = await waitingForMessage(CLOSED_NOW);
    const msg = await turn("my 10x10 door is jammed please call me back");
    expect(msg.end).toEqual({ reason: "message_taken" });
    const [l] = await leadsOf(org.id);
    expect(l?.notes).toContain("door is jammed");
  });
});

describe("agent: loop guard", () => {
  it("never asks the same question three times in a row; it offers a person instead", async () => {
    const { turn } = await call();
    await turn("i want to reserve a ten by ten");
    const first = await turn("tomorrow");
    expect(first.state.expecting).toBe("name");
    const asks: string[] = [first.reply];
    // The same side question again and again: the caller hears nothing new, so it is no progress.
    for (const text of ["what are your hours", "what are your hours", "what are your hours"])
      asks.push((await turn(text)).reply);
    const asked = asks.filter((r) => /May I have your first and last name\?/.test(r));
    expect(asked).toHaveLength(3);
    expect(asks[3]).toMatch(/connect you with a person\?$/);
    expect(asks[3]).toMatch(/open/i); // the question itself was still answered
    const yes = await turn("yes please");
    expect(yes.end).toMatchObject({ reason: "transfer" });
  });

  it("'ok' to 'would you like to reserve it?' is a yes, not a goodbye; 'ok bye' is still a goodbye", async () => {
    const { turn } = await call();
    const quote = await turn("how much is a ten by ten");
    expect(quote.state.offer).toBe("reserve");
    const ok = await turn("ok");
    expect(ok.reply).not.toMatch(/before you go/i);
    expect(ok.end).toBeNull();
    expect(ok.state.flow).toBe("reserve");

    const again = await call();
    await again.turn("how much is a ten by ten");
    const bye = await again.turn("ok bye");
    expect(bye.state.flow).not.toBe("reserve");
  });

  it("side questions answered in the middle of a booking are progress: the booking goes on", async () => {
    const { turn } = await call();
    await turn("i want to reserve a ten by ten");
    const first = await turn("tomorrow");
    expect(first.state.expecting).toBe("name");
    for (const text of ["wait how much is it", "ok and is there an admin fee", "what are your hours"]) {
      const r = await turn(text);
      expect(r.reply, text).toMatch(/May I have your first and last name\?$/);
      expect(r.reply, text).not.toMatch(/connect you with a person/);
    }
    const named = await turn("bob jones");
    expect(named.state.slots.name).toMatch(/bob jones/i);
    expect(named.reply).not.toMatch(/connect you with a person/);
  });
});
