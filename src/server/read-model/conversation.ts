import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { conversation, message, type ToolCallRecord } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { revealedGateCodes, scrubSecrets } from "./scrub-secrets";

import { cursorMicros } from "./cursor";
import { toConversation, toMessage, toTranscriptTurn, type TranscriptRow } from "./serializers";

/**
 * Conversations and their messages for the public API and the call.completed / message.received
 * webhooks. The dashboard shows staff everything (src/server/calls); an integrator's copy leaves
 * out what only the verified customer and staff may see: gate codes the agent read out, which the
 * transcript keeps for staff. Card numbers are redacted when stored; redacting again here also
 * covers rows written before that rule.
 */

/** Playground sessions are the dashboard's rehearsals, not customers': never served. */
export const notPlayground = ne(conversation.channel, "playground");

/** Gate codes get_account returned anywhere in these turns. */
const gateCodesOf = (toolCalls: (ToolCallRecord[] | null)[]) =>
  revealedGateCodes(toolCalls.flatMap((calls) => (calls ?? []).map((c) => c.result)));

/** The text an integrator may read: card numbers and gate codes (known ones, and any in talk about a gate code) replaced. */
export const publicText = (text: string, gateCodes: string[]) => scrubSecrets(text, gateCodes);

/** Only tool calls that can hold a gate code are read: the others (search results, quotes) can be large. */
const mayHoldGateCode = sql`${message.toolCalls} @> '[{"name":"get_account"}]'::jsonb`;

/** Gate codes per conversation. */
async function gateCodesByConversation(tx: Executor, organizationId: string, conversationIds: string[]) {
  const out = new Map<string, string[]>();
  if (!conversationIds.length) return out;
  const rows = await tx
    .select({ conversationId: message.conversationId, toolCalls: message.toolCalls })
    .from(message)
    .where(
      and(
        eq(message.organizationId, organizationId),
        inArray(message.conversationId, conversationIds),
        mayHoldGateCode,
      ),
    );
  for (const id of conversationIds)
    out.set(id, gateCodesOf(rows.filter((r) => r.conversationId === id).map((r) => r.toolCalls)));
  return out;
}

export function selectConversations(tx: Executor, where: SQL | undefined) {
  return tx
    .select({ c: conversation, cursorMicros: cursorMicros(conversation.createdAt), id: conversation.id })
    .from(conversation)
    .where(and(notPlayground, where));
}

/** Conversation rows to their public JSON, each with its transcript in order (one query for all). */
export async function withTranscripts(
  tx: Executor,
  organizationId: string,
  rows: (typeof conversation.$inferSelect)[],
) {
  const ids = rows.map((r) => r.id);
  const turns: (TranscriptRow & { conversationId: string; toolCalls: ToolCallRecord[] | null })[] = ids.length
    ? await tx
        .select({
          conversationId: message.conversationId,
          role: message.role,
          text: message.text,
          createdAt: message.createdAt,
          interrupted: message.interrupted,
          toolCalls: sql<ToolCallRecord[] | null>`case when ${mayHoldGateCode} then ${message.toolCalls} end`,
        })
        .from(message)
        .where(and(eq(message.organizationId, organizationId), inArray(message.conversationId, ids)))
        .orderBy(asc(message.conversationId), asc(message.seq))
    : [];
  const byConversation = new Map<string, typeof turns>();
  for (const t of turns)
    (byConversation.get(t.conversationId) ?? byConversation.set(t.conversationId, []).get(t.conversationId)!).push(t);
  return rows.map((c) => {
    const own = byConversation.get(c.id) ?? [];
    const codes = gateCodesOf(own.map((t) => t.toolCalls));
    return toConversation(
      c,
      own.map((t) => ({ ...t, text: publicText(t.text, codes) })),
    );
  });
}

/** The public JSON of one conversation; also what call.completed carries as `data`. */
export async function loadConversationJson(tx: Executor, organizationId: string, conversationId: string, where?: SQL) {
  const [row] = await selectConversations(
    tx,
    and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId), where),
  );
  if (!row) throw notFound("Conversation");
  return (await withTranscripts(tx, organizationId, [row.c]))[0]!;
}

/** Messages are the texts of SMS threads and web chats; a phone call's words are its transcript. */
export const TEXT_CHANNELS = ["sms", "chat"] as const;

export function selectMessages(tx: Executor, where: SQL | undefined) {
  return tx
    .select({
      m: {
        id: message.id,
        conversationId: message.conversationId,
        role: message.role,
        text: message.text,
        createdAt: message.createdAt,
      },
      c: { channel: conversation.channel, fromAddress: conversation.fromAddress, toAddress: conversation.toAddress },
      cursorMicros: cursorMicros(message.createdAt),
      cursorSeq: message.seq,
      id: message.id,
    })
    .from(message)
    .innerJoin(
      conversation,
      and(eq(conversation.id, message.conversationId), eq(conversation.organizationId, message.organizationId)),
    )
    .where(
      and(
        inArray(conversation.channel, [...TEXT_CHANNELS]),
        inArray(message.role, ["caller", "agent", "staff"]),
        where,
      ),
    );
}

type MessageRow = Awaited<ReturnType<typeof selectMessages>>[number];

/** Message rows to their public JSON, gate codes removed per conversation. */
export async function toMessages(tx: Executor, organizationId: string, rows: MessageRow[]) {
  const codes = await gateCodesByConversation(tx, organizationId, [...new Set(rows.map((r) => r.m.conversationId))]);
  return rows.map((r) => toMessage({ ...r.m, text: publicText(r.m.text, codes.get(r.m.conversationId) ?? []) }, r.c));
}

/** The public JSON of one message; also what message.received carries as `data`. */
export async function loadMessageJson(tx: Executor, organizationId: string, where: SQL) {
  const [row] = await selectMessages(tx, and(eq(message.organizationId, organizationId), where));
  if (!row) throw notFound("Message");
  return (await toMessages(tx, organizationId, [row]))[0]!;
}

/** One transcript line by its sequence number (GraphQL's turnAdded), gate codes removed. */
export async function loadTurnJson(tx: Executor, organizationId: string, conversationId: string, seq: number) {
  const [row] = await tx
    .select({ role: message.role, text: message.text, createdAt: message.createdAt, interrupted: message.interrupted })
    .from(message)
    .innerJoin(
      conversation,
      and(eq(conversation.id, message.conversationId), eq(conversation.organizationId, message.organizationId)),
    )
    .where(
      and(
        eq(message.organizationId, organizationId),
        eq(message.conversationId, conversationId),
        eq(message.seq, seq),
        notPlayground,
      ),
    );
  if (!row) return null;
  const codes = (await gateCodesByConversation(tx, organizationId, [conversationId])).get(conversationId) ?? [];
  return toTranscriptTurn({ ...row, text: publicText(row.text, codes) });
}
