import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { closeIdleChats } from "@/server/channels/close-idle";
import { db } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import { workflowAdmin } from "@/server/jobs/client";
import { workflowIds } from "@/server/jobs/names";

import { setUpWorkflowTests } from "../jobs-harness";
import { chatJson, say, seedChatOrg, startChat } from "./helpers";

/**
 * A web chat has no hang-up: a thread quiet for half an hour is closed by the sweep like a finished
 * call and gets its post-conversation work; the visitor's next message starts a new thread.
 */
setUpWorkflowTests({ timeScale: 0.05 });

describe("idle web chats", () => {
  it("closes a quiet thread with its outcome and duration, runs post-conversation work, leaves fresh ones open, and refuses new messages with 409", async () => {
    const w = await seedChatOrg([]);
    const quiet = await startChat(w.key);
    await say(w.key, quiet.conversationId, quiet.token, "how much is a 10x10?");
    const fresh = await startChat(w.key);
    await say(w.key, fresh.conversationId, fresh.token, "what are your hours?");
    // Last activity 40 minutes ago, two minutes after the start (set on the system connection, as time passing would).
    const lastActivity = new Date(Date.now() - 40 * 60_000);
    await db
      .update(conversation)
      .set({ startedAt: new Date(lastActivity.getTime() - 120_000), updatedAt: lastActivity })
      .where(eq(conversation.id, quiet.conversationId));

    const { closed } = await closeIdleChats();
    expect(closed).toBeGreaterThanOrEqual(1);
    const [row] = await db.select().from(conversation).where(eq(conversation.id, quiet.conversationId));
    expect(row).toMatchObject({
      status: "ended",
      providerStatus: "idle",
      durationSeconds: 120,
      outcome: "question_answered",
    });
    const [open] = await db
      .select({ status: conversation.status })
      .from(conversation)
      .where(eq(conversation.id, fresh.conversationId));
    expect(open?.status).toBe("active");

    // The post-conversation workflow ran for it (summary written).
    await (await workflowAdmin()).retrieveWorkflow(workflowIds.postConversation(quiet.conversationId)).getResult();
    const [after] = await db
      .select({ summary: conversation.summary })
      .from(conversation)
      .where(eq(conversation.id, quiet.conversationId));
    expect(after?.summary).toBeTruthy();

    // The history still reads (status ended); a new message is refused so the widget starts a new thread.
    const history = await chatJson("GET", `/${w.key}/conversations/${quiet.conversationId}`, { token: quiet.token });
    expect(history.body).toMatchObject({ status: "ended" });
    const again = await say(w.key, quiet.conversationId, quiet.token, "are you still there?");
    expect(again.res.status).toBe(409);
    expect(((await again.res.json()) as { type: string }).type).toBe(
      "https://storage-agent.dev/problems/conversation-ended",
    );
    // A second sweep does not close it again.
    await closeIdleChats();
    const [still] = await db
      .select({ endedAt: conversation.endedAt })
      .from(conversation)
      .where(eq(conversation.id, quiet.conversationId));
    expect(still?.endedAt?.getTime()).toBe(row!.endedAt!.getTime());
  }, 120_000);
});
