import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db, withOrg } from "@/server/db/client";
import { message, webhookDelivery } from "@/server/db/schema";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { publicText } from "@/server/read-model/conversation";

import { callerFor, type TestOrg } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { randomUsNumber } from "../twilio-webhooks";

import { api, seedApiOrg } from "./helpers";

/**
 * Calls, conversations and text messages through the public API: real conversations played through
 * the agent engine, every answer checked against the OpenAPI document (helpers.api), and nothing an
 * integrator must not see (gate codes, card numbers) in what is served.
 */
let org: TestOrg;
let key: string;
let facilityId: string;
const phone = randomUsNumber(512);
let gateCode: string;
let callId: string;
let smsId: string;
let playgroundId: string;

async function play(channel: "voice" | "sms" | "playground", utterances: string[], from: string | null = phone) {
  const start = await startConversation({
    organizationId: org.id,
    channel,
    facilityId,
    fromAddress: from,
    toAddress: "+15125550100",
    greet: channel !== "sms",
    now: OPEN_NOW,
  });
  let n = 0;
  for (const text of utterances)
    await respond({
      organizationId: org.id,
      conversationId: start.conversationId,
      text,
      now: OPEN_NOW,
      brain: "default",
      idempotencyKey: `${start.conversationId}:${n++}`,
    });
  return start.conversationId;
}

beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
  const seeded = await seedAgentFacility(org.id);
  facilityId = seeded.facility.id;
  const rental = await withOrg(org.id, async (tx) => {
    const r = await createReservation(
      tx,
      org.id,
      { label: "test" },
      {
        unitTypeId: seeded.unitTypes.small.id,
        moveInDate: "2030-01-15",
        channel: "web",
        customer: { name: "Dana Owner", phone },
      },
      { now: OPEN_NOW },
    );
    return convertToMoveIn(tx, org.id, { label: "test" }, { reservationId: r.reservation.id });
  });
  gateCode = rental.gateCode;
  await (
    await callerFor(org.owner)
  ).webhooks.create({ url: "http://127.0.0.1:9/hook", eventTypes: ["message.received"] });
  callId = await play("voice", [
    "what are your hours",
    "i forgot my gate code",
    "dana owner",
    "my card is 4111 1111 1111 1111",
  ]);
  smsId = await play("sms", ["what's my gate code", "dana owner"]);
  playgroundId = await play("playground", ["what are your hours"]);
});

describe("calls and conversations", () => {
  it("lists calls with their transcript in order, and gets one", async () => {
    const list = await api(key, "GET", "/calls");
    expect(list.status).toBe(200);
    expect(list.body.data!.map((c) => c.id)).toEqual([callId]);
    const call = await api(key, "GET", `/calls/${callId}`);
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({
      id: callId,
      channel: "voice",
      direction: "inbound",
      from: phone,
      facility_id: facilityId,
      status: "active",
      turn_count: 4,
    });
    const transcript = call.body.transcript as { role: string; text: string; at: string }[];
    expect(transcript.map((t) => t.role)).toEqual([
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
    ]);
    expect(transcript[1]!.text).toBe("what are your hours");
    expect(transcript[5]!.text).toBe("dana owner");
    expect(list.body.data![0]).toEqual(call.body);
  });

  it("serves no gate code and no card number; the stored transcript holds none either (issue 20, item 1)", async () => {
    const staffView = await (await callerFor(org.owner)).calls.get({ id: callId });
    expect(JSON.stringify(staffView.messages)).not.toContain(gateCode);
    // The gate-code path ran: by default the code is texted to the phone on file, never said (issue 20, item 1).
    expect(JSON.stringify(staffView.messages)).toContain("texted your gate code to the phone number on your account");
    for (const path of [
      `/calls/${callId}`,
      "/calls",
      `/conversations/${smsId}`,
      "/conversations",
      `/messages?conversation_id=${smsId}`,
      "/messages",
    ]) {
      const body = JSON.stringify((await api(key, "GET", path)).body);
      expect(body, path).not.toContain(gateCode);
      expect(body, path).not.toMatch(/4111/);
    }
    const call = await api(key, "GET", `/calls/${callId}`);
    const texts = (call.body.transcript as { text: string }[]).map((t) => t.text);
    expect(texts).toContain("my card is [card number]");
    expect(texts[6]).toMatch(/texted your gate code to the phone number on your account/);
    const sms = await api(key, "GET", `/conversations/${smsId}`);
    expect((sms.body.transcript as { text: string }[])[3]!.text).toMatch(
      /texted your gate code to the phone number on your account/,
    );
    // However the code is written out.
    expect(
      publicText(`It's ${gateCode.split("").join(" ")}, or ${gateCode.slice(0, 3)}-${gateCode.slice(3)}.`, [gateCode]),
    ).toBe("It's [gate code], or [gate code].");
  });

  it("/conversations has every channel but the playground; /calls only phone calls", async () => {
    const all = await api(key, "GET", "/conversations");
    expect(all.body.data!.map((c) => c.id).sort()).toEqual([callId, smsId].sort());
    expect(JSON.stringify(all.body)).not.toContain(playgroundId);
    expect((await api(key, "GET", `/conversations/${playgroundId}`)).status).toBe(404);
    expect((await api(key, "GET", `/calls/${smsId}`)).status).toBe(404);
    const sms = await api(key, "GET", `/conversations/${smsId}`);
    // The thread holds only what was sent: the customer's texts and the replies, no greeting.
    expect((sms.body.transcript as { role: string }[]).map((t) => t.role)).toEqual([
      "caller",
      "agent",
      "caller",
      "agent",
    ]);
    expect((await api(key, "GET", "/conversations?channel=sms")).body.data!.map((c) => c.id)).toEqual([smsId]);
  });

  it("filters by phone, facility, status, outcome, lead and start time, and pages with cursors", async () => {
    const ids = async (q: string) => (await api(key, "GET", `/conversations?${q}`)).body.data!.map((c) => c.id);
    expect((await ids(`phone=${encodeURIComponent(phone.slice(2))}`)).sort()).toEqual([callId, smsId].sort());
    expect(await ids("phone=%2B15125550000")).toEqual([]);
    expect((await ids(`facility_id=${facilityId}`)).length).toBe(2);
    expect(await ids("status=ended")).toEqual([]);
    expect(await ids(`lead_id=${crypto.randomUUID()}`)).toEqual([]);
    expect(await ids(`started_since=${encodeURIComponent(new Date(OPEN_NOW.getTime() + 1000).toISOString())}`)).toEqual(
      [],
    );
    const first = await api(key, "GET", "/conversations?limit=1");
    const second = await api(key, "GET", `/conversations?limit=1&cursor=${first.body.next_cursor}`);
    expect([...first.body.data!, ...second.body.data!].map((c) => c.id).sort()).toEqual([callId, smsId].sort());
    expect(second.body.next_cursor).toBeNull();
    for (const q of [
      "channel=playground",
      "outcome=bogus",
      "status=done",
      "lead_id=x",
      "started_since=today",
      "phone=12",
    ]) {
      expect((await api(key, "GET", `/conversations?${q}`)).status, q).toBe(400);
    }
  });
});

describe("messages", () => {
  it("lists an SMS thread's texts newest first, a reply before the text it answers, and gets one", async () => {
    const list = await api(key, "GET", `/messages?conversation_id=${smsId}`);
    expect(list.status).toBe(200);
    const msgs = list.body.data! as {
      id: string;
      direction: string;
      role: string;
      from: string;
      to: string;
      text: string;
      channel: string;
    }[];
    expect(msgs.map((m) => [m.direction, m.role])).toEqual([
      ["outbound", "agent"],
      ["inbound", "caller"],
      ["outbound", "agent"],
      ["inbound", "caller"],
    ]);
    expect(msgs[3]).toMatchObject({ channel: "sms", from: phone, to: "+15125550100", text: "what's my gate code" });
    expect(msgs[0]).toMatchObject({ from: "+15125550100", to: phone });
    expect((await api(key, "GET", `/messages/${msgs[3]!.id}`)).body).toEqual(msgs[3]);
    // Voice turns are a call's transcript, not messages.
    const [voiceTurn] = await db.select().from(message).where(eq(message.conversationId, callId)).limit(1);
    expect((await api(key, "GET", `/messages/${voiceTurn!.id}`)).status).toBe(404);
    expect((await api(key, "GET", "/messages")).body.data!.every((m) => m.conversation_id === smsId)).toBe(true);
  });

  it("pages one message at a time through the whole thread exactly once", async () => {
    const all = (await api(key, "GET", `/messages?conversation_id=${smsId}`)).body.data!.map((m) => m.id);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const r: Awaited<ReturnType<typeof api>> = await api(
        key,
        "GET",
        `/messages?conversation_id=${smsId}&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...r.body.data!.map((m) => m.id as string));
      cursor = r.body.next_cursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(all);
  });

  it("filters by direction, phone, channel and time, and refuses another list's cursor", async () => {
    const inbound = await api(key, "GET", "/messages?direction=inbound");
    expect(inbound.body.data!.map((m) => m.text)).toEqual(["dana owner", "what's my gate code"]);
    expect((await api(key, "GET", "/messages?direction=outbound&channel=chat")).body.data).toEqual([]);
    expect((await api(key, "GET", `/messages?phone=${encodeURIComponent(phone)}`)).body.data).toHaveLength(4);
    expect(
      (
        await api(
          key,
          "GET",
          `/messages?created_since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        )
      ).body.data,
    ).toEqual([]);
    const foreign = Buffer.from(JSON.stringify({ t: "1", i: crypto.randomUUID() })).toString("base64url");
    expect((await api(key, "GET", `/messages?cursor=${foreign}`)).status).toBe(400);
    expect((await api(key, "GET", "/messages?channel=voice")).status).toBe(400);
  });

  it("records message.received for each customer text, in the public JSON, once per text even when retried", async () => {
    const rows = await db
      .select()
      .from(webhookDelivery)
      .where(and(eq(webhookDelivery.organizationId, org.id), eq(webhookDelivery.eventType, "message.received")));
    // Two customer texts in the SMS thread; the phone call's and the playground's words are not messages.
    expect(rows).toHaveLength(2);
    const data = rows.map((r) => (r.payload as { data: Record<string, unknown> }).data);
    expect(data.map((d) => d.text).sort()).toEqual(["dana owner", "what's my gate code"]);
    const served = (await api(key, "GET", "/messages?direction=inbound")).body.data!;
    expect(data.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      served.sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );

    await respond({
      organizationId: org.id,
      conversationId: smsId,
      text: "dana owner",
      now: OPEN_NOW,
      brain: "default",
      idempotencyKey: `${smsId}:1`,
    });
    const again = await db
      .select()
      .from(webhookDelivery)
      .where(and(eq(webhookDelivery.organizationId, org.id), eq(webhookDelivery.eventType, "message.received")));
    expect(again).toHaveLength(2);
  });
});
