import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { conversation } from "@/server/db/schema";

import { callerFor, seedMember, seedOrganization } from "../../../../tests/factories";
import { seedAgentFacility } from "../../../../tests/agent/seed";
import { ZPlaygroundStart } from "./agent";

const facilityId = "5b0c4a52-6a57-4a4e-9a4b-2f7f2f0b8d11";

describe("agent playground start", () => {
  it("reads the simulated caller ID as a phone number (E.164)", () => {
    expect(ZPlaygroundStart.parse({ facilityId, fromAddress: "(512) 555-0123" }).fromAddress).toBe("+15125550123");
    expect(ZPlaygroundStart.parse({ facilityId, fromAddress: "" }).fromAddress).toBeNull();
    expect(ZPlaygroundStart.parse({ facilityId }).fromAddress).toBeNull();
  });

  it("refuses a caller ID that is not a phone number instead of dropping it", () => {
    const parsed = ZPlaygroundStart.safeParse({ facilityId, fromAddress: "not-a-phone" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/caller ID as a phone number/);
  });
});

describe("agent playground roles", () => {
  // The playground runs the real agent with its real tools: a reservation made there holds a unit.
  // Making reservations is for managers and up (reservations.create), so the playground is too.
  it("refuses staff, who cannot make reservations, and changes nothing; managers may use it", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const conversations = () => db.$count(conversation, eq(conversation.organizationId, org.id));
    const staff = await callerFor(await seedMember(org, "staff"));
    await expect(staff.agent.playground.start({ facilityId: facility.id, channel: "chat" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "This needs the manager role or higher.",
    });
    expect(await conversations()).toBe(0);

    const manager = await callerFor(await seedMember(org, "manager"));
    const start = await manager.agent.playground.start({ facilityId: facility.id, channel: "chat" });
    await expect(
      staff.agent.playground.say({ conversationId: start.conversationId, text: "reserve a 5x10", brain: "default" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const turn = await manager.agent.playground.say({
      conversationId: start.conversationId,
      text: "what are your hours",
      brain: "default",
    });
    expect(turn.state.lastAgentSeq).toBe(3);
    expect(await conversations()).toBe(1);
  });
});
