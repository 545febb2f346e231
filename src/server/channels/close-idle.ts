import { and, asc, eq, lt } from "drizzle-orm";

import { endConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import { startPostConversation } from "@/server/jobs/calls";
import { log } from "@/server/log";
import { publish } from "@/server/realtime/publish";

import { SMS_THREAD_WINDOW_MS } from "./sms/inbound";

/**
 * A web chat and an SMS thread have no hang-up: a thread quiet long enough is closed like a finished
 * call (outcome, duration up to the last message, a lead from a name and number left behind) and its
 * post-conversation work starts (summary, call.completed webhook, follow-ups).
 * - A chat quiet for CHAT_IDLE_MINUTES: a visitor who writes again after that starts a new thread
 *   (the endpoint answers 409 and the widget starts one).
 * - An SMS thread quiet for its whole window (SMS_THREAD_WINDOW_MS, a day): a text after that starts
 *   a new thread anyway (channels/sms/inbound.ts), so closing it changes nothing for the texter.
 * Runs on the system connection: the sweep is not done on behalf of one organization; each close
 * then runs inside that organization's own transaction.
 */
export const CHAT_IDLE_MINUTES = 30;
const SMS_IDLE_MINUTES = SMS_THREAD_WINDOW_MS / 60_000;
const BATCH = 200;

export const closeIdleChats = (now = new Date(), idleMinutes = CHAT_IDLE_MINUTES) =>
  closeIdleThreads("chat", now, idleMinutes);
export const closeIdleSmsThreads = (now = new Date()) => closeIdleThreads("sms", now, SMS_IDLE_MINUTES);

async function closeIdleThreads(channel: "chat" | "sms", now: Date, idleMinutes: number): Promise<{ closed: number }> {
  const cutoff = new Date(now.getTime() - idleMinutes * 60_000);
  const idle = await db
    .select({
      id: conversation.id,
      organizationId: conversation.organizationId,
      startedAt: conversation.startedAt,
      updatedAt: conversation.updatedAt,
    })
    .from(conversation)
    .where(
      and(eq(conversation.channel, channel), eq(conversation.status, "active"), lt(conversation.updatedAt, cutoff)),
    )
    .orderBy(asc(conversation.updatedAt))
    .limit(BATCH);
  let closed = 0;
  for (const c of idle) {
    try {
      const durationSeconds = Math.max(0, Math.round((c.updatedAt.getTime() - c.startedAt.getTime()) / 1000));
      await endConversation({
        organizationId: c.organizationId,
        conversationId: c.id,
        providerStatus: "idle",
        durationSeconds,
        now,
      });
      await publish(c.organizationId, { type: "conversation.ended", conversationId: c.id });
      await startPostConversation(c.id, c.organizationId);
      closed++;
    } catch (err) {
      // One bad row must not stop the sweep; it is retried on the next run.
      log.error({ err: String(err), conversationId: c.id, channel }, "could not close an idle conversation");
    }
  }
  return { closed };
}
