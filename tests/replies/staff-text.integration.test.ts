import { randomBytes, randomUUID } from "node:crypto";

import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { receiveSms } from "@/server/channels/sms/receive-sms";
import { sendStaffText } from "@/server/channels/sms/staff-text";
import { db, withOrg } from "@/server/db/client";
import { auditLog, conversation, message, smsMessage } from "@/server/db/schema";
import { optOut } from "@/server/integrations/sms/opt-out";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { callerFor, seedOrganization, type TestOrg } from "../factories";
import { seedFacility } from "../inventory/helpers";
import { randomUsNumber } from "../twilio-webhooks";

/**
 * Replying from the dashboard (issue 22, item 3): a text to a customer goes through sendSms (the
 * outbox here: no Twilio), opens a thread the staff hold, the customer's answer reaches the
 * transcript and not the agent, and handing it back lets the agent answer again. Opt-out and
 * quiet hours refuse.
 */
let org: TestOrg;
let owner: Awaited<ReturnType<typeof callerFor>>;
let ourNumber: string;
const sid = () => `SM${randomBytes(16).toString("hex")}`;

async function customerWithPhone(name: string) {
  const phone = randomUsNumber(512);
  const { customer } = await owner.customers.upsert({ name, phone });
  return { id: customer.id, phone: customer.phone! };
}

async function transcript(conversationId: string) {
  return db
    .select({ role: message.role, text: message.text })
    .from(message)
    .where(eq(message.conversationId, conversationId))
    .orderBy(asc(message.seq));
}

beforeAll(async () => {
  org = await seedOrganization();
  owner = await callerFor(org.owner);
  const { facility } = await seedFacility(org.id);
  ourNumber = randomUsNumber(737);
  await owner.phoneNumbers.attach({ phoneNumber: ourNumber, facilityId: facility.id });
  // Quiet hours are tested below with a fixed clock; here texts may go at any time of the day the suite runs.
  await withOrg(org.id, (tx) => saveAutomationSettings(tx, org.id, { quietHours: { start: "00:00", end: "24:00" } }));
});

describe("replies", () => {
  it("texts a customer: the outbox holds it, a staff thread shows it, and it is audited", async () => {
    const c = await customerWithPhone("Tess Text");
    const status = await owner.replies.textStatus({ customerId: c.id });
    expect(status).toMatchObject({ phone: c.phone, canSend: true, blocker: null });

    const sent = await owner.replies.sendText({ customerId: c.id, body: "Hi Tess, your unit is ready." });
    expect(sent).toMatchObject({ status: "outbox", duplicate: false });
    const [sms] = await db.select().from(smsMessage).where(eq(smsMessage.id, sent.smsId));
    expect(sms).toMatchObject({ direction: "out", to: c.phone, from: ourNumber, body: "Hi Tess, your unit is ready." });
    expect(sms!.conversationId).toBe(sent.conversationId);
    const [thread] = await db.select().from(conversation).where(eq(conversation.id, sent.conversationId));
    expect(thread).toMatchObject({
      channel: "sms",
      direction: "outbound",
      handler: "staff",
      fromAddress: c.phone,
      toAddress: ourNumber,
      customerId: c.id,
    });
    expect(await transcript(sent.conversationId)).toEqual([{ role: "staff", text: "Hi Tess, your unit is ready." }]);
    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.targetId, sent.conversationId)));
    expect(audits.map((a) => a.action)).toContain("sms.sent_by_staff");
  });

  it("sends once per client key", async () => {
    const c = await customerWithPhone("Dee Double");
    const clientKey = randomUUID();
    const first = await owner.replies.sendText({ customerId: c.id, body: "Once", clientKey });
    const second = await owner.replies.sendText({ customerId: c.id, body: "Once", clientKey });
    expect(second).toMatchObject({ smsId: first.smsId, duplicate: true });
    const rows = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, org.id), eq(smsMessage.to, c.phone)));
    expect(rows).toHaveLength(1);
    expect(await transcript(first.conversationId)).toHaveLength(1);
  });

  it("the customer's answer reaches the staff's thread, not the agent, until it is handed back", async () => {
    const c = await customerWithPhone("Rhea Reply");
    const sent = await owner.replies.sendText({ customerId: c.id, body: "Can you come by today?" });

    const twiml = await receiveSms({ MessageSid: sid(), From: c.phone, To: ourNumber, Body: "Yes, at 3pm" });
    expect(twiml).not.toContain("<Message>");
    expect(await transcript(sent.conversationId)).toEqual([
      { role: "staff", text: "Can you come by today?" },
      { role: "caller", text: "Yes, at 3pm" },
    ]);

    await owner.replies.setHandler({ conversationId: sent.conversationId, handler: "agent" });
    const answered = await receiveSms({ MessageSid: sid(), From: c.phone, To: ourNumber, Body: "what are your hours" });
    expect(answered).toContain("<Message>");
    const lines = await transcript(sent.conversationId);
    expect(lines.slice(2).map((l) => l.role)).toEqual(["caller", "agent"]);

    // Taken over again from the dashboard: the agent is silent once more.
    await owner.replies.setHandler({ conversationId: sent.conversationId, handler: "staff" });
    const silent = await receiveSms({ MessageSid: sid(), From: c.phone, To: ourNumber, Body: "thanks" });
    expect(silent).not.toContain("<Message>");
    expect((await transcript(sent.conversationId)).at(-1)).toEqual({ role: "caller", text: "thanks" });
  });

  it("refuses a phone that replied STOP", async () => {
    const c = await customerWithPhone("Stu Stop");
    await withOrg(org.id, (tx) => optOut(tx, org.id, c.phone, "STOP"));
    expect(await owner.replies.textStatus({ customerId: c.id })).toMatchObject({
      canSend: false,
      blocker: "opted_out",
    });
    await expect(owner.replies.sendText({ customerId: c.id, body: "Hello?" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("STOP"),
    });
    const rows = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, org.id), eq(smsMessage.to, c.phone)));
    expect(rows).toHaveLength(0);
  });

  it("refuses in quiet hours unless the customer texted in the last hour", async () => {
    const quiet = await seedOrganization();
    const q = await callerFor(quiet.owner);
    const { facility } = await seedFacility(quiet.id);
    const number = randomUsNumber(737);
    await q.phoneNumbers.attach({ phoneNumber: number, facilityId: facility.id });
    const phone = randomUsNumber(512);
    const { customer } = await q.customers.upsert({ name: "Nina Night", phone });
    const actor = { label: quiet.owner.email };
    // 03:00 in Chicago (the facility's zone): outside the default 08:00–21:00.
    const night = new Date("2026-03-10T09:00:00Z");
    await expect(
      sendStaffText(quiet.id, actor, { customerId: customer.id, body: "Late hello" }, night),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Quiet hours") });

    // She texted us a few minutes before: our answer is a reply, not a cold text.
    await db.insert(smsMessage).values({
      organizationId: quiet.id,
      direction: "in",
      from: phone,
      to: number,
      body: "are you open?",
      status: "received",
      statusHistory: [],
      createdAt: new Date(night.getTime() - 5 * 60_000),
    });
    const sent = await sendStaffText(quiet.id, actor, { customerId: customer.id, body: "Opening at 8" }, night);
    expect(sent.status).toBe("outbox");
  });

  it("takes over only text threads", async () => {
    const [call] = await db
      .insert(conversation)
      .values({ organizationId: org.id, channel: "voice", fromAddress: randomUsNumber(512), toAddress: ourNumber })
      .returning();
    await expect(owner.replies.setHandler({ conversationId: call!.id, handler: "staff" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
