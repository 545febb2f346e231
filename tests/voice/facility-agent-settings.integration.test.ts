import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { POST as gatherWebhook } from "@/app/api/twilio/voice/gather/route";
import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import { find, spoken } from "@/server/channels/simulator/twiml-parse";
import { db } from "@/server/db/client";
import { auditLog, facility } from "@/server/db/schema";

import { callerFor } from "../factories";
import { randomUsNumber, twilioPost } from "../twilio-webhooks";
import {
  conversationBySid,
  incomingCallParams,
  orgWithVoiceNumber,
  postTo,
  type VoiceSetup,
  twiml,
  voiceWebhookTests,
} from "./voice-helpers";

/**
 * Settings > Agent, per facility (issue 22 item 4): the transfer numbers, greeting, transfer and
 * after-hours behaviour and promotion mentions an operator saves are what the next call gets.
 */
voiceWebhookTests();

async function placeCall(s: VoiceSetup) {
  const from = randomUsNumber(650);
  const params = incomingCallParams({ to: s.number, from });
  const doc = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params)));
  let gather = find(doc, "Gather");
  return {
    callSid: params.CallSid!,
    greeting: spoken(doc).join(" "),
    async say(text: string) {
      const body = { CallSid: params.CallSid!, From: from, To: s.number, CallStatus: "in-progress" };
      const out = await twiml(
        await gatherWebhook(postTo(gather!.attrs.action!, { ...body, SpeechResult: text, Confidence: "0.92" })),
      );
      gather = find(out, "Gather");
      return out;
    },
  };
}

describe("facility agent settings", () => {
  it("validates transfer numbers (E.164 with a clear error, never the agent's own line) and audits a save", async () => {
    const s = await orgWithVoiceNumber();
    const owner = await callerFor(s.org.owner);
    await expect(
      owner.agent.updateFacilitySettings({ facilityId: s.facilityId, transferPhones: ["call the manager"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/E\.164 format, e\.g\. \+1/) });
    await expect(
      owner.agent.updateFacilitySettings({ facilityId: s.facilityId, transferPhones: [s.number] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/agent's own numbers/) });
    await expect(
      owner.agent.updateFacilitySettings({ facilityId: s.facilityId, transferPhones: [], afterHours: "transfer" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const saved = await owner.agent.updateFacilitySettings({
      facilityId: s.facilityId,
      transferPhones: ["(512) 555-0142", "+15125550143", "512-555-0142"],
      greeting: "  Hello from Oak Street, this is the virtual front desk.  ",
      transferMode: "transfer",
      afterHours: "transfer",
      promotionMention: "first_quote",
    });
    expect(saved).toMatchObject({
      transferPhones: ["+15125550142", "+15125550143"],
      greeting: "Hello from Oak Street, this is the virtual front desk.",
      afterHours: "transfer",
      promotionMention: "first_quote",
      numbers: [{ e164: s.number }],
    });
    // The first number is the facility's own transfer number (what the import and API also set).
    const [f] = await db.select({ t: facility.transferPhone }).from(facility).where(eq(facility.id, s.facilityId));
    expect(f!.t).toBe("+15125550142");
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, s.org.id), eq(auditLog.action, "facility.agent_settings_updated")));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.data).toMatchObject({ transferPhones: ["+15125550142", "+15125550143"] });
    expect(await owner.agent.facilitySettings({ facilityId: s.facilityId })).toEqual(saved);
  });

  it("a transferred call rings the saved numbers, with the saved greeting first", async () => {
    const s = await orgWithVoiceNumber({ transferPhone: null });
    const owner = await callerFor(s.org.owner);
    // Before: no transfer number, and the facility's public number is the agent's own line. A transfer
    // there would ring the agent again, so the agent takes a message instead.
    await db.update(facility).set({ phone: s.number }).where(eq(facility.id, s.facilityId));
    const before = await placeCall(s);
    const refused = await before.say("can I talk to a real person please");
    expect(find(refused, "Dial")).toBeNull();
    expect(spoken(refused).join(" ")).toMatch(/take a message/i);
    expect(spoken(refused).join(" ")).not.toMatch(/closed/i);

    await owner.agent.updateFacilitySettings({
      facilityId: s.facilityId,
      transferPhones: ["+15125550171", "+15125550172"],
      greeting: "Oak Street Storage, virtual front desk speaking.",
    });
    const call = await placeCall(s);
    expect(call.greeting).toContain("Oak Street Storage, virtual front desk speaking.");
    const doc = await call.say("can I talk to a real person please");
    const dial = find(doc, "Dial")!;
    expect(dial.children.filter((c) => c.name === "Number").map((c) => c.text)).toEqual([
      "+15125550171",
      "+15125550172",
    ]);
    expect(await conversationBySid(s.org.id, call.callSid)).toMatchObject({ facilityId: s.facilityId });
  });

  it("messages-only: a person is offered as a message; after hours can transfer to an on-call phone", async () => {
    const s = await orgWithVoiceNumber({ transferPhone: "+15125550181" });
    const owner = await callerFor(s.org.owner);
    await owner.agent.updateFacilitySettings({
      facilityId: s.facilityId,
      transferPhones: ["+15125550181"],
      transferMode: "message",
    });
    const call = await placeCall(s);
    const out = await call.say("I need to speak to the manager");
    expect(find(out, "Dial")).toBeNull();
    expect(spoken(out).join(" ")).toMatch(/take a message/i);

    const closed = await orgWithVoiceNumber({ hours: {}, transferPhone: "+15125550182" });
    const closedOwner = await callerFor(closed.org.owner);
    await closedOwner.agent.updateFacilitySettings({
      facilityId: closed.facilityId,
      transferPhones: ["+15125550182"],
      afterHours: "transfer",
    });
    const late = await placeCall(closed);
    const put = await late.say("I need to speak to the manager");
    expect(find(find(put, "Dial")!, "Number")!.text).toBe("+15125550182");
  });

  it("names the special with the first price only when set so", async () => {
    const s = await orgWithVoiceNumber();
    const owner = await callerFor(s.org.owner);
    const first = await placeCall(s);
    const a = spoken(await first.say("how much is a ten by ten climate controlled")).join(" ");
    expect(a).toMatch(/special/i);
    const b = spoken(await first.say("and how much is a ten by ten climate controlled again")).join(" ");
    expect(b).toMatch(/special/i);

    await owner.agent.updateFacilitySettings({
      facilityId: s.facilityId,
      transferPhones: ["+15125550199"],
      promotionMention: "first_quote",
    });
    const second = await placeCall(s);
    expect(spoken(await second.say("how much is a ten by ten climate controlled")).join(" ")).toMatch(/special/i);
    expect(spoken(await second.say("and how much is a ten by ten climate controlled again")).join(" ")).not.toMatch(
      /special/i,
    );

    await owner.agent.updateFacilitySettings({
      facilityId: s.facilityId,
      transferPhones: ["+15125550199"],
      promotionMention: "when_asked",
    });
    const third = await placeCall(s);
    expect(spoken(await third.say("how much is a ten by ten climate controlled")).join(" ")).not.toMatch(/special/i);
  });
});
