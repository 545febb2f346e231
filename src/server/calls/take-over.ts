import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Transaction } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";

/**
 * A person takes a live SMS or web chat thread from the agent, or hands it back (issue 22). While
 * `handler` is "staff" the agent stays silent: the customer's texts and the visitor's messages are
 * stored and shown live, and only people answer (channels/staff-thread.ts; the widget fetches the
 * staff's lines, channels/chat/staff-chat.ts). A phone call is not taken over here: the agent
 * transfers it.
 */
export const ZSetHandler = z.object({ conversationId: z.uuid(), handler: z.enum(["staff", "agent"]) });

export async function setConversationHandler(
  tx: Transaction,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZSetHandler>,
) {
  const input = ZSetHandler.parse(raw);
  const [row] = await tx
    .select({ channel: conversation.channel, status: conversation.status, handler: conversation.handler })
    .from(conversation)
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, input.conversationId)))
    .for("update");
  if (!row) throw notFound("Conversation");
  if (row.channel !== "sms" && row.channel !== "chat")
    throw new DomainError("BAD_REQUEST", "Only a text or web chat thread can be taken over from the agent.");
  if (row.status !== "active") throw new DomainError("CONFLICT", "This conversation has ended.");
  if (row.handler === input.handler) return { conversationId: input.conversationId, handler: row.handler };
  await tx
    .update(conversation)
    .set({ handler: input.handler })
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, input.conversationId)));
  await recordAudit(tx, {
    organizationId,
    actor,
    action: input.handler === "staff" ? "conversation.taken_over" : "conversation.handed_back",
    targetType: "conversation",
    targetId: input.conversationId,
    data: { channel: row.channel },
  });
  return { conversationId: input.conversationId, handler: input.handler };
}
