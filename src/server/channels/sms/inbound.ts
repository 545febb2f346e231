import { and, desc, eq } from "drizzle-orm";

import { respond, startConversation } from "@/server/agent/engine";
import { redactSecrets } from "@/server/agent/secrets";
import { withOrg, type Executor } from "@/server/db/client";
import { conversation, smsMessage } from "@/server/db/schema";

import { recordIfStaffHandles } from "@/server/channels/staff-thread";

/**
 * One inbound text that is not a keyword, already stored as an sms_message row (direction "in",
 * twilio_sid = messageSid, with its open thread's conversation when it had one) by the SMS webhook
 * before this is called: one agent turn.
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
  /** The open thread the text was stored with (openThread), or null to start one. */
  conversationId: string | null;
  /**
   * The agent answered that thread when the text was stored (its handler, read with it). Otherwise
   * (staff held it, or unknown: a redelivery) the handler is checked under a lock before the turn.
   */
  agentHandled?: boolean;
}

export interface InboundReply {
  /** The reply to send back as TwiML <Message>, or null for none. */
  text: string | null;
  /** The same reply as stored: a gate code it gives is a placeholder (agent/secrets.ts). */
  stored: string | null;
  conversationId: string | null;
}

export const SMS_THREAD_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The phone's open SMS thread with our number: its last conversation, while still active and its
 * last message less than 24 hours old, with who answers it (the agent, or staff who took it over).
 * Called inside the transaction that stores the inbound text, so the text is stored with its
 * conversation in one statement, and the agent's turn needs no second look at the handler.
 */
export async function openThread(
  tx: Executor,
  input: Pick<InboundText, "organizationId" | "from" | "to">,
  now: Date,
): Promise<{ id: string; handler: string } | null> {
  const [recent] = await tx
    .select({
      id: conversation.id,
      status: conversation.status,
      updatedAt: conversation.updatedAt,
      handler: conversation.handler,
    })
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
    .limit(1);
  return recent && recent.status === "active" && now.getTime() - recent.updatedAt.getTime() < SMS_THREAD_WINDOW_MS
    ? { id: recent.id, handler: recent.handler }
    : null;
}

/** The open thread's id (openThread), or null. */
export async function openThreadOf(
  tx: Executor,
  input: Pick<InboundText, "organizationId" | "from" | "to">,
  now: Date,
): Promise<string | null> {
  return (await openThread(tx, input, now))?.id ?? null;
}

/** A new thread for a text that found none open; the stored text is attached to it. */
async function startThread(input: InboundText, now: Date): Promise<string> {
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
  await withOrg(input.organizationId, (tx) =>
    tx
      .update(smsMessage)
      .set({ conversationId: started.conversationId })
      .where(and(eq(smsMessage.organizationId, input.organizationId), eq(smsMessage.twilioSid, input.messageSid))),
  );
  return started.conversationId;
}

export async function handleInboundText(input: InboundText, now = new Date()): Promise<InboundReply> {
  // A thread a person took over from the dashboard: they answer, the agent stays silent.
  if (
    input.conversationId &&
    !input.agentHandled &&
    (await recordIfStaffHandles(
      { organizationId: input.organizationId, body: input.body, idempotencyKey: `sms:${input.messageSid}` },
      input.conversationId,
      now,
    ))
  )
    return { text: null, stored: null, conversationId: input.conversationId };
  const conversationId = input.conversationId ?? (await startThread(input, now));
  const turn = await respond({
    organizationId: input.organizationId,
    conversationId,
    text: input.body,
    idempotencyKey: `sms:${input.messageSid}`,
    now,
  });
  // The engine has published the new thread and this turn to live dashboards.
  const text = turn.sms || null;
  return { text, stored: text && redactSecrets(text, turn.secrets ?? []), conversationId };
}
