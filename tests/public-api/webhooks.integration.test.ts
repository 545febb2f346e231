import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db, withOrg } from "@/server/db/client";
import { emailOutbox, webhookDelivery, webhookEndpoint } from "@/server/db/schema";
import { deliverDue } from "@/server/webhooks/deliver";
import { emitEvent } from "@/server/webhooks/emit-event";
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from "@/server/webhooks/retry-schedule";
import { verify } from "@/server/webhooks/signature";

import { callerFor, seedOrganization, type TestOrg } from "../factories";

/**
 * A local receiver that verifies Standard Webhooks signatures exactly as docs/api.md tells
 * integrators to, answers 500 to the first `failFirst` attempts of each event, and records what it
 * accepted. Time is moved through deliverDue's `now`, never by sleeping.
 */
interface Receiver {
  url: string;
  secret: string;
  accepted: Map<string, { type: string; data: Record<string, unknown> }[]>;
  attempts: Map<string, number>;
  badSignatures: number;
  failFirst: number;
  server: Server;
}

async function startReceiver(failFirst: number): Promise<Receiver> {
  const r: Receiver = {
    url: "",
    secret: "",
    accepted: new Map(),
    attempts: new Map(),
    badSignatures: 0,
    failFirst,
    server: null as unknown as Server,
  };
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const h = (n: string) => (req.headers[n] as string | undefined) ?? null;
      if (
        !verify(
          r.secret,
          { id: h("webhook-id"), timestamp: h("webhook-timestamp"), signature: h("webhook-signature") },
          body,
        )
      ) {
        r.badSignatures++;
        res.writeHead(401).end("bad signature");
        return;
      }
      const id = h("webhook-id")!;
      const n = (r.attempts.get(id) ?? 0) + 1;
      r.attempts.set(id, n);
      if (n <= r.failFirst) {
        res.writeHead(500).end("not yet");
        return;
      }
      r.accepted.set(id, [...(r.accepted.get(id) ?? []), JSON.parse(body)]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks`;
  return r;
}

let org: TestOrg;
let receiver: Receiver;
let endpointId: string;

beforeAll(async () => {
  org = await seedOrganization();
  receiver = await startReceiver(2);
  const created = await (
    await callerFor(org.owner)
  ).webhooks.create({ url: receiver.url, eventTypes: ["lead.created", "reservation.created"] });
  receiver.secret = created.secret;
  endpointId = created.id;
  expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
});
afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

/** Runs deliverDue for this organization at a moving clock until nothing is pending. */
async function drain(orgId: string, start = Date.now(), rounds = 20) {
  let now = start;
  for (let i = 0; i < rounds; i++) {
    await deliverDue({ organizationId: orgId, now: new Date(now) });
    const pending = await db
      .select()
      .from(webhookDelivery)
      .where(and(eq(webhookDelivery.organizationId, orgId), eq(webhookDelivery.status, "pending")));
    if (pending.length === 0) return now;
    now = Math.max(...pending.map((p) => p.nextAttemptAt!.getTime())) + 1000;
  }
  return now;
}

describe("outbound webhooks", () => {
  it("records deliveries only for subscribed event types, inside the caller's transaction", async () => {
    const skipped = await withOrg(org.id, (tx) => emitEvent(tx, org.id, "call.completed", { id: "c1" }));
    expect(skipped.deliveries).toBe(0);
    await withOrg(org.id, async (tx) => {
      await emitEvent(tx, org.id, "lead.created", { id: "rolled-back" });
      throw new Error("abort");
    }).catch(() => undefined);
    const rows = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(rows).toEqual([]);
  });

  it("a receiver failing the first attempts still sees each event exactly once, signed", async () => {
    const events = [];
    for (let i = 0; i < 5; i++) {
      const type = i % 2 ? "reservation.created" : "lead.created";
      events.push(await withOrg(org.id, (tx) => emitEvent(tx, org.id, type, { id: `obj-${i}`, n: i })));
    }
    await drain(org.id);
    // Running again later must not send anything twice.
    await deliverDue({ organizationId: org.id, now: new Date(Date.now() + 86_400_000) });

    const rows = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    expect(rows).toHaveLength(5);
    expect(receiver.badSignatures).toBe(0);
    for (const row of rows) {
      expect(row.status).toBe("succeeded");
      expect(row.attemptCount).toBe(3);
      expect(row.lastResponseStatus).toBe(204);
      expect(row.requestHeaders?.["webhook-id"]).toBe(row.id);
      expect(receiver.attempts.get(row.id)).toBe(3);
      expect(receiver.accepted.get(row.id)).toHaveLength(1);
    }
    const bodies = [...receiver.accepted.values()].map((v) => v[0]!);
    expect(bodies.map((b) => b.data.n).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(bodies.find((b) => b.data.n === 1)!.type).toBe("reservation.created");
    const [ep] = await db.select().from(webhookEndpoint).where(eq(webhookEndpoint.id, endpointId));
    expect(ep!.failingSince).toBeNull();
    void events;
  });

  it("two senders at once never send the same attempt twice", async () => {
    const o = await seedOrganization();
    const rec = await startReceiver(0);
    const ep = await (await callerFor(o.owner)).webhooks.create({ url: rec.url, eventTypes: ["lead.updated"] });
    rec.secret = ep.secret;
    for (let i = 0; i < 10; i++) await withOrg(o.id, (tx) => emitEvent(tx, o.id, "lead.updated", { i }));
    await Promise.all([
      deliverDue({ organizationId: o.id }),
      deliverDue({ organizationId: o.id }),
      deliverDue({ organizationId: o.id }),
    ]);
    expect([...rec.attempts.values()]).toEqual(Array(10).fill(1));
    await new Promise<void>((resolve) => rec.server.close(() => resolve()));
  });

  it("gives up after the schedule, disables an endpoint failing for 3 days, tells the owners; resend works", async () => {
    const o = await seedOrganization();
    const rec = await startReceiver(1_000);
    const owner = await callerFor(o.owner);
    const ep = await owner.webhooks.create({ url: rec.url, eventTypes: ["lead.created"] });
    rec.secret = ep.secret;
    await withOrg(o.id, (tx) => emitEvent(tx, o.id, "lead.created", { id: "doomed" }));
    const start = Date.now();
    const end = await drain(o.id, start, MAX_ATTEMPTS + 2);
    const [failed] = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, o.id));
    expect(failed!.status).toBe("failed");
    expect(failed!.attemptCount).toBe(MAX_ATTEMPTS);
    expect(failed!.lastResponseStatus).toBe(500);
    expect(end - start).toBeGreaterThanOrEqual(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0) * 1000);
    let [state] = await db.select().from(webhookEndpoint).where(eq(webhookEndpoint.id, ep.id));
    expect(state!.enabled).toBe(true);
    expect(state!.failingSince).not.toBeNull();

    // Still failing three days after the first failure: disabled, owners e-mailed once.
    await withOrg(o.id, (tx) => emitEvent(tx, o.id, "lead.created", { id: "later" }));
    await deliverDue({ organizationId: o.id, now: new Date(state!.failingSince!.getTime() + 3 * 86_400_000 + 1000) });
    [state] = await db.select().from(webhookEndpoint).where(eq(webhookEndpoint.id, ep.id));
    expect(state!.enabled).toBe(false);
    expect(state!.disabledAt).not.toBeNull();
    const mail = await db
      .select()
      .from(emailOutbox)
      .where(and(eq(emailOutbox.organizationId, o.id), eq(emailOutbox.kind, "webhook.endpoint_disabled")));
    expect(mail.map((m) => m.to)).toEqual([o.owner.email]);
    expect((await withOrg(o.id, (tx) => emitEvent(tx, o.id, "lead.created", { id: "ignored" }))).deliveries).toBe(0);

    // Fixed receiver, endpoint enabled again, Resend from the log: delivered with the same webhook-id.
    rec.failFirst = 0;
    await owner.webhooks.update({ id: ep.id, enabled: true });
    const log = await owner.webhooks.deliveries({ endpointId: ep.id });
    const original = log.find((d) => (d.payload as { data: { id: string } }).data.id === "doomed")!;
    const resent = await owner.webhooks.resend({ deliveryId: original.id });
    expect(resent.succeeded).toBe(1);
    expect(rec.accepted.get(original.id)).toHaveLength(1);
    await new Promise<void>((resolve) => rec.server.close(() => resolve()));
  });

  it("a customer's text reaches the receiver once as a signed message.received, in the public Message JSON", async () => {
    const o = await seedOrganization();
    const rec = await startReceiver(1);
    const ep = await (await callerFor(o.owner)).webhooks.create({ url: rec.url, eventTypes: ["message.received"] });
    rec.secret = ep.secret;
    const thread = await startConversation({
      organizationId: o.id,
      channel: "sms",
      fromAddress: "+15125550166",
      toAddress: "+15125550100",
      greet: false,
    });
    await respond({
      organizationId: o.id,
      conversationId: thread.conversationId,
      text: "do you have 10x10 units?",
      brain: "default",
      idempotencyKey: "SMtest1",
    });
    await respond({
      organizationId: o.id,
      conversationId: thread.conversationId,
      text: "do you have 10x10 units?",
      brain: "default",
      idempotencyKey: "SMtest1",
    }); // a retry
    await drain(o.id);
    const bodies = [...rec.accepted.values()].flat();
    expect(rec.badSignatures).toBe(0);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({
      type: "message.received",
      data: {
        conversation_id: thread.conversationId,
        channel: "sms",
        direction: "inbound",
        role: "caller",
        from: "+15125550166",
        to: "+15125550100",
        text: "do you have 10x10 units?",
      },
    });
    await new Promise<void>((resolve) => rec.server.close(() => resolve()));
  });

  it("signatures fail for a tampered body, another secret or an old timestamp", async () => {
    const { sign } = await import("@/server/webhooks/signature");
    const secret = "whsec_" + Buffer.from("0123456789abcdef0123456789").toString("base64");
    const ts = Math.floor(Date.now() / 1000);
    const sig = sign(secret, "msg_1", ts, '{"a":1}');
    expect(verify(secret, { id: "msg_1", timestamp: String(ts), signature: sig }, '{"a":1}')).toBe(true);
    expect(verify(secret, { id: "msg_1", timestamp: String(ts), signature: `v1,bogus ${sig}` }, '{"a":1}')).toBe(true);
    expect(verify(secret, { id: "msg_1", timestamp: String(ts), signature: sig }, '{"a":2}')).toBe(false);
    expect(
      verify(
        "whsec_" + Buffer.from("other").toString("base64"),
        { id: "msg_1", timestamp: String(ts), signature: sig },
        '{"a":1}',
      ),
    ).toBe(false);
    expect(
      verify(
        secret,
        { id: "msg_1", timestamp: String(ts - 600), signature: sign(secret, "msg_1", ts - 600, '{"a":1}') },
        '{"a":1}',
      ),
    ).toBe(false);
  });
});
