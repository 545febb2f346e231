import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { smsMessage, smsOptOut } from "@/server/db/schema";

import { callerFor, seedOrganization } from "../../../../tests/factories";
import { startFakeTwilio, type FakeTwilio } from "../../../../tests/fakes/twilio-server";
import { quietCallbacks } from "../../../../tests/jobs-harness";
import { randomUsNumber } from "../../../../tests/twilio-webhooks";

import { sendSms, SmsOutcomeUnknownError } from "./send-sms";

/**
 * The at-most-once window of a send (issue 6): the row is claimed, Twilio is called, the answer is
 * recorded. When the answer is lost, a retry with the same idempotency key asks Twilio before
 * sending, so the phone gets the text exactly once. (The same across a real SIGKILL:
 * src/server/jobs/exactly-once.integration.test.ts.)
 */
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
  quietCallbacks(fake);
});
afterEach(() => {
  fake.onMessageAccepted(null);
  fake.useInEnv();
});
afterAll(() => fake.close());

async function orgWithNumber() {
  const org = await seedOrganization();
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 415 });
  const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
  return { org, number: row.e164 };
}
const rowOf = async (id: string) => (await db.select().from(smsMessage).where(eq(smsMessage.id, id)))[0]!;
const lists = () => fake.requests.filter((r) => r.method === "GET" && r.path.endsWith("/Messages.json")).length;

describe("sending a text exactly once when Twilio's answer is lost", () => {
  it("Twilio accepted it but the answer never arrived: the retry finds it at Twilio and does not send again", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const text = {
      organizationId: s.org.id,
      to: customer,
      body: "Your hold ends tomorrow.",
      idempotencyKey: `lost-answer:${customer}`,
    };
    // The same body sent earlier to the same phone, recorded under another key: never mistaken for ours.
    const earlier = await sendSms({ ...text, idempotencyKey: `earlier:${customer}` });
    expect(earlier).toMatchObject({ ok: true, duplicate: false });
    fake.onMessageAccepted(() => "cut");

    const lost = await sendSms(text).catch((err: unknown) => err);
    expect(lost).toBeInstanceOf(SmsOutcomeUnknownError);
    const smsId = (lost as SmsOutcomeUnknownError).smsId;
    expect(await rowOf(smsId)).toMatchObject({ status: "pending", twilioSid: null });
    expect(fake.messagesTo(customer)).toHaveLength(2);

    fake.onMessageAccepted(null);
    const listsBefore = lists();
    const retry = await sendSms(text);
    expect(lists()).toBe(listsBefore + 1);
    const accepted = fake.messagesTo(customer)[1]!;
    expect(retry).toMatchObject({ ok: true, id: smsId, twilioSid: accepted.sid, duplicate: false });
    expect(fake.messagesTo(customer)).toHaveLength(2);
    expect(await rowOf(smsId)).toMatchObject({ status: "queued", twilioSid: accepted.sid });

    // Any later retry is a plain duplicate that does not even ask Twilio.
    expect(await sendSms(text)).toMatchObject({ ok: true, id: smsId, duplicate: true, twilioSid: accepted.sid });
    expect(lists()).toBe(listsBefore + 1);
    expect(fake.messagesTo(customer)).toHaveLength(2);
  });

  it("Twilio never got it (unreachable): the retry finds nothing and sends it once", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const text = {
      organizationId: s.org.id,
      to: customer,
      body: "Your unit is ready.",
      idempotencyKey: `unreachable:${customer}`,
    };
    process.env.TWILIO_API_BASE = "http://127.0.0.1:9"; // the discard port: connection refused
    await expect(sendSms(text)).rejects.toBeInstanceOf(SmsOutcomeUnknownError);
    expect(fake.messagesTo(customer)).toHaveLength(0);

    fake.useInEnv();
    const retry = await sendSms(text);
    expect(retry).toMatchObject({ ok: true, duplicate: false });
    expect(fake.messagesTo(customer)).toHaveLength(1);
    if (!retry.ok) throw new Error("unreachable");
    expect((await rowOf(retry.id)).twilioSid).toBe(fake.messagesTo(customer)[0]!.sid);
  });

  it("a text holding a secret (storedBody) resumed after a lost attempt sends the secret, never the stored placeholder", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const text = {
      organizationId: s.org.id,
      to: customer,
      body: "Your gate code: 482915. Never share it.",
      storedBody: "Your gate code: [gate code]. Never share it.",
      idempotencyKey: `secret:${customer}`,
    };
    process.env.TWILIO_API_BASE = "http://127.0.0.1:9";
    await expect(sendSms(text)).rejects.toBeInstanceOf(SmsOutcomeUnknownError);
    fake.useInEnv();
    const retry = await sendSms(text);
    expect(retry).toMatchObject({ ok: true, duplicate: false });
    expect(fake.messagesTo(customer).map((m) => m.body)).toEqual([text.body]);
    if (!retry.ok) throw new Error("unreachable");
    expect((await rowOf(retry.id)).body).toBe(text.storedBody);

    // Accepted by Twilio but the answer lost: the retry recognises the secret body at Twilio.
    const lostKey = { ...text, idempotencyKey: `secret-lost:${customer}` };
    fake.onMessageAccepted(() => "cut");
    const lost = await sendSms(lostKey).catch((err: unknown) => err);
    expect(lost).toBeInstanceOf(SmsOutcomeUnknownError);
    fake.onMessageAccepted(null);
    expect(await sendSms(lostKey)).toMatchObject({ ok: true, duplicate: false });
    expect(fake.messagesTo(customer)).toHaveLength(2);
    expect(JSON.stringify(await db.select().from(smsMessage).where(eq(smsMessage.to, customer)))).not.toContain(
      "482915",
    );
  });

  it("two attempts at the same key at once call Twilio once", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const text = {
      organizationId: s.org.id,
      to: customer,
      body: "See you at move-in.",
      idempotencyKey: `race:${customer}`,
    };
    const results = await Promise.all([sendSms(text), sendSms(text), sendSms(text)]);
    expect(fake.messagesTo(customer)).toHaveLength(1);
    expect(new Set(results.map((r) => (r.ok ? r.id : null))).size).toBe(1);
    expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
  });

  it("a phone that opted out between the lost attempt and the retry gets nothing", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const text = {
      organizationId: s.org.id,
      to: customer,
      body: "Last chance for the web rate.",
      idempotencyKey: `optout:${customer}`,
    };
    process.env.TWILIO_API_BASE = "http://127.0.0.1:9";
    const lost = (await sendSms(text).catch((err: unknown) => err)) as SmsOutcomeUnknownError;
    fake.useInEnv();
    await db.insert(smsOptOut).values({ organizationId: s.org.id, phone: customer, keyword: "STOP" });
    expect(await sendSms(text)).toMatchObject({ ok: false, reason: "opted_out", id: lost.smsId });
    expect(fake.messagesTo(customer)).toHaveLength(0);
    expect(await rowOf(lost.smsId)).toMatchObject({ status: "canceled", twilioSid: null });
  });
});
