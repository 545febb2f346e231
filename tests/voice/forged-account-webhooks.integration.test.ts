import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { TWILIO_WEBHOOKS } from "@/server/channels/webhook-routes";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { db } from "@/server/db/client";
import { conversation, message, smsMessage } from "@/server/db/schema";

import { seedAgentFacility } from "../agent/seed";
import { callerFor, seedOrganization } from "../factories";
import { startFakeTwilio, type FakeTwilio } from "../fakes/twilio-server";
import { inboundSmsParams, randomSid, randomUsNumber, twilioPost } from "../twilio-webhooks";
import { incomingCallParams } from "./voice-helpers";

/**
 * Issue 20, item 5: every organization's admin can read its own Twilio subaccount's auth token. A
 * request about organization A's number, call or message, signed with organization B's token (and
 * naming B's AccountSid, so a server that picks the key by AccountSid would try B's), is refused on
 * every webhook; signed with A's own token, the same request is accepted.
 */
let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
  fake.setDeliver(async () => {}); // status callbacks of the texts sent here are not under test
});
afterAll(() => fake.close());

async function orgWithTwilioNumber() {
  const org = await seedOrganization();
  const { facility: f } = await seedAgentFacility(org.id);
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
  const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber, facilityId: f.id });
  const accountSid = row.twilioAccountSid!;
  return { org, number: row.e164, accountSid, token: fake.account(accountSid)!.authToken };
}

/** Everything a forged webhook could change for an organization. */
async function snapshot(organizationId: string) {
  const [conversations, messages, texts] = await Promise.all([
    db.select().from(conversation).where(eq(conversation.organizationId, organizationId)),
    db.select().from(message).where(eq(message.organizationId, organizationId)),
    db.select().from(smsMessage).where(eq(smsMessage.organizationId, organizationId)),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((x, y) => x.id.localeCompare(y.id));
  return { conversations: byId(conversations), messages: byId(messages), texts: byId(texts) };
}

describe("Twilio webhooks signed with another organization's subaccount token", () => {
  it("are refused on every endpoint; the owner's token is accepted", async () => {
    const a = await orgWithTwilioNumber();
    const b = await orgWithTwilioNumber();
    expect(a.accountSid).not.toBe(b.accountSid);
    const caller = randomUsNumber(650);

    // A real call in progress on A's number, and a text A sent.
    const callSid = randomSid("CA");
    const started = await TWILIO_WEBHOOKS["/api/twilio/voice"]!(
      twilioPost(
        "/api/twilio/voice",
        { ...incomingCallParams({ to: a.number, from: caller, callSid }), AccountSid: a.accountSid },
        { token: a.token },
      ),
    );
    expect(started.status).toBe(200);
    const [call] = await db.select().from(conversation).where(eq(conversation.externalId, callSid));
    const c = call!.id;
    const sent = await sendSms({ organizationId: a.org.id, to: caller, body: "Your unit is ready." });
    if (!sent.ok) throw new Error(sent.message);

    // What each endpoint would act on for A, and a harmless variant to show A's own token works.
    const cases: Record<string, { params: Record<string, string>; benign?: Record<string, string> }> = {
      "/api/twilio/voice": { params: incomingCallParams({ to: a.number, from: caller }) },
      [`/api/twilio/voice/gather?c=${c}&t=1`]: {
        params: { CallSid: callSid, SpeechResult: "What is my gate code?", Confidence: "0.9" },
      },
      [`/api/twilio/voice/dial-action?c=${c}&t=1`]: {
        params: { CallSid: callSid, DialCallStatus: "no-answer" },
        benign: { DialCallStatus: "completed" },
      },
      [`/api/twilio/voice/relay-action?c=${c}`]: {
        params: { CallSid: callSid, SessionStatus: "failed", ErrorCode: "64101" },
        benign: { SessionStatus: "completed", ErrorCode: "" },
      },
      // A <Pay> result for a payment of A's call (an unknown one: signed with A's token it settles nothing).
      [`/api/twilio/voice/pay-action?c=${c}&p=${randomUUID()}&t=1`]: {
        params: { CallSid: callSid, Result: "success", PaymentConfirmationCode: "ch_forged" },
        benign: { Result: "payment-connector-error", PaymentConfirmationCode: "" },
      },
      "/api/twilio/voice-status": {
        params: { CallSid: callSid, CallStatus: "completed", CallDuration: "30", From: caller, To: a.number },
        benign: { CallStatus: "in-progress" },
      },
      "/api/twilio/sms": {
        params: inboundSmsParams({ from: caller, to: a.number, body: "gate code please", accountSid: b.accountSid }),
      },
      [`/api/twilio/sms-status?smsId=${sent.id}`]: {
        params: { MessageSid: sent.twilioSid!, MessageStatus: "failed", ErrorCode: "30003" },
        benign: { MessageStatus: "sent", ErrorCode: "" },
      },
    };
    // Every webhook we serve is covered.
    expect(
      Object.keys(cases)
        .map((p) => p.split("?")[0])
        .sort(),
    ).toEqual(Object.keys(TWILIO_WEBHOOKS).sort());

    const before = await snapshot(a.org.id);
    for (const [path, { params }] of Object.entries(cases)) {
      const handler = TWILIO_WEBHOOKS[path.split("?")[0]!]!;
      const forged = { ...params, AccountSid: b.accountSid };
      const res = await handler(twilioPost(path, forged, { token: b.token }));
      expect(res.status, `${path} signed with B's token`).toBe(403);
      // Naming A's AccountSid while signing with B's token fails too.
      const claimed = await handler(twilioPost(path, { ...params, AccountSid: a.accountSid }, { token: b.token }));
      expect(claimed.status, `${path} claiming A's account, signed with B's token`).toBe(403);
    }
    expect(await snapshot(a.org.id)).toEqual(before);

    for (const [path, { params, benign }] of Object.entries(cases)) {
      const handler = TWILIO_WEBHOOKS[path.split("?")[0]!]!;
      const own = Object.fromEntries(
        Object.entries({ ...params, ...benign, AccountSid: a.accountSid }).filter(([, v]) => v !== ""),
      );
      const res = await handler(twilioPost(path, own, { token: a.token }));
      expect(res.status, `${path} signed with A's token`).toBeLessThan(300);
    }
  });
});
