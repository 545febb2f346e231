import { and, asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { POST as smsWebhook } from "@/app/api/twilio/sms/route";
import { db } from "@/server/db/client";
import { conversation, message, smsMessage } from "@/server/db/schema";

import { inboundSmsParams, randomSid, randomUsNumber, twilioPost, twimlMessages } from "../twilio-webhooks";
import { orgWithVoiceNumber } from "./voice-helpers";

// Twilio not configured: signed with the local key, as the simulator does.
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

async function text(to: string, from: string, body: string, messageSid = randomSid("SM")) {
  const params = inboundSmsParams({ from, to, body, accountSid: randomSid("AC"), messageSid });
  const res = await smsWebhook(twilioPost("/api/twilio/sms", params));
  expect(res.status).toBe(200);
  return { reply: twimlMessages(await res.text())[0] ?? null, messageSid };
}

const smsThreads = (orgId: string, from: string) =>
  db
    .select()
    .from(conversation)
    .where(
      and(eq(conversation.organizationId, orgId), eq(conversation.channel, "sms"), eq(conversation.fromAddress, from)),
    );

describe("SMS through the agent engine", () => {
  it("answers with the engine's text, keeps one thread per phone, and a retried MessageSid is one turn", async () => {
    const s = await orgWithVoiceNumber();
    const from = randomUsNumber(650);
    const first = await text(s.number, from, "how much is a 10x10?");
    expect(first.reply).toMatch(/\$1[12]0/);
    const retry = await text(s.number, from, "how much is a 10x10?", first.messageSid);
    expect(retry.reply).toBe(first.reply);
    const second = await text(s.number, from, "what are your hours");
    expect(second.reply).toBeTruthy();
    const threads = await smsThreads(s.org.id, from);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ toAddress: s.number, facilityId: s.facilityId, turnCount: 2 });
    const callerLines = await db
      .select()
      .from(message)
      .where(and(eq(message.conversationId, threads[0]!.id), eq(message.role, "caller")))
      .orderBy(asc(message.seq));
    expect(callerLines.map((m) => m.text)).toEqual(["how much is a 10x10?", "what are your hours"]);
    const linked = await db.select().from(smsMessage).where(eq(smsMessage.conversationId, threads[0]!.id));
    expect(linked).toHaveLength(4); // two texts in, two replies out
  });

  it("starts a new conversation when the thread has been quiet for a day", async () => {
    const s = await orgWithVoiceNumber();
    const from = randomUsNumber(650);
    await text(s.number, from, "hi");
    await db
      .update(conversation)
      .set({ updatedAt: sql`now() - interval '25 hours'` })
      .where(and(eq(conversation.organizationId, s.org.id), eq(conversation.fromAddress, from)));
    await text(s.number, from, "do you have drive up units");
    expect(await smsThreads(s.org.id, from)).toHaveLength(2);
  });

  it("does not run the agent for a phone that opted out", async () => {
    const s = await orgWithVoiceNumber();
    const from = randomUsNumber(650);
    await text(s.number, from, "STOP");
    const quiet = await text(s.number, from, "how much is a 5x10");
    expect(quiet.reply).toBeNull();
    expect(await smsThreads(s.org.id, from)).toEqual([]);
  });

  it("a plain 'yes' answers the agent's question; it re-subscribes only a phone that opted out", async () => {
    const s = await orgWithVoiceNumber();
    const from = randomUsNumber(650);
    const offer = await text(s.number, from, "how much is a 10x10?");
    expect(offer.reply).toMatch(/reserve/i);
    const yes = await text(s.number, from, "Yes");
    expect(yes.reply).toBeTruthy();
    const [thread] = await smsThreads(s.org.id, from);
    expect(thread!.turnCount).toBe(2);

    const other = randomUsNumber(650);
    await text(s.number, other, "STOP");
    expect((await text(s.number, other, "yes")).reply).toBeNull();
    expect((await text(s.number, other, "how much is a 5x10")).reply).toBeTruthy();
  });
});
