import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ONE_TIME_CODE_PLACEHOLDER, setGateCodePolicy } from "@/server/agent/caller-verification";
import { respond, startConversation } from "@/server/agent/engine";
import { SECRET_PLACEHOLDER } from "@/server/agent/secrets";
import { handleSmsWebhook } from "@/server/channels/sms/sms-webhook";
import { db } from "@/server/db/client";
import { auditLog, message, smsMessage } from "@/server/db/schema";

import { callerFor, type seedOrganization } from "../factories";
import { startFakeTwilio, type FakeTwilio } from "../fakes/twilio-server";
import { inboundSmsParams, randomSid, randomUsNumber, twilioPost, twimlMessages } from "../twilio-webhooks";
import { OPEN_NOW } from "./seed";
import { seedTenant } from "./seed-tenant";

/**
 * Issue 20, item 1 (storage): a gate code the agent gives a verified caller reaches the caller, but
 * never the database: message rows, their tool-call records and the SMS reply row keep a
 * placeholder, and the reveal is audited like the dashboard's.
 */
let twilio: FakeTwilio;
beforeAll(async () => {
  twilio = await startFakeTwilio();
  twilio.useInEnv();
});
afterAll(() => twilio.close());

async function orgWithTenant(phone: string) {
  const { org, seeded, rental } = await seedTenant(phone);
  // Said or texted back in the conversation: the policy that reads gate codes out (after a possession factor).
  await setGateCodePolicy(org.id, { label: "test" }, "read_after_code");
  return { org, facilityId: seeded.facility.id, gateCode: rental.gateCode };
}

/** A number for the organization to text from (one-time codes). */
async function buyNumber(org: Awaited<ReturnType<typeof seedOrganization>>, facilityId: string) {
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
  return owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber, facilityId });
}

async function storedTranscript(conversationId: string) {
  return db.select().from(message).where(eq(message.conversationId, conversationId)).orderBy(message.seq);
}

async function reveals(organizationId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "rental.gate_code_viewed")));
}

describe("gate codes are given, never stored", () => {
  for (const channel of ["voice", "chat"] as const) {
    it(`${channel}: the caller gets the code; the transcript keeps a placeholder`, async () => {
      const phone = randomUsNumber(512);
      const s = await orgWithTenant(phone);
      const start = await startConversation({
        organizationId: s.org.id,
        channel,
        facilityId: s.facilityId,
        fromAddress: channel === "voice" ? phone : null,
        // A caller ID the carrier attested in full proves the phone; a chat proves it by a one-time code.
        callerAttested: channel === "voice",
        now: OPEN_NOW,
      });
      if (channel === "chat") await buyNumber(s.org, s.facilityId);
      const say = (text: string) =>
        respond({ organizationId: s.org.id, conversationId: start.conversationId, text, now: OPEN_NOW });
      await say("what's my gate code");
      let turn = await say("Dana Owner");
      // Without caller ID (chat) the phone on the account is asked for, then the code texted to it.
      let otp: string | undefined;
      if (!turn.state.verification.verified) {
        turn = await say(phone);
        otp = /verification code is (\d{6})/.exec(twilio.messagesTo(phone).at(-1)?.body ?? "")?.[1];
        turn = await say(otp ?? "no code");
      }
      expect(turn.state.verification.verified).toBe(true);
      expect(turn.reply).toContain(s.gateCode);
      if (channel === "chat") {
        // The texted one-time code went to the phone; its sms_message row keeps it masked.
        expect(otp).toMatch(/^\d{6}$/);
        const texts = await db.select().from(smsMessage).where(eq(smsMessage.organizationId, s.org.id));
        expect(texts.map((t) => t.body).join("\n")).toContain(`verification code is ${ONE_TIME_CODE_PLACEHOLDER}.`);
        expect(JSON.stringify(texts)).not.toContain(otp!);
      }
      expect(turn.secrets).toEqual([s.gateCode]);

      const rows = await storedTranscript(start.conversationId);
      expect(JSON.stringify(rows)).not.toContain(s.gateCode);
      const last = rows.at(-1)!;
      expect(last.role).toBe("agent");
      expect(last.text).toContain(SECRET_PLACEHOLDER);
      expect(JSON.stringify(last.toolCalls)).toContain(SECRET_PLACEHOLDER);
      expect(await reveals(s.org.id)).toHaveLength(1);
    });
  }

  it("sms: the reply text carries the code; the sms_message reply row and the transcript do not", async () => {
    const phone = randomUsNumber(512);
    const s = await orgWithTenant(phone);
    const number = await buyNumber(s.org, s.facilityId);
    const token = twilio.account(number.twilioAccountSid!)!.authToken;
    const text = async (body: string) => {
      const params = inboundSmsParams({
        from: phone,
        to: number.e164,
        body,
        accountSid: number.twilioAccountSid!,
        messageSid: randomSid("SM"),
      });
      const res = await handleSmsWebhook(twilioPost("/api/twilio/sms", params, { token }));
      return { sid: params.MessageSid!, replies: twimlMessages(await res.text()) };
    };
    await text("what's my gate code");
    const answer = await text("Dana Owner");
    expect(answer.replies.join(" ")).toContain(s.gateCode);

    const [reply] = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, s.org.id), eq(smsMessage.idempotencyKey, `reply:${answer.sid}`)));
    expect(reply!.body).toContain(SECRET_PLACEHOLDER);
    const allTexts = await db.select().from(smsMessage).where(eq(smsMessage.organizationId, s.org.id));
    expect(JSON.stringify(allTexts)).not.toContain(s.gateCode);
    const rows = await storedTranscript(reply!.conversationId!);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(s.gateCode);
    expect(await reveals(s.org.id)).toHaveLength(1);
  });

  it("sms: a redelivered text whose reply gave a gate code is answered clearly, never with the placeholder", async () => {
    const phone = randomUsNumber(512);
    const s = await orgWithTenant(phone);
    const number = await buyNumber(s.org, s.facilityId);
    const token = twilio.account(number.twilioAccountSid!)!.authToken;
    const post = (params: Record<string, string>) => handleSmsWebhook(twilioPost("/api/twilio/sms", params, { token }));
    const params = (body: string) =>
      inboundSmsParams({
        from: phone,
        to: number.e164,
        body,
        accountSid: number.twilioAccountSid!,
        messageSid: randomSid("SM"),
      });
    await post(params("what's my gate code"));
    const answer = params("Dana Owner");
    const first = twimlMessages(await (await post(answer)).text()).join(" ");
    expect(first).toContain(s.gateCode);

    // 1. The reply was stored and the text marked answered, but Twilio never got the answer: it
    // delivers the same text again and gets the stored reply.
    const again = twimlMessages(await (await post(answer)).text()).join(" ");
    expect(again).not.toContain(SECRET_PLACEHOLDER);
    expect(again).toMatch(/ask me again/i);

    // 2. The turn committed but the process died before the reply was stored: the redelivery
    // replays the turn from the transcript, which holds the placeholder too.
    await db
      .delete(smsMessage)
      .where(and(eq(smsMessage.organizationId, s.org.id), eq(smsMessage.idempotencyKey, `reply:${answer.MessageSid}`)));
    await db
      .update(smsMessage)
      .set({ answeredAt: null, replyLeaseUntil: null })
      .where(eq(smsMessage.twilioSid, answer.MessageSid!));
    const replayed = twimlMessages(await (await post(answer)).text()).join(" ");
    expect(replayed).not.toContain(SECRET_PLACEHOLDER);
    expect(replayed).toMatch(/ask me again/i);
    // Asking again gives the code (audited again), and still nothing stored holds it.
    const asked = twimlMessages(await (await post(params("what's my gate code"))).text()).join(" ");
    expect(asked).toContain(s.gateCode);
    const allTexts = await db.select().from(smsMessage).where(eq(smsMessage.organizationId, s.org.id));
    expect(JSON.stringify(allTexts)).not.toContain(s.gateCode);
  });
});
