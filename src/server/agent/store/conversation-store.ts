/**
 * Conversation rows and their messages. A turn takes the conversation row with SELECT ... FOR
 * UPDATE, so two deliveries of the same turn (a provider retry racing the original) run one after
 * the other and the second finds the first's idempotency key.
 */
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";

import type { Executor, Transaction } from "@/server/db/client";
import { prepared, rawPrepared } from "@/server/db/prepared";
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
  const [row] = await prepared(tx, "agent_lock_conversation", lockStatement).execute({
    org: organizationId,
    id: conversationId,
    key: idempotencyKey ?? null,
  });
  if (!row) return null;
  const { stored: storedThen, seenTurnCount, ...rest } = row;
  return { ...rest, retried: Boolean(idempotencyKey) && (storedThen || seenTurnCount !== row.turnCount) };
}

function lockStatement(tx: Executor, name: string) {
  const org = sql.placeholder("org");
  const id = sql.placeholder("id");
  // Sub-selects see the statement's snapshot, taken before the lock was granted. When a concurrent
  // delivery held the lock, the row returned is the version it committed (its turn_count moved on)
  // while `retried` still reflects the earlier snapshot: then ask again in a new statement. With no
  // key, `k.idempotency_key = null` matches nothing and `stored` is false.
  const seen = sql<number>`(select c.turn_count from conversation c where c.organization_id = ${org} and c.id = ${id})`;
  const stored = sql<boolean>`exists (select 1 from message k where k.organization_id = ${org} and k.idempotency_key = ${sql.placeholder("key")} and k.conversation_id = ${id})`;
  return tx
    .select({ ...getTableColumns(conversation), configVersion: configVersionSql(org), stored, seenTurnCount: seen })
    .from(conversation)
    .where(and(eq(conversation.organizationId, org), eq(conversation.id, id)))
    .for("update")
    .prepare(name);
}

export async function findByExternalId(
  tx: Transaction,
  organizationId: string,
  channel: ConversationRow["channel"],
  externalId: string,
) {
  const [row] = await tx
    .select()
    .from(conversation)
    .where(
      and(
        eq(conversation.organizationId, organizationId),
        eq(conversation.channel, channel),
        eq(conversation.externalId, externalId),
      ),
    );
  return row ?? null;
}

/** The caller message stored under `key` and the agent reply that followed it. */
export async function findTurnByKey(tx: Transaction, organizationId: string, conversationId: string, key: string) {
  const [caller] = await tx
    .select()
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.idempotencyKey, key)));
  if (!caller || caller.conversationId !== conversationId) return null;
  const [agent] = await tx
    .select()
    .from(message)
    .where(
      and(
        eq(message.organizationId, organizationId),
        eq(message.conversationId, conversationId),
        eq(message.seq, caller.seq + 1),
      ),
    );
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
export async function insertMessages(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  rows: NewMessage[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await tx
    .insert(message)
    .values(
      rows.map((r, i) => ({
        organizationId,
        conversationId,
        seq: sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conversationId}) + ${i + 1}`,
        ...r,
      })),
    )
    .returning({ seq: message.seq });
  return inserted.map((r) => r.seq).sort((a, b) => a - b);
}

/** What a turn changes on its conversation row besides the turn count and the state. */
export interface TurnChanges {
  language: string;
  facilityId: string | null;
  leadId: string | null;
  reservationId: string | null;
  customerId: string | null;
  outcome: ConversationRow["outcome"];
  /** Model usage to add to the conversation's totals (zeros when the default brain answered). */
  usage: { promptTokens: number; completionTokens: number; costMicros: number } | null;
}

/** The caller's message and the agent's reply of one turn. */
export interface TurnMessages {
  caller: Pick<NewMessage, "text" | "intent" | "confidence" | "entities" | "idempotencyKey">;
  agent: Pick<NewMessage, "text" | "intent" | "confidence" | "entities" | "toolCalls" | "brain" | "timings">;
}

/**
 * Stores a turn in ONE round trip: appends the caller's message and the agent's reply (as
 * insertMessages does), applies `changes` to the conversation row, counts the turn and writes
 * `state` with `lastAgentSeq` set, inside the statement, to the reply's seq. With `asyncCommit` the
 * transaction may commit without waiting for the WAL flush, and with `notifyChannel` each message's
 * realtime event goes out at commit (both set here, so neither costs a round trip of its own).
 * Every turn runs this statement, so it is prepared (src/server/db/prepared.ts): one shape, every
 * value a placeholder. Returns the two new seqs.
 */
export async function saveTurn(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  messages: TurnMessages,
  changes: TurnChanges,
  state: object,
  opts: { asyncCommit: boolean; notifyChannel?: string | null },
): Promise<number[]> {
  const { caller, agent } = messages;
  const res = await prepared(tx, "agent_save_turn", saveTurnStatement).execute({
    org: organizationId,
    conv: conversationId,
    callerText: caller.text,
    callerIntent: caller.intent ?? null,
    callerConfidence: caller.confidence ?? null,
    callerEntities: caller.entities ?? null,
    key: caller.idempotencyKey ?? null,
    agentText: agent.text,
    agentIntent: agent.intent ?? null,
    agentConfidence: agent.confidence ?? null,
    agentEntities: agent.entities ?? null,
    toolCalls: agent.toolCalls ?? null,
    brain: agent.brain ?? null,
    timings: agent.timings ?? null,
    language: changes.language,
    facilityId: changes.facilityId,
    leadId: changes.leadId,
    reservationId: changes.reservationId,
    customerId: changes.customerId,
    outcome: changes.outcome,
    promptTokens: changes.usage?.promptTokens ?? 0,
    completionTokens: changes.usage?.completionTokens ?? 0,
    costMicros: changes.usage?.costMicros ?? 0,
    state: JSON.stringify(state),
    asyncCommit: opts.asyncCommit,
    channel: opts.notifyChannel ?? null,
  });
  return (res as unknown as { rows: { seq: number }[] }).rows.map((r) => Number(r.seq));
}

function saveTurnStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  const org = p("org");
  const conv = p("conv");
  const seq = (n: number) =>
    sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conv}) + ${sql.raw(String(n))}`;
  const inserted = tx
    .insert(message)
    .values([
      {
        organizationId: org,
        conversationId: conv,
        seq: seq(1),
        role: "caller",
        text: p("callerText"),
        intent: p("callerIntent"),
        confidence: p("callerConfidence"),
        entities: p("callerEntities"),
        idempotencyKey: p("key"),
      },
      {
        organizationId: org,
        conversationId: conv,
        seq: seq(2),
        role: "agent",
        text: p("agentText"),
        intent: p("agentIntent"),
        confidence: p("agentConfidence"),
        entities: p("agentEntities"),
        toolCalls: p("toolCalls"),
        brain: p("brain"),
        timings: p("timings"),
      },
    ])
    .returning({ seq: message.seq });
  const updated = tx
    .update(conversation)
    .set({
      turnCount: sql`${conversation.turnCount} + 1`,
      language: sql`${p("language")}`,
      facilityId: sql`${p("facilityId")}`,
      leadId: sql`${p("leadId")}`,
      reservationId: sql`${p("reservationId")}`,
      customerId: sql`${p("customerId")}`,
      outcome: sql`${p("outcome")}`,
      llmPromptTokens: sql`${conversation.llmPromptTokens} + ${p("promptTokens")}::int`,
      llmCompletionTokens: sql`${conversation.llmCompletionTokens} + ${p("completionTokens")}::int`,
      llmCostMicros: sql`${conversation.llmCostMicros} + ${p("costMicros")}::int`,
      state: sql`jsonb_set(${p("state")}::jsonb, '{lastAgentSeq}', (select to_jsonb(max(seq)) from m))`,
      // Spelled out: drizzle would fill `$onUpdate`'s new Date() in when building, and this statement
      // is built once per connection.
      updatedAt: sql`now()`,
    })
    .where(and(eq(conversation.organizationId, org), eq(conversation.id, conv)));
  // synchronous_commit is set either way (to itself when the turn wrote something that must be
  // flushed), and a realtime Envelope (realtime/events.ts) per message is delivered by Postgres at
  // commit when a channel is given.
  const statement = sql`with m as (${inserted.getSQL()}), u as (${updated.getSQL()})
    select seq,
      set_config('synchronous_commit', case when ${p("asyncCommit")}::boolean then 'off' else current_setting('synchronous_commit') end, true),
      case when ${p("channel")}::text is not null then pg_notify(${p("channel")}::text, json_build_object('o', ${org}::text, 'e', json_build_object('type', 'message.created', 'conversationId', ${conv}::text, 'seq', seq))::text) end
    from m order by seq`;
  return rawPrepared(tx, statement, name);
}

/** The agent's last replies as stored, newest first (a gate code in one is the placeholder). */
export async function lastAgentReplies(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  limit: number,
): Promise<string[]> {
  const rows = await tx
    .select({ text: message.text })
    .from(message)
    .where(
      and(
        eq(message.organizationId, organizationId),
        eq(message.conversationId, conversationId),
        eq(message.role, "agent"),
      ),
    )
    .orderBy(sql`${message.seq} desc`)
    .limit(limit);
  return rows.map((r) => r.text);
}

/** Recent messages, oldest first: the LLM brain's context. */
export async function recentMessages(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  limit = 20,
): Promise<MessageRow[]> {
  const rows = await tx
    .select()
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId)))
    .orderBy(sql`${message.seq} desc`)
    .limit(limit);
  return rows.reverse();
}

export async function listMessages(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
): Promise<MessageRow[]> {
  return tx
    .select()
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId)))
    .orderBy(asc(message.seq));
}
