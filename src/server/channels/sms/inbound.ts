import { and, desc, eq } from "drizzle-orm";

import { respond, startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { conversation, smsMessage } from "@/server/db/schema";

/**
 * One inbound text that is not a keyword, already stored as an sms_message row (direction "in",
 * twilio_sid = messageSid) by the SMS webhook before this is called: one agent turn.
 *
 * A phone's texts to one of our numbers form one conversation (an SMS thread), reopened while its
 * last message is less than 24 hours old; after that a new conversation starts. The turn's
 * idempotency key is the MessageSid, so a retried delivery never makes a second turn.
 */
export interface InboundText {
  organizationId: string;
  facilityId: string | null;
  from: string;
  to: string;
  body: string;
  messageSid: string;
}

export interface InboundReply {
  /** The reply to send back as TwiML <Message>, or null for none. */
  text: string | null;
  conversationId: string | null;
}

export const SMS_THREAD_WINDOW_MS = 24 * 60 * 60 * 1000;

async function openThread(input: InboundText, now: Date): Promise<{ conversationId: string; started: boolean }> {
  const [recent] = await withOrg(input.organizationId, (tx) =>
    tx
      .select({ id: conversation.id, status: conversation.status, updatedAt: conversation.updatedAt })
      .from(conversation)
      .where(
        and(
          eq(conversation.organizationId, input.organizationId),
          eq(conversation.channel, "sms"),
          eq(conversation.fromAddress, input.from),
          eq(conversation.toAddress, input.to),
        ),
      )
      .orderBy(desc(conversation.startedAt))
      .limit(1),
  );
  if (recent && recent.status === "active" && now.getTime() - recent.updatedAt.getTime() < SMS_THREAD_WINDOW_MS) {
    return { conversationId: recent.id, started: false };
  }
  // No greeting: the customer's text opened the thread and our first text is the answer to it, so
  // the transcript holds only what was actually sent.
  const started = await startConversation({
    organizationId: input.organizationId,
    channel: "sms",
    greet: false,
    facilityId: input.facilityId,
    fromAddress: input.from,
    toAddress: input.to,
    // The first MessageSid names the thread: a retried first text finds the same conversation.
    externalId: `sms:${input.from}:${input.to}:${input.messageSid}`,
    now,
  });
  return { conversationId: started.conversationId, started: !started.duplicate };
}

export async function handleInboundText(input: InboundText, now = new Date()): Promise<InboundReply> {
  const thread = await openThread(input, now);
  await withOrg(input.organizationId, (tx) =>
    tx
      .update(smsMessage)
      .set({ conversationId: thread.conversationId })
      .where(and(eq(smsMessage.organizationId, input.organizationId), eq(smsMessage.twilioSid, input.messageSid))),
  );
  const turn = await respond({
    organizationId: input.organizationId,
    conversationId: thread.conversationId,
    text: input.body,
    idempotencyKey: `sms:${input.messageSid}`,
    now,
  });
  // The engine has published the new thread and this turn to live dashboards.
  return { text: turn.sms || null, conversationId: thread.conversationId };
}
