/**
 * Conversation rows and their messages. A turn takes the conversation row with SELECT ... FOR
 * UPDATE, so two deliveries of the same turn (a provider retry racing the original) run one after
 * the other and the second finds the first's idempotency key.
 */
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";

import type { Transaction } from "@/server/db/client";
import { conversation, message, type ToolCallRecord, type TurnTimings } from "@/server/db/schema";

import { configVersionSql } from "./facility-facts";

export type ConversationRow = typeof conversation.$inferSelect;
export type MessageRow = typeof message.$inferSelect;

/**
 * The conversation row, locked for the turn, with in the same round trip the organization's config
 * version (FacilityFacts uses it to decide whether its shared cache is current) and, given a turn's
 * idempotency key, whether this conversation may already have a caller message under it (`retried`:
 * then findTurnByKey looks, in a statement of its own; a first delivery pays nothing more).
 */
export async function lockConversation(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  idempotencyKey?: string | null,
): Promise<(ConversationRow & { configVersion: string; retried: boolean }) | null> {
  // Sub-selects see the statement's snapshot, taken before the lock was granted. When a concurrent
  // delivery held the lock, the row returned is the version it committed (its turn_count moved on)
  // while `retried` still reflects the earlier snapshot: then ask again in a new statement.
  const seen = sql<number>`(select c.turn_count from conversation c where c.organization_id = ${organizationId} and c.id = ${conversationId})`;
  const stored = sql<boolean>`exists (select 1 from message k where k.organization_id = ${organizationId} and k.idempotency_key = ${idempotencyKey ?? null} and k.conversation_id = ${conversationId})`;
  const [row] = await tx
    .select({ ...getTableColumns(conversation), configVersion: configVersionSql(organizationId), stored: idempotencyKey ? stored : sql<boolean>`false`, seenTurnCount: seen })
    .from(conversation)
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)))
    .for("update");
  if (!row) return null;
  const { stored: storedThen, seenTurnCount, ...rest } = row;
  return { ...rest, retried: Boolean(idempotencyKey) && (storedThen || seenTurnCount !== row.turnCount) };
}

export async function findByExternalId(tx: Transaction, organizationId: string, channel: ConversationRow["channel"], externalId: string) {
  const [row] = await tx
    .select()
    .from(conversation)
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.channel, channel), eq(conversation.externalId, externalId)));
  return row ?? null;
}

/** The caller message stored under `key` and the agent reply that followed it. */
export async function findTurnByKey(tx: Transaction, organizationId: string, conversationId: string, key: string) {
  const [caller] = await tx.select().from(message).where(and(eq(message.organizationId, organizationId), eq(message.idempotencyKey, key)));
  if (!caller || caller.conversationId !== conversationId) return null;
  const [agent] = await tx
    .select()
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId), eq(message.seq, caller.seq + 1)));
  return agent ? { caller, agent } : null;
}

export interface NewMessage {
  role: "caller" | "agent";
  text: string;
  intent?: string | null;
  confidence?: number | null;
  entities?: unknown[] | null;
  toolCalls?: ToolCallRecord[] | null;
  brain?: "default" | "llm" | null;
  timings?: TurnTimings | null;
  idempotencyKey?: string | null;
}

/**
 * Appends messages after the conversation's last one. The sequence numbers are computed inside
 * the INSERT (one round trip); the caller holds the conversation row lock, so no one else appends.
 */
export async function insertMessages(tx: Transaction, organizationId: string, conversationId: string, rows: NewMessage[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(message)
    .values(rows.map((r, i) => ({ organizationId, conversationId, seq: sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conversationId}) + ${i + 1}`, ...r })))
    .returning({ seq: message.seq });
  return inserted.map((r) => r.seq).sort((a, b) => a - b);
}

export type ConversationChanges = PgUpdateSetSource<typeof conversation>;

/**
 * Stores a turn in ONE round trip: appends `rows` (as insertMessages does), applies `changes` to the
 * conversation row and writes `state` with `lastAgentSeq` set, inside the statement, to the seq of
 * the last message appended. With `asyncCommit` the transaction may commit without waiting for the
 * WAL flush, and with `notifyChannel` each message's realtime event goes out at commit (both set
 * here, so neither costs a round trip of its own). Returns the new seqs.
 */
export async function saveTurn(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  rows: NewMessage[],
  changes: ConversationChanges,
  state: object,
  opts: { asyncCommit: boolean; notifyChannel?: string | null },
): Promise<number[]> {
  const values = rows.map((r, i) => ({ organizationId, conversationId, seq: sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conversationId}) + ${i + 1}`, ...r }));
  const inserted = tx.insert(message).values(values).returning({ seq: message.seq });
  const updated = tx
    .update(conversation)
    .set({ ...changes, state: sql`jsonb_set(${JSON.stringify(state)}::jsonb, '{lastAgentSeq}', (select to_jsonb(max(seq)) from m))` })
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)));
  const res = await tx.execute<{ seq: number }>(
    sql`with m as (${inserted.getSQL()}), u as (${updated.getSQL()}) select seq${opts.asyncCommit ? sql`, set_config('synchronous_commit', 'off', true)` : sql``}${
      // A realtime Envelope (realtime/events.ts) per message, delivered by Postgres at commit.
      opts.notifyChannel
        ? sql`, pg_notify(${opts.notifyChannel}, json_build_object('o', ${organizationId}::text, 'e', json_build_object('type', 'message.created', 'conversationId', ${conversationId}::text, 'seq', seq))::text)`
        : sql``
    } from m order by seq`,
  );
  return res.rows.map((r) => Number(r.seq));
}

/** Recent messages, oldest first: the LLM brain's context. */
export async function recentMessages(tx: Transaction, organizationId: string, conversationId: string, limit = 20): Promise<MessageRow[]> {
  const rows = await tx
    .select()
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId)))
    .orderBy(sql`${message.seq} desc`)
    .limit(limit);
  return rows.reverse();
}

export async function listMessages(tx: Transaction, organizationId: string, conversationId: string): Promise<MessageRow[]> {
  return tx.select().from(message).where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId))).orderBy(asc(message.seq));
}
