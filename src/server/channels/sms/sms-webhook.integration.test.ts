import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as smsStatusWebhook } from "@/app/api/twilio/sms-status/route";
import { POST as smsWebhook } from "@/app/api/twilio/sms/route";
import { formatForSms } from "@/server/agent/voice/sms-text";
import { db } from "@/server/db/client";
import { conversation, message, smsMessage, smsOptOut, usageRecord } from "@/server/db/schema";
import { callerFor, seedOrganization, type TestOrg } from "../../../../tests/factories";
import { startFakeTwilio, twilioSignature, type FakeTwilio } from "../../../../tests/fakes/twilio-server";
import { inboundSmsParams, randomUsNumber, twilioPost, twimlMessages } from "../../../../tests/twilio-webhooks";

import { sendSms } from "@/server/integrations/sms/send-sms";

let fake: FakeTwilio;
const callbackResponses: number[] = [];
beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
  // Twilio's status callbacks reach our route handler as a request to PUBLIC_URL would.
  fake.setDeliver(async ({ url, params, signature }) => {
    const u = new URL(url);
    const res = await smsStatusWebhook(twilioPost(`${u.pathname}${u.search}`, params, { signature }));
    callbackResponses.push(res.status);
  });
});
afterAll(() => fake.close());

interface Setup {
  org: TestOrg;
  number: string;
  subaccountSid: string;
}

async function orgWithNumber(): Promise<Setup> {
  const org = await seedOrganization();
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 415 });
  const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
  return { org, number: row.e164, subaccountSid: row.twilioAccountSid! };
}

/** An inbound text signed the way Twilio signs it for a subaccount's number: with that subaccount's token. */
function inbound(s: Setup, from: string, body: string, messageSid?: string) {
  const params = inboundSmsParams({ from, to: s.number, body, accountSid: s.subaccountSid, messageSid });
  const token = fake.account(s.subaccountSid)!.authToken;
  return { params, request: () => twilioPost("/api/twilio/sms", params, { token }) };
}

const messagesBySid = (sid: string) => db.select().from(smsMessage).where(eq(smsMessage.twilioSid, sid));
const messagesOf = (orgId: string) => db.select().from(smsMessage).where(eq(smsMessage.organizationId, orgId));

describe("inbound SMS webhook", () => {
  it("accepts a correctly signed text, stores it and answers with TwiML <Message>", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const { params, request } = inbound(s, customer, "Do you have a 10x10?");
    const res = await smsWebhook(request());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/xml");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    const [reply] = twimlMessages(xml);
    // The agent engine answers (this organization has no facility yet, so it cannot quote).
    expect(reply).toBeTruthy();
    expect(reply).not.toMatch(/something went wrong/);

    const [stored] = await messagesBySid(params.MessageSid!);
    expect(stored).toMatchObject({
      organizationId: s.org.id,
      direction: "in",
      from: customer,
      to: s.number,
      body: "Do you have a 10x10?",
      status: "received",
    });
    expect(stored!.conversationId).toBeTruthy();
    const out = (await messagesOf(s.org.id)).filter((m) => m.direction === "out");
    expect(out).toMatchObject([
      { to: customer, from: s.number, body: reply, status: "twiml", conversationId: stored!.conversationId },
    ]);
  });

  it("stores only what was sent: a new thread has no greeting, each text is one caller turn and one agent turn", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const first = await smsWebhook(inbound(s, customer, "hi, what are your hours?").request());
    const [firstReply] = twimlMessages(await first.text());
    const second = await smsWebhook(inbound(s, customer, "and do you have a 10x10?").request());
    const [secondReply] = twimlMessages(await second.text());

    const [thread] = await db
      .select()
      .from(conversation)
      .where(and(eq(conversation.organizationId, s.org.id), eq(conversation.fromAddress, customer)));
    const turns = await db
      .select()
      .from(message)
      .where(eq(message.conversationId, thread!.id))
      .orderBy(asc(message.seq));
    expect(turns.map((t) => [t.seq, t.role])).toEqual([
      [1, "caller"],
      [2, "agent"],
      [3, "caller"],
      [4, "agent"],
    ]);
    expect(turns[0]!.text).toBe("hi, what are your hours?");
    expect(formatForSms(turns[1]!.text)).toBe(firstReply);
    expect(formatForSms(turns[3]!.text)).toBe(secondReply);
    // What the thread shows is what went out: one reply per inbound text, nothing else.
    const out = (await messagesOf(s.org.id)).filter((m) => m.direction === "out").map((m) => m.body);
    expect(out.sort()).toEqual([firstReply, secondReply].sort());
  });

  it("rejects forged and unsigned requests with 403 and writes nothing", async () => {
    const s = await orgWithNumber();
    const { params } = inbound(s, randomUsNumber(650), "hello");
    const wrongKey = twilioSignature("not-the-auth-token-at-all", "http://localhost:3000/api/twilio/sms", params);
    const forged = await smsWebhook(twilioPost("/api/twilio/sms", params, { signature: wrongKey }));
    expect(forged.status).toBe(403);
    const missing = await smsWebhook(twilioPost("/api/twilio/sms", params, { signature: null }));
    expect(missing.status).toBe(403);
    // Signed for other parameters than the ones sent (a tampered body).
    const token = fake.account(s.subaccountSid)!.authToken;
    const tampered = twilioPost(
      "/api/twilio/sms",
      { ...params, Body: "tampered" },
      { token, rawBody: new URLSearchParams(params).toString() },
    );
    expect((await smsWebhook(tampered)).status).toBe(403);
    // Signed for another URL (a replay against a different endpoint).
    const otherUrl = twilioSignature(token, "http://localhost:3000/api/twilio/sms-status", params);
    expect((await smsWebhook(twilioPost("/api/twilio/sms", params, { signature: otherUrl }))).status).toBe(403);
    expect(await messagesBySid(params.MessageSid!)).toEqual([]);
    expect(await messagesOf(s.org.id)).toEqual([]);
  });

  it("accepts the main account's signature too, computed independently of the SDK", async () => {
    const s = await orgWithNumber();
    const { params } = inbound(s, randomUsNumber(650), "main-account signed");
    const signature = twilioSignature(fake.authToken, "http://localhost:3000/api/twilio/sms", params);
    const res = await smsWebhook(twilioPost("/api/twilio/sms", params, { signature }));
    expect(res.status).toBe(200);
    expect(await messagesBySid(params.MessageSid!)).toHaveLength(1);
  });

  it("answers malformed bodies with 400 and writes nothing", async () => {
    const s = await orgWithNumber();
    const token = fake.account(s.subaccountSid)!.authToken;
    const { params } = inbound(s, randomUsNumber(650), "hi");
    const { MessageSid: _drop, ...noSid } = params;
    expect((await smsWebhook(twilioPost("/api/twilio/sms", noSid, { token }))).status).toBe(400);
    expect(
      (await smsWebhook(twilioPost("/api/twilio/sms", { ...params, MessageSid: "not-a-sid" }, { token }))).status,
    ).toBe(400);
    const json = twilioPost("/api/twilio/sms", params, {
      token,
      contentType: "application/json",
      rawBody: JSON.stringify(params),
    });
    expect((await smsWebhook(json)).status).toBe(400);
    expect(await messagesOf(s.org.id)).toEqual([]);
  });

  it("treats Twilio's retry of the same MessageSid as the same message", async () => {
    const s = await orgWithNumber();
    const { params, request } = inbound(s, randomUsNumber(650), "Is the gate open on Sunday?");
    const first = await (await smsWebhook(request())).text();
    const second = await (await smsWebhook(request())).text();
    expect(second).toBe(first);
    expect(await messagesBySid(params.MessageSid!)).toHaveLength(1);
    expect(await messagesOf(s.org.id)).toHaveLength(2); // the text and one reply
  });

  it("meters each text the agent answered once (billing usage, idempotent on the MessageSid); keywords are not metered", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const usageOf = () =>
      db
        .select()
        .from(usageRecord)
        .where(and(eq(usageRecord.organizationId, s.org.id), eq(usageRecord.kind, "messages")));
    const one = inbound(s, customer, "what are your hours?");
    await smsWebhook(one.request());
    await smsWebhook(one.request()); // Twilio's retry of the same MessageSid
    const two = inbound(s, customer, "and do you have a 5x10");
    await smsWebhook(two.request());
    await smsWebhook(inbound(s, customer, "HELP").request());
    const rows = await usageOf();
    expect(rows.map((r) => r.sourceId).sort()).toEqual(
      [`sms:${one.params.MessageSid}`, `sms:${two.params.MessageSid}`].sort(),
    );
    expect(rows.every((r) => r.quantity === 1)).toBe(true);
  });
});

describe("SMS keywords and opt-outs", () => {
  it("STOP opts out: no reply, and outbound texts are refused without calling Twilio; START re-enables", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const stop = await smsWebhook(inbound(s, customer, " stop ").request());
    expect(stop.status).toBe(200);
    expect(twimlMessages(await stop.text())).toEqual([]);
    expect(
      await db
        .select()
        .from(smsOptOut)
        .where(and(eq(smsOptOut.organizationId, s.org.id), eq(smsOptOut.phone, customer))),
    ).toHaveLength(1);

    const sentBefore = fake.messages.length;
    const refused = await sendSms({ organizationId: s.org.id, to: customer, body: "Your unit is ready" });
    expect(refused).toMatchObject({ ok: false, reason: "opted_out" });
    expect(refused.ok ? "" : refused.message).toMatch(/opted out/);
    expect(fake.messages.length).toBe(sentBefore);
    expect((await messagesOf(s.org.id)).filter((m) => m.direction === "out")).toEqual([]);

    // A normal text from an opted-out phone is stored but gets no reply.
    const quiet = await smsWebhook(inbound(s, customer, "what are your hours").request());
    expect(twimlMessages(await quiet.text())).toEqual([]);

    const start = await smsWebhook(inbound(s, customer, "START").request());
    expect(twimlMessages(await start.text())).toEqual([]);
    const sent = await sendSms({ organizationId: s.org.id, to: customer, body: "Welcome back" });
    expect(sent).toMatchObject({ ok: true, duplicate: false });
    expect(fake.messagesTo(customer)).toHaveLength(1);
  });

  it("every carrier opt-out keyword opts out, and UNSTOP/YES opt back in", async () => {
    const s = await orgWithNumber();
    for (const word of ["STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "REVOKE", "OPTOUT"]) {
      const phone = randomUsNumber(650);
      await smsWebhook(inbound(s, phone, word.toLowerCase()).request());
      expect(await sendSms({ organizationId: s.org.id, to: phone, body: "x" }), word).toMatchObject({
        ok: false,
        reason: "opted_out",
      });
      await smsWebhook(inbound(s, phone, word === "END" ? "UNSTOP" : "yes").request());
      expect(await sendSms({ organizationId: s.org.id, to: phone, body: "x" }), word).toMatchObject({ ok: true });
    }
  });

  it("HELP answers with the organization's name and contact", async () => {
    const s = await orgWithNumber();
    const owner = await callerFor(s.org.owner);
    const customer = randomUsNumber(650);
    const before = twimlMessages(await (await smsWebhook(inbound(s, customer, "HELP").request())).text());
    expect(before).toHaveLength(1);
    expect(before[0]).toContain(`Org ${s.org.slug}`);
    expect(before[0]).toContain(s.number.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, "($1) $2-$3"));
    expect(before[0]).toContain("Reply STOP to opt out");

    await owner.phoneNumbers.updateSettings({ voiceMode: "gather", supportContact: "call (555) 010-2000" });
    const after = twimlMessages(await (await smsWebhook(inbound(s, customer, "help").request())).text());
    expect(after[0]).toContain("call (555) 010-2000");
  });
});

describe("outbound SMS through Twilio", () => {
  it("sends once per idempotency key and records delivery status from signed callbacks", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const key = `reservation-confirmation:${customer}`;
    const first = await sendSms({
      organizationId: s.org.id,
      to: customer,
      body: "Your reservation is confirmed.",
      idempotencyKey: key,
    });
    const again = await sendSms({
      organizationId: s.org.id,
      to: customer,
      body: "Your reservation is confirmed.",
      idempotencyKey: key,
    });
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    if (!first.ok || !again.ok) throw new Error("unreachable");
    expect(again.id).toBe(first.id);
    expect(fake.messagesTo(customer)).toHaveLength(1);
    const sent = fake.messagesTo(customer)[0]!;
    expect(sent).toMatchObject({ from: s.number, accountSid: s.subaccountSid, body: "Your reservation is confirmed." });
    expect(sent.statusCallback).toBe(`http://localhost:3000/api/twilio/sms-status?smsId=${first.id}`);

    expect(await fake.settled()).toEqual([]);
    expect(callbackResponses.slice(-2)).toEqual([204, 204]);
    const [row] = await db.select().from(smsMessage).where(eq(smsMessage.id, first.id));
    expect(row).toMatchObject({ twilioSid: sent.sid, status: "delivered", direction: "out" });
    expect(row!.statusHistory.map((h) => h.status)).toEqual(
      expect.arrayContaining(["pending", "queued", "sent", "delivered"]),
    );

    // Out of order or replayed callbacks never move the status backwards.
    const params = {
      MessageSid: sent.sid,
      AccountSid: s.subaccountSid,
      MessageStatus: "sent",
      From: s.number,
      To: customer,
    };
    const path = `/api/twilio/sms-status?smsId=${first.id}`;
    const late = await smsStatusWebhook(twilioPost(path, params, { token: fake.account(s.subaccountSid)!.authToken }));
    expect(late.status).toBe(204);
    const [after] = await db.select().from(smsMessage).where(eq(smsMessage.id, first.id));
    expect(after!.status).toBe("delivered");
  });

  it("rejects a forged status callback with 403 and changes nothing", async () => {
    const s = await orgWithNumber();
    const customer = randomUsNumber(650);
    const res = await sendSms({ organizationId: s.org.id, to: customer, body: "Gate code reminder" });
    if (!res.ok) throw new Error(res.message);
    await fake.settled();
    const [before] = await db.select().from(smsMessage).where(eq(smsMessage.id, res.id));
    const params = {
      MessageSid: res.twilioSid!,
      AccountSid: s.subaccountSid,
      MessageStatus: "failed",
      ErrorCode: "30003",
    };
    const forged = await smsStatusWebhook(
      twilioPost(`/api/twilio/sms-status?smsId=${res.id}`, params, { signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }),
    );
    expect(forged.status).toBe(403);
    const unsigned = await smsStatusWebhook(
      twilioPost(`/api/twilio/sms-status?smsId=${res.id}`, params, { signature: null }),
    );
    expect(unsigned.status).toBe(403);
    const [after] = await db.select().from(smsMessage).where(eq(smsMessage.id, res.id));
    expect(after).toEqual(before);
  });

  it("refuses invalid numbers and reports Twilio errors as a failed message", async () => {
    const s = await orgWithNumber();
    expect(await sendSms({ organizationId: s.org.id, to: "12", body: "x" })).toMatchObject({
      ok: false,
      reason: "invalid_number",
    });
    expect(await sendSms({ organizationId: s.org.id, to: randomUsNumber(650), body: "   " })).toMatchObject({
      ok: false,
      reason: "invalid_body",
    });
    const other = await seedOrganization();
    expect(await sendSms({ organizationId: other.id, to: randomUsNumber(650), body: "x" })).toMatchObject({
      ok: false,
      reason: "no_sender_number",
    });
    // Twilio refuses a From the account no longer owns (error 21606): the message is kept as failed.
    const owner = await callerFor(s.org.owner);
    const gone = fake.addNumber(randomUsNumber(415), s.subaccountSid);
    const attached = await owner.phoneNumbers.attach({ phoneNumber: gone.phoneNumber });
    fake.removeNumber(gone.sid);
    const failed = await sendSms({ organizationId: s.org.id, to: randomUsNumber(650), body: "x", from: attached.e164 });
    expect(failed).toMatchObject({ ok: false, reason: "failed" });
    expect(failed.ok ? "" : failed.message).toContain("21606");
    const [row] = await db
      .select()
      .from(smsMessage)
      .where(eq(smsMessage.id, failed.ok ? "" : failed.id!));
    expect(row).toMatchObject({ status: "failed", errorCode: "21606" });
  });
});
