import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as smsWebhook } from "@/app/api/twilio/sms/route";
import { db } from "@/server/db/client";
import { customer, followUp, followUpSequence, lead, phoneNumber } from "@/server/db/schema";
import { launchWorkflows, shutdownWorkflows } from "@/server/jobs/dbos";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { startFakeTwilio, type FakeTwilio } from "../../../../tests/fakes/twilio-server";
import {
  isolateWorkflows,
  quietCallbacks,
  seedLeadWithNumber,
  waitFor,
  type LeadSetup,
} from "../../../../tests/jobs-harness";
import { inboundSmsParams, twilioPost, twimlMessages } from "../../../../tests/twilio-webhooks";

/**
 * A lead who texts back stops their follow-up sequence (issue 6): the text arrives through the real
 * SMS webhook, signed like Twilio signs it, and the waiting DBOS workflow stops with the reply.
 */
const iso = isolateWorkflows({ timeScale: 0.02 }); // 1 configured minute = 1.2 s
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
  quietCallbacks(fake);
  await launchWorkflows({ role: "test" });
}, 120_000);
afterAll(async () => {
  await shutdownWorkflows();
  await iso.dropSchema();
  await fake.close();
});

const ALWAYS = { start: "00:00", end: "24:00" };
const sequenceOf = async (leadId: string) =>
  (await db.select().from(followUpSequence).where(eq(followUpSequence.leadId, leadId)))[0]!;
const rowsOf = (leadId: string) =>
  db.select().from(followUp).where(eq(followUp.leadId, leadId)).orderBy(asc(followUp.stepIndex));

async function textFrom(s: LeadSetup, from: string, body: string, messageSid?: string) {
  const [number] = await db
    .select()
    .from(phoneNumber)
    .where(and(eq(phoneNumber.organizationId, s.org.id), eq(phoneNumber.e164, s.senderNumber)));
  const params = inboundSmsParams({
    from,
    to: s.senderNumber,
    body,
    accountSid: number!.twilioAccountSid!,
    messageSid,
  });
  const res = await smsWebhook(
    twilioPost("/api/twilio/sms", params, { token: fake.account(number!.twilioAccountSid!)!.authToken }),
  );
  expect(res.status).toBe(200);
  return { sid: params.MessageSid!, replies: twimlMessages(await res.text()) };
}

/** A sequence whose first text went out and whose second is scheduled far enough away to be waiting. */
async function waitingSequence() {
  const s = await seedLeadWithNumber();
  await saveAutomationSettings(db, s.org.id, {
    quietHours: ALWAYS,
    followUpSteps: [
      { delayMinutes: 0, template: "quote" },
      { delayMinutes: 30, template: "reminder" },
    ],
  });
  await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:sms-reply" });
  await waitFor(async () => (await rowsOf(s.leadId)).find((r) => r.stepIndex === 1), "the second text to be scheduled");
  expect(fake.messagesTo(s.phone)).toHaveLength(1);
  return s;
}

describe("an inbound text from a lead stops their follow-ups", () => {
  it("stops the sequence as replied, drops the scheduled text, and the agent still answers", async () => {
    const s = await waitingSequence();
    // Another operator's lead with the same phone is not theirs to stop.
    const other = await waitingSequence();
    await db.update(customer).set({ phone: s.phone }).where(eq(customer.id, other.customerId));

    const text = await textFrom(s, s.phone, "Yes please, I'd like the 10x10");
    expect(text.replies).toHaveLength(1);
    expect(text.replies[0]).not.toMatch(/something went wrong/);

    const seq = await waitFor(async () => {
      const row = await sequenceOf(s.leadId);
      return row.status === "stopped" ? row : null;
    }, "the sequence to stop");
    expect(seq).toMatchObject({ stopReason: "replied", replyText: "Yes please, I'd like the 10x10" });
    expect((await rowsOf(s.leadId)).map((r) => r.status)).toEqual(["sent", "cancelled"]);
    const [l] = await db.select().from(lead).where(eq(lead.id, s.leadId));
    expect(l!.nextFollowUpAt).toBeNull();
    // Only the first follow-up went through Twilio's REST API; the answer went back as TwiML.
    expect(fake.messagesTo(s.phone).filter((m) => m.from === s.senderNumber)).toHaveLength(1);

    expect((await sequenceOf(other.leadId)).status).toBe("active");
  }, 90_000);

  it("a keyword (HELP) or a text from someone else does not count as the lead's reply", async () => {
    const s = await waitingSequence();
    await textFrom(s, s.phone, "HELP");
    await textFrom(s, "+16505550100", "do you have 5x5 units?");
    // Give a wrongly sent message time to be received before checking nothing happened.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sequenceOf(s.leadId)).toMatchObject({ status: "active", stopReason: null });
    expect((await rowsOf(s.leadId)).map((r) => r.status)).toEqual(["sent", "scheduled"]);
  }, 90_000);

  it("a card number in the reply is stored redacted", async () => {
    const s = await waitingSequence();
    await textFrom(s, s.phone, "my card is 4111 1111 1111 1111 thanks");
    const seq = await waitFor(async () => {
      const row = await sequenceOf(s.leadId);
      return row.status === "stopped" ? row : null;
    }, "the sequence to stop");
    expect(seq.replyText).not.toContain("4111 1111 1111 1111");
    expect(seq.replyText).toMatch(/^my card is .+ thanks$/);
  }, 90_000);
});
