import { and, asc, eq, lt } from "drizzle-orm";

import { endConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import { startPostConversation } from "@/server/jobs/calls";
import { log } from "@/server/log";
import { publish } from "@/server/realtime/publish";

/**
 * A web chat has no hang-up: a thread quiet for CHAT_IDLE_MINUTES is closed like a finished call
 * (outcome, duration up to the last message, a lead from a name and number left behind) and its
 * post-conversation work starts (summary, call.completed webhook, follow-ups). A visitor who writes
 * again after that starts a new thread (the endpoint answers 409 and the widget starts one).
 * Runs on the system connection: the sweep is not done on behalf of one organization; each close
 * then runs inside that organization's own transaction.
 */
export const CHAT_IDLE_MINUTES = 30;
const BATCH = 200;

export async function closeIdleChats(now = new Date(), idleMinutes = CHAT_IDLE_MINUTES): Promise<{ closed: number }> {
  const cutoff = new Date(now.getTime() - idleMinutes * 60_000);
  const idle = await db
    .select({ id: conversation.id, organizationId: conversation.organizationId, startedAt: conversation.startedAt, updatedAt: conversation.updatedAt })
    .from(conversation)
    .where(and(eq(conversation.channel, "chat"), eq(conversation.status, "active"), lt(conversation.updatedAt, cutoff)))
    .orderBy(asc(conversation.updatedAt))
    .limit(BATCH);
  let closed = 0;
  for (const c of idle) {
    try {
      const durationSeconds = Math.max(0, Math.round((c.updatedAt.getTime() - c.startedAt.getTime()) / 1000));
      await endConversation({ organizationId: c.organizationId, conversationId: c.id, providerStatus: "idle", durationSeconds, now });
      await publish(c.organizationId, { type: "conversation.ended", conversationId: c.id });
      await startPostConversation(c.id, c.organizationId);
      closed++;
    } catch (err) {
      // One bad row must not stop the sweep; it is retried on the next run.
      log.error({ err: String(err), conversationId: c.id }, "could not close an idle chat");
    }
  }
  return { closed };
}
