import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { conversation, lead, message, usageRecord, webhookDelivery } from "@/server/db/schema";

import { callerFor } from "../factories";
import { chat, chatJson, say, seedChatOrg, startChat } from "./helpers";

/**
 * The web chat channel's public endpoints (/api/chat/{widget key}/...), called as Next calls them:
 * widget keys, CORS by allowed origins, conversation tokens, the streamed reply, history, leads and
 * isolation between organizations. Rate limits are in rate-limit.integration.test.ts.
 */
const SHOP = "https://shop.example";
let a: Awaited<ReturnType<typeof seedChatOrg>>;
let b: Awaited<ReturnType<typeof seedChatOrg>>;

beforeAll(async () => {
  [a, b] = await Promise.all([seedChatOrg([SHOP]), seedChatOrg([])]);
});

describe("widget key", () => {
  it("answers 401 with a problem document for a malformed or unknown key, and the config for a good one", async () => {
    const malformed = await chatJson("GET", "/not-a-key/config");
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get("content-type")).toBe("application/problem+json");
    expect(malformed.body).toMatchObject({
      type: "https://storage-agent.dev/problems/invalid-widget-key",
      status: 401,
    });
    const unknown = await chatJson("GET", `/pk_chat_${"x".repeat(32)}/config`);
    expect(unknown.status).toBe(401);
    const ok = await chatJson("GET", `/${a.key}/config`, { origin: SHOP });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      facilityName: a.facility.name,
      greeting: `Hi! This is the ${a.facility.name} assistant. How can I help you today?`,
      color: "#2563eb",
      maxMessageChars: 1000,
    });
  });

  it("a rotated key stops working at once; the new one works and keeps the settings", async () => {
    const w = await seedChatOrg([]);
    const c = await startChat(w.key);
    const rotated = await w.owner.chatWidget.rotateKey({ facilityId: w.facility.id });
    expect(rotated.publicKey).not.toBe(w.key);
    expect(rotated.publicKey).toMatch(/^pk_chat_[A-Za-z0-9_-]{32}$/);
    expect((await chatJson("GET", `/${w.key}/config`)).status).toBe(401);
    expect((await chatJson("GET", `/${w.key}/conversations/${c.conversationId}`, { token: c.token })).status).toBe(401);
    expect((await chatJson("GET", `/${rotated.publicKey}/config`)).status).toBe(200);
    // The visitor's thread belongs to the widget, not to the key: it continues under the new key.
    expect(
      (await chatJson("GET", `/${rotated.publicKey}/conversations/${c.conversationId}`, { token: c.token })).status,
    ).toBe(200);
  });

  it("a conversation id that is not a UUID is refused like a wrong token (401), never a 500", async () => {
    const w = await seedChatOrg([]);
    const c = await startChat(w.key);
    for (const id of ["-".repeat(36), `${"0".repeat(34)}-0`, `${c.conversationId.slice(0, 35)}g`]) {
      expect((await chatJson("GET", `/${w.key}/conversations/${id}`, { token: c.token })).status).toBe(401);
      const sent = await chatJson("POST", `/${w.key}/conversations/${id}/messages`, {
        token: c.token,
        body: { text: "hello" },
      });
      expect(sent.status).toBe(401);
    }
  });

  it("a switched-off widget refuses with 403 and the custom greeting and colour are served", async () => {
    const w = await seedChatOrg([]);
    await w.owner.chatWidget.save({
      facilityId: w.facility.id,
      greeting: "Welcome to Oak! Ask me anything.",
      color: "#AA3300",
    });
    const config = await chatJson("GET", `/${w.key}/config`);
    expect(config.body).toMatchObject({ greeting: "Welcome to Oak! Ask me anything.", color: "#aa3300" });
    const c = await startChat(w.key);
    expect(c.messages).toEqual([
      expect.objectContaining({ seq: 1, role: "agent", text: "Welcome to Oak! Ask me anything." }),
    ]);
    await w.owner.chatWidget.save({ facilityId: w.facility.id, enabled: false });
    const off = await chatJson("POST", `/${w.key}/conversations`, { body: {} });
    expect(off.status).toBe(403);
    expect(off.body.type).toBe("https://storage-agent.dev/problems/widget-disabled");
  });

  it("settings refuse bad origins and colours, and staff cannot manage widgets", async () => {
    await expect(
      a.owner.chatWidget.save({ facilityId: a.facility.id, allowedOrigins: ["javascript:alert(1)"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      a.owner.chatWidget.save({ facilityId: a.facility.id, allowedOrigins: [SHOP], color: "red" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const saved = await a.owner.chatWidget.save({
      facilityId: a.facility.id,
      allowedOrigins: [`${SHOP}/some/page`, SHOP],
    });
    expect(saved.allowedOrigins).toEqual([SHOP]);
    expect(saved.publicKey).toBe(a.key);
    const { seedMember } = await import("../factories");
    const staff = await callerFor(await seedMember(a.org, "staff"));
    await expect(staff.chatWidget.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("CORS", () => {
  it("a preflight from an allowed site gets the CORS headers; from another site, 403 without them", async () => {
    const ok = await chat("OPTIONS", `/${a.key}/conversations`, { origin: SHOP });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(ok.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(ok.headers.get("access-control-allow-methods")).toContain("POST");
    const other = await chat("OPTIONS", `/${a.key}/conversations`, { origin: "https://evil.example" });
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("requests from another site are refused; a widget with no list accepts any site", async () => {
    const evil = await chatJson("POST", `/${a.key}/conversations`, { origin: "https://evil.example", body: {} });
    expect(evil.status).toBe(403);
    expect(evil.body.type).toBe("https://storage-agent.dev/problems/origin-not-allowed");
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const allowed = await chatJson("GET", `/${a.key}/config`, { origin: SHOP });
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(allowed.headers.get("vary")).toContain("Origin");
    const any = await chatJson("GET", `/${b.key}/config`, { origin: "https://anywhere.example" });
    expect(any.status).toBe(200);
    expect(any.headers.get("access-control-allow-origin")).toBe("https://anywhere.example");
  });
});

describe("a conversation", () => {
  it("starts with the greeting, streams the reply to a price question and keeps the history", async () => {
    const c = await startChat(a.key, { origin: SHOP });
    expect(c.token).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(c.messages).toHaveLength(1);

    const { res, events } = await say(a.key, c.conversationId, c.token, "how much is a 10x10?", { origin: SHOP });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("access-control-allow-origin")).toBe(SHOP);
    const tokens = events
      .filter((e) => e.event === "token")
      .map((e) => e.data.text)
      .join("");
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const reply = (done.data.message as { text: string }).text;
    expect(tokens).toBe(reply);
    // Chat visitors are quoted the web rate (110.00, not the 120.00 street rate).
    expect(reply).toContain("$110");

    const history = await chatJson("GET", `/${a.key}/conversations/${c.conversationId}`, {
      token: c.token,
      origin: SHOP,
    });
    expect(history.status).toBe(200);
    expect((history.body.messages as { role: string; text: string }[]).map((m) => [m.role, m.text])).toEqual([
      ["agent", c.messages[0]!.text],
      ["visitor", "how much is a 10x10?"],
      ["agent", reply],
    ]);
    // The turn is stored on a chat conversation of the facility, and message.received is recorded for webhooks.
    const [row] = await db.select().from(conversation).where(eq(conversation.id, c.conversationId));
    expect(row).toMatchObject({ organizationId: a.org.id, channel: "chat", facilityId: a.facility.id, turnCount: 1 });
    expect(row!.externalId).not.toContain(c.token);
  });

  it("shows in the dashboard's Calls list of its own organization only", async () => {
    const c = await startChat(a.key, { origin: SHOP });
    await say(a.key, c.conversationId, c.token, "what are your hours?", { origin: SHOP });
    const list = await a.owner.calls.list({ channel: "chat" });
    expect(list.items.map((i: { id: string }) => i.id)).toContain(c.conversationId);
    const listB = await b.owner.calls.list({ channel: "chat" });
    expect(listB.items.map((i: { id: string }) => i.id)).not.toContain(c.conversationId);
  });

  it("a retried send with the same clientMessageId makes one turn", async () => {
    const c = await startChat(b.key);
    const body = { text: "what are your hours?", clientMessageId: "retry-test-0001" };
    const first = await chat("POST", `/${b.key}/conversations/${c.conversationId}/messages`, { token: c.token, body });
    await first.text();
    const again = await chat("POST", `/${b.key}/conversations/${c.conversationId}/messages`, { token: c.token, body });
    expect(await again.text()).toContain('"duplicate":true');
    const rows = await db
      .select({ seq: message.seq })
      .from(message)
      .where(eq(message.conversationId, c.conversationId));
    expect(rows).toHaveLength(3);
    // One answered message, metered once.
    const usage = await db
      .select()
      .from(usageRecord)
      .where(and(eq(usageRecord.organizationId, b.org.id), like(usageRecord.sourceId, `chat:${c.conversationId}:%`)));
    expect(usage.map((u) => [u.kind, u.quantity])).toEqual([["messages", 1]]);
  });

  it("a visitor who leaves a name and number becomes a lead with source chat, through the agent's tools", async () => {
    const c = await startChat(b.key);
    for (const text of ["how much is a 10x10?", "I'd like someone to call me back", "Jane Chatwell", "512 555 0142"]) {
      const { events } = await say(b.key, c.conversationId, c.token, text);
      expect(events.at(-1)?.event).toBe("done");
    }
    const [row] = await db
      .select({ leadId: conversation.leadId })
      .from(conversation)
      .where(eq(conversation.id, c.conversationId));
    expect(row?.leadId).toBeTruthy();
    const [l] = await db.select().from(lead).where(eq(lead.id, row!.leadId!));
    expect(l).toMatchObject({
      organizationId: b.org.id,
      source: "chat",
      facilityId: b.facility.id,
      desiredWidthFt: 10,
      desiredLengthFt: 10,
    });
    const turns = await db
      .select({ toolCalls: message.toolCalls })
      .from(message)
      .where(and(eq(message.conversationId, c.conversationId), eq(message.role, "agent")));
    expect(turns.flatMap((t) => t.toolCalls ?? []).some((t) => t.name === "capture_lead" && t.ok)).toBe(true);
    // The customer's texts are announced to the operator's webhooks (none subscribed here: nothing queued).
    expect(await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, b.org.id))).toHaveLength(0);
  });
});

describe("bad input", () => {
  it("refuses empty, too long, non-JSON and wrongly typed messages, unknown paths and methods, with clear problems", async () => {
    const c = await startChat(b.key);
    const path = `/${b.key}/conversations/${c.conversationId}/messages`;
    const long = await chatJson("POST", path, { token: c.token, body: { text: "x".repeat(1001) } });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({
      type: "https://storage-agent.dev/problems/validation-error",
      detail: "Keep messages under 1000 characters.",
      errors: [{ location: "body", path: "text" }],
    });
    expect((await chatJson("POST", path, { token: c.token, body: { text: "   " } })).status).toBe(400);
    expect((await chatJson("POST", path, { token: c.token, body: { text: 42 } })).status).toBe(400);
    expect((await chatJson("POST", path, { token: c.token, rawBody: "{not json" })).body.type).toBe(
      "https://storage-agent.dev/problems/invalid-json",
    );
    expect((await chatJson("POST", path, { token: c.token, rawBody: "hello", contentType: "text/plain" })).status).toBe(
      415,
    );
    expect(
      (await chatJson("POST", path, { token: c.token, rawBody: JSON.stringify({ text: "y".repeat(20_000) }) })).status,
    ).toBe(413);
    expect((await chatJson("GET", path, { token: c.token })).status).toBe(405);
    expect((await chatJson("GET", `/${b.key}/nothing-here`)).status).toBe(404);
    // Nothing was stored by any of these.
    const rows = await db
      .select({ seq: message.seq })
      .from(message)
      .where(eq(message.conversationId, c.conversationId));
    expect(rows).toHaveLength(1);
  });
});

describe("token ownership and isolation", () => {
  it("a thread is readable and writable only with its own token through its own widget", async () => {
    const mine = await startChat(a.key, { origin: SHOP });
    const other = await startChat(a.key, { origin: SHOP });
    const theirs = await startChat(b.key);
    const history = (key: string, id: string, token?: string) =>
      chatJson("GET", `/${key}/conversations/${id}`, { token, origin: SHOP });
    expect((await history(a.key, mine.conversationId)).status).toBe(401);
    expect((await history(a.key, mine.conversationId, other.token)).status).toBe(401);
    expect((await history(a.key, mine.conversationId, "ct_" + "A".repeat(43))).status).toBe(401);
    expect((await history(a.key, "not-a-uuid", mine.token)).status).toBe(401);
    // B's conversation with B's token but A's key (and the reverse): another organization's thread is not reachable.
    const cross = await history(a.key, theirs.conversationId, theirs.token);
    expect(cross.status).toBe(401);
    expect(JSON.stringify(cross.body)).not.toContain(b.facility.name);
    expect((await history(b.key, mine.conversationId, mine.token)).status).toBe(401);
    const write = await say(b.key, mine.conversationId, mine.token, "hello");
    expect(write.res.status).toBe(401);
    const [row] = await db
      .select({ turnCount: conversation.turnCount })
      .from(conversation)
      .where(eq(conversation.id, mine.conversationId));
    expect(row?.turnCount).toBe(0);
    expect((await history(a.key, mine.conversationId, mine.token)).status).toBe(200);
  });
});
