import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { POST as smsWebhook } from "@/app/api/twilio/sms/route";
import { db } from "@/server/db/client";
import { smsMessage } from "@/server/db/schema";
import { twilioClient, twilioConfigured } from "@/server/integrations/twilio";
import { callerFor, seedMember, seedOrganization } from "../../../../tests/factories";
import {
  inboundSmsParams,
  randomSid,
  randomUsNumber,
  twilioPost,
  twimlMessages,
} from "../../../../tests/twilio-webhooks";

import { sendSms } from "./send-sms";

/** Without Twilio credentials: numbers are attached by hand, texts go to the outbox, webhooks still verify. */
beforeAll(() => {
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  delete process.env.TWILIO_API_BASE;
});

describe("SMS without Twilio configured", () => {
  it("reports Twilio as not configured", async () => {
    expect(twilioConfigured()).toBe(false);
    expect(twilioClient()).toBeNull();
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    expect(await owner.phoneNumbers.settings()).toMatchObject({ twilioConfigured: false, voiceMode: "gather" });
    await expect(owner.phoneNumbers.searchAvailable({ areaCode: 415 })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
    await expect(owner.phoneNumbers.buy({ phoneNumber: randomUsNumber() })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });
  });

  it("keeps outbound texts in the organization's outbox, once per idempotency key", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const number = await owner.phoneNumbers.attach({ phoneNumber: randomUsNumber() });
    expect(number).toMatchObject({ twilioSid: null, source: "attached", status: "active" });
    const customer = randomUsNumber(650);
    const first = await sendSms({
      organizationId: org.id,
      to: customer,
      body: "Your move-in is tomorrow at 9.",
      idempotencyKey: "move-in-reminder-1",
    });
    const retry = await sendSms({
      organizationId: org.id,
      to: customer,
      body: "Your move-in is tomorrow at 9.",
      idempotencyKey: "move-in-reminder-1",
    });
    expect(first).toMatchObject({ ok: true, status: "outbox", duplicate: false, twilioSid: null });
    expect(retry).toMatchObject({ ok: true, status: "outbox", duplicate: true });
    const staff = await callerFor(await seedMember(org, "staff"));
    const outbox = await staff.phoneNumbers.smsOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ to: customer, from: number.e164, body: "Your move-in is tomorrow at 9." });
    // Another organization sees none of it.
    expect(await (await callerFor((await seedOrganization()).owner)).phoneNumbers.smsOutbox()).toEqual([]);
  });

  it("accepts webhooks signed with the local signing key (the call simulator's) and refuses others", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const number = await owner.phoneNumbers.attach({ phoneNumber: randomUsNumber() });
    const customer = randomUsNumber(650);
    const params = inboundSmsParams({ from: customer, to: number.e164, body: "STOP", accountSid: randomSid("AC") });
    const forged = await smsWebhook(twilioPost("/api/twilio/sms", params, { token: "some-guessed-token-value" }));
    expect(forged.status).toBe(403);
    const res = await smsWebhook(twilioPost("/api/twilio/sms", params));
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toEqual([]);
    expect(await sendSms({ organizationId: org.id, to: customer, body: "hello" })).toMatchObject({
      ok: false,
      reason: "opted_out",
    });
    const stored = await db.select().from(smsMessage).where(eq(smsMessage.twilioSid, params.MessageSid!));
    expect(stored).toHaveLength(1);
  });

  it("ignores texts to numbers no organization has, without writing", async () => {
    const to = randomUsNumber(907);
    const params = inboundSmsParams({ from: randomUsNumber(650), to, body: "hello?", accountSid: randomSid("AC") });
    const res = await smsWebhook(twilioPost("/api/twilio/sms", params));
    expect(res.status).toBe(200);
    expect(twimlMessages(await res.text())).toEqual([]);
    expect(await db.select().from(smsMessage).where(eq(smsMessage.twilioSid, params.MessageSid!))).toEqual([]);
  });
});
