import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation, endConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { conversation, lead, message, reservation } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

const say =
  (organizationId: string, conversationId: string, now = OPEN_NOW) =>
  (text: string, extra: { idempotencyKey?: string } = {}) =>
    respond({ organizationId, conversationId, text, now, brain: "default", ...extra });

describe("agent engine: reservation flow", () => {
  it("books a unit end to end by voice, with caller ID, read-back and a confirmation code", async () => {
    const org = await seedOrganization();
    const { facility, unitTypes } = await seedAgentFacility(org.id);
    const start = await startConversation({
      organizationId: org.id,
      channel: "voice",
      facilityId: facility.id,
      fromAddress: "+15125550142",
      now: OPEN_NOW,
    });
    expect(start.reply).toContain("Oak Street Storage");
    const turn = say(org.id, start.conversationId);

    const t1 = await turn("hi how much is a ten by ten");
    expect(t1.intent).toBe("price_inquiry");
    expect(t1.reply).toContain("$120/mo"); // street rate by phone
    expect(t1.speech).toContain("one hundred twenty dollars");
    expect(t1.actions.map((a) => a.name)).toEqual(["search_availability", "get_quote"]);

    const t2 = await turn("yes please i'd like to reserve it");
    expect(t2.state.expecting).toBe("move_in_date");
    const t3 = await turn("next friday");
    expect(t3.state.expecting).toBe("name");
    const t4 = await turn("john smith");
    expect(t4.state.slots.name).toBe("John Smith");
    expect(t4.state.expecting).toBe("phone");
    expect(t4.reply).toContain("(512) 555-0142");
    const t5 = await turn("yes that's right");
    expect(t5.state.expecting).toBe("email");
    const t6 = await turn("j o h n dot smith at gmail dot com");
    expect(t6.state.expecting).toBe("confirm");
    expect(t6.reply).toMatch(/10x10 climate-controlled unit at Oak Street Storage/);
    expect(t6.reply).toContain("John Smith");
    const t7 = await turn("yes");
    expect(t7.actions.map((a) => a.name)).toContain("create_reservation");
    const code = /confirmation code is ([A-Z0-9]{6})/.exec(t7.reply)?.[1];
    expect(code).toBeTruthy();
    expect(t7.speech).toMatch(/confirmation code is ([A-Z0-9], ){5}[A-Z0-9]/);

    const [r] = await db.select().from(reservation).where(eq(reservation.confirmationCode, code!));
    expect(r).toMatchObject({
      organizationId: org.id,
      unitTypeId: unitTypes.medium.id,
      status: "active",
      quotedMonthlyRateCents: 12000,
      channel: "phone",
    });
    const [conv] = await db.select().from(conversation).where(eq(conversation.id, start.conversationId));
    expect(conv).toMatchObject({ reservationId: r!.id, outcome: "reservation", turnCount: 7 });
    const msgs = await db.select().from(message).where(eq(message.conversationId, start.conversationId));
    expect(msgs).toHaveLength(15);
    expect(msgs.filter((m) => m.role === "agent").every((m) => m.brain === "default" && m.timings)).toBe(true);

    const bye = await turn("no that's all thanks bye");
    expect(bye.end).toEqual({ reason: "goodbye" });
    await endConversation({
      organizationId: org.id,
      conversationId: start.conversationId,
      now: new Date(OPEN_NOW.getTime() + 120_000),
    });
    const [ended] = await db.select().from(conversation).where(eq(conversation.id, start.conversationId));
    expect(ended).toMatchObject({ status: "ended", durationSeconds: 120, outcome: "reservation" });
  });

  it("captures a lead with name and phone even when the caller does not book", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const start = await startConversation({
      organizationId: org.id,
      channel: "chat",
      facilityId: facility.id,
      now: OPEN_NOW,
    });
    const turn = say(org.id, start.conversationId);
    await turn("i want to reserve a 5x10");
    await turn("tomorrow");
    await turn("my name is maria garcia");
    const t = await turn("it's 512 555 0177");
    expect(t.state.leadId).toBeTruthy();
    await turn("actually never mind, goodbye");
    const [l] = await db.select().from(lead).where(eq(lead.id, t.state.leadId!));
    expect(l).toMatchObject({ organizationId: org.id, source: "chat", desiredWidthFt: 5, desiredLengthFt: 10 });
  });

  it("every turn moves the conversation's updated_at (the turn's store is prepared once per connection)", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const start = await startConversation({
      organizationId: org.id,
      channel: "chat",
      facilityId: facility.id,
      now: OPEN_NOW,
    });
    const turn = say(org.id, start.conversationId);
    const updatedAt = async () =>
      (
        await db
          .select({ at: conversation.updatedAt })
          .from(conversation)
          .where(eq(conversation.id, start.conversationId))
      )[0]!.at.getTime();
    const seen: number[] = [];
    for (const text of ["hi", "what are your hours", "thanks"]) {
      await turn(text);
      seen.push(await updatedAt());
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(seen[2]).toBeGreaterThan(seen[1]!);
  });
});
