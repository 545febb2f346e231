import { randomUUID } from "node:crypto";

import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import { withOrg } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { publish } from "@/server/realtime/publish";

import { appendThreadLine } from "../staff-thread";

/** The widget's own limit for a visitor's message; a person's answer keeps to it too. */
export const MAX_STAFF_CHAT_CHARS = 1000;

export const ZStaffChat = z.object({
  conversationId: z.uuid(),
  body: z
    .string()
    .trim()
    .min(1, "Write the message first.")
    .max(MAX_STAFF_CHAT_CHARS, `Keep messages under ${MAX_STAFF_CHAT_CHARS} characters.`),
  /** Makes a retried or double-clicked send one message. */
  clientKey: z.uuid().optional(),
});
export type StaffChatInput = z.input<typeof ZStaffChat>;

/**
 * A person at the operator answers a visitor in a live web chat (issue 22, "take over a live chat").
 * The line is stored in the transcript as `staff` and the thread becomes the staff's
 * (`handler = 'staff'`): the visitor's next messages are stored and shown live, not answered by the
 * agent, until someone hands the chat back. The widget shows the line when it next fetches the
 * history (it polls while open, docs/web-chat.md). A chat that has ended cannot be answered: the
 * visitor has no open thread to read it in.
 */
export async function sendStaffChat(organizationId: string, actor: Actor, raw: StaffChatInput, now = new Date()) {
  const input = ZStaffChat.parse(raw);
  const key = `staff:${input.clientKey ?? randomUUID()}`;
  const result = await withOrg(organizationId, async (tx) => {
    const [c] = await tx
      .select({ channel: conversation.channel, status: conversation.status, handler: conversation.handler })
      .from(conversation)
      .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, input.conversationId)))
      .for("update");
    if (!c) throw notFound("Conversation");
    if (c.channel !== "chat") throw new DomainError("BAD_REQUEST", "This conversation is not a web chat.");
    if (c.status !== "active")
      throw new DomainError("CONFLICT", "This chat has ended: the visitor is no longer there to read an answer.");
    const seq = await appendThreadLine(tx, {
      organizationId,
      conversationId: input.conversationId,
      role: "staff",
      text: input.body,
      idempotencyKey: key,
      now,
      handler: "staff",
    });
    if (seq === null) return { seq: null, tookOver: false };
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "chat.sent_by_staff",
      targetType: "conversation",
      targetId: input.conversationId,
      data: { seq, tookOver: c.handler !== "staff" },
    });
    return { seq, tookOver: c.handler !== "staff" };
  });
  if (result.seq !== null)
    await publish(
      organizationId,
      { type: "message.created", conversationId: input.conversationId, seq: result.seq },
      ...(result.tookOver ? [{ type: "conversation.updated" as const, conversationId: input.conversationId }] : []),
    );
  return { conversationId: input.conversationId, seq: result.seq, duplicate: result.seq === null };
}
