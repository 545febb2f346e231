import "server-only";

import { createHash, randomBytes } from "node:crypto";

import { and, asc, eq, inArray } from "drizzle-orm";

import { startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { conversation, message } from "@/server/db/schema";

import { ApiProblem } from "@/server/http/problem";
import type { ChatWidgetAccess } from "./widget-access";
import { isUuid } from "@/lib/uuid";

/**
 * A visitor's chat thread. Starting one returns a conversation token (32 random bytes) that only the
 * visitor's browser holds: the conversation's external id stores the widget id and a SHA-256 of the
 * token, so a thread is readable only with its token through the widget that started it.
 */
const TOKEN_PATTERN = /^ct_[A-Za-z0-9_-]{43}$/;

const externalIdFor = (widgetId: string, token: string) =>
  `chat:${widgetId}:${createHash("sha256").update(token).digest("hex")}`;

export function widgetGreeting(widget: Pick<ChatWidgetAccess, "greeting" | "facilityName">): string {
  return widget.greeting?.trim() || `Hi! This is the ${widget.facilityName} assistant. How can I help you today?`;
}

export interface ChatMessage {
  seq: number;
  /** `staff`: a person at the operator who took the chat over from the agent. */
  role: "visitor" | "agent" | "staff";
  text: string;
  at: string;
}

export async function startChat(widget: ChatWidgetAccess) {
  const token = "ct_" + randomBytes(32).toString("base64url");
  const turn = await startConversation({
    organizationId: widget.organizationId,
    channel: "chat",
    facilityId: widget.facilityId,
    externalId: externalIdFor(widget.id, token),
    // Stored as the first agent message, so the transcript holds exactly what the widget showed.
    greeting: widgetGreeting(widget),
  });
  return { conversationId: turn.conversationId, token, messages: await chatHistory(widget, turn.conversationId) };
}

/** The conversation if `authorization` carries its token for this widget; 401 otherwise (nothing tells the cases apart). */
export async function authorizeConversation(
  widget: ChatWidgetAccess,
  conversationId: string,
  authorization: string | null,
): Promise<{ id: string; status: "active" | "ended"; handler: "agent" | "staff" }> {
  const token = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  const refuse = () =>
    new ApiProblem(
      "invalid-conversation-token",
      "Send the conversation token from the start of the chat as `Authorization: Bearer ct_...`.",
    );
  if (!token || !TOKEN_PATTERN.test(token) || !isUuid(conversationId)) throw refuse();
  const [row] = await withOrg(widget.organizationId, (tx) =>
    tx
      .select({ id: conversation.id, status: conversation.status, handler: conversation.handler })
      .from(conversation)
      .where(
        and(
          eq(conversation.organizationId, widget.organizationId),
          eq(conversation.id, conversationId),
          eq(conversation.channel, "chat"),
          eq(conversation.externalId, externalIdFor(widget.id, token)),
        ),
      ),
  );
  if (!row) throw refuse();
  return row;
}

/** What the visitor and the agent (or a staff member) said, oldest first; internal notes are left out. */
export async function chatHistory(widget: ChatWidgetAccess, conversationId: string): Promise<ChatMessage[]> {
  const rows = await withOrg(widget.organizationId, (tx) =>
    tx
      .select({ seq: message.seq, role: message.role, text: message.text, createdAt: message.createdAt })
      .from(message)
      .where(
        and(
          eq(message.organizationId, widget.organizationId),
          eq(message.conversationId, conversationId),
          inArray(message.role, ["caller", "agent", "staff"]),
        ),
      )
      .orderBy(asc(message.seq)),
  );
  return rows.map((m) => ({
    seq: m.seq,
    role: m.role === "caller" ? "visitor" : m.role === "staff" ? "staff" : "agent",
    text: m.text,
    at: m.createdAt.toISOString(),
  }));
}
