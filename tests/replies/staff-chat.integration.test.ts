import { randomUUID } from "node:crypto";

import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { auditLog, conversation, message, usageRecord } from "@/server/db/schema";

import { chatJson, say, seedChatOrg, startChat } from "../chat/helpers";
import { callerFor, seedMember, seedOrganization } from "../factories";

/**
 * Taking a live web chat over from the agent (issue 22, item 3): a person's answer is stored as the
 * staff's line and served in the history the widget polls; while they hold the chat the visitor's
 * messages are stored and shown, not answered by the agent (and not metered); handing it back lets
 * the agent answer again.
 */
let w: Awaited<ReturnType<typeof seedChatOrg>>;

const history = async (c: { conversationId: string; token: string }) =>
  (await chatJson("GET", `/${w.key}/conversations/${c.conversationId}`, { token: c.token })).body as {
    handler: string;
    messages: { role: string; text: string }[];
  };

const transcript = (conversationId: string) =>
  db
    .select({ role: message.role, text: message.text })
    .from(message)
    .where(eq(message.conversationId, conversationId))
    .orderBy(asc(message.seq));

beforeAll(async () => {
  w = await seedChatOrg([]);
});

describe("taking over a web chat", () => {
  it("a person answers, the visitor's messages wait for them, and the agent answers again once handed back", async () => {
    const c = await startChat(w.key);
    await say(w.key, c.conversationId, c.token, "do you have climate controlled units?");
    expect((await history(c)).handler).toBe("agent");

    // Any member may answer: a staff member here.
    const staff = await callerFor(await seedMember(w.org, "staff"));
    const clientKey = randomUUID();
    const sent = await staff.replies.sendChat({
      conversationId: c.conversationId,
      body: "Hi, I'm Dana at the desk.",
      clientKey,
    });
    expect(sent).toMatchObject({ duplicate: false });
    // A double click is one line.
    expect(
      await staff.replies.sendChat({ conversationId: c.conversationId, body: "Hi, I'm Dana at the desk.", clientKey }),
    ).toMatchObject({ duplicate: true });

    const h = await history(c);
    expect(h.handler).toBe("staff");
    expect(h.messages.at(-1)).toMatchObject({ role: "staff", text: "Hi, I'm Dana at the desk." });
    expect((await staff.calls.get({ id: c.conversationId })).call.handler).toBe("staff");

    // The visitor's answer is stored and not answered by the agent.
    const held = await say(w.key, c.conversationId, c.token, "great, can I see one today?");
    expect(held.res.status).toBe(200);
    expect(held.events).toEqual([{ event: "done", data: { message: null, duplicate: false, handler: "staff" } }]);
    expect((await transcript(c.conversationId)).slice(-2)).toEqual([
      { role: "staff", text: "Hi, I'm Dana at the desk." },
      { role: "caller", text: "great, can I see one today?" },
    ]);
    const metered = await db
      .select()
      .from(usageRecord)
      .where(and(eq(usageRecord.organizationId, w.org.id), eq(usageRecord.kind, "messages")));
    expect(metered).toHaveLength(1); // the agent's one answer before the take-over

    // Handed back: the agent answers the next message.
    await w.owner.replies.setHandler({ conversationId: c.conversationId, handler: "agent" });
    const answered = await say(w.key, c.conversationId, c.token, "what are your hours?");
    const done = answered.events.at(-1)!;
    expect(done.event).toBe("done");
    expect(done.data).toMatchObject({ handler: "agent", message: { role: "agent" } });
    expect((await history(c)).handler).toBe("agent");

    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, w.org.id), eq(auditLog.targetId, c.conversationId)));
    expect(audits.map((a) => a.action).sort()).toEqual(["chat.sent_by_staff", "conversation.handed_back"]);
  });

  it("takes a chat over without writing, and refuses an ended chat, another channel and another organization's chat", async () => {
    const c = await startChat(w.key);
    await w.owner.replies.setHandler({ conversationId: c.conversationId, handler: "staff" });
    const held = await say(w.key, c.conversationId, c.token, "hello?");
    expect(held.events.at(-1)!.data).toMatchObject({ message: null, handler: "staff" });

    await db.update(conversation).set({ status: "ended" }).where(eq(conversation.id, c.conversationId));
    await expect(
      w.owner.replies.sendChat({ conversationId: c.conversationId, body: "Still there?" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("ended"),
    });
    await expect(w.owner.replies.sendChat({ conversationId: c.conversationId, body: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    const [call] = await db
      .insert(conversation)
      .values({ organizationId: w.org.id, channel: "voice", fromAddress: "+15125550100" })
      .returning();
    await expect(w.owner.replies.sendChat({ conversationId: call!.id, body: "hi" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    const other = await seedOrganization();
    const stranger = await callerFor(other.owner);
    const live = await startChat(w.key);
    await expect(stranger.replies.sendChat({ conversationId: live.conversationId, body: "hi" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      stranger.replies.setHandler({ conversationId: live.conversationId, handler: "staff" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await transcript(live.conversationId)).map((m) => m.role)).toEqual(["agent"]);
  });
});
