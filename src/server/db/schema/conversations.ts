import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { customer, facility, lead, reservation } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Calls and conversations (one row for a phone call, an SMS thread, a web chat or a playground
 * session) and their messages, turn by turn. The dialogue state lives here so any app process can
 * take the next turn and nothing is lost on a restart.
 */
export const CONVERSATION_CHANNELS = ["voice", "sms", "chat", "playground"] as const;
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];
export const CONVERSATION_OUTCOMES = [
  "reservation",
  "lead",
  "question_answered",
  "transfer",
  "message",
  "abandoned",
] as const;
export type ConversationOutcome = (typeof CONVERSATION_OUTCOMES)[number];
export const MESSAGE_ROLES = ["caller", "agent", "staff", "system"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

export interface ToolCallRecord {
  name: string;
  args: Record<string, unknown>;
  result: unknown;
  ok: boolean;
  ms: number;
}

export interface TurnTimings {
  nluMs?: number;
  toolsMs?: number;
  llmMs?: number;
  firstTokenMs?: number;
  totalMs: number;
}

export const conversation = pgTable(
  "conversation",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid(),
    channel: text({ enum: CONVERSATION_CHANNELS }).notNull(),
    direction: text({ enum: ["inbound", "outbound"] })
      .notNull()
      .default("inbound"),
    /** The provider's id (Twilio CallSid, the SMS thread key, a chat session id): unique per organization and channel. */
    externalId: text(),
    /** The customer's address (E.164 phone for voice and SMS) and ours. */
    fromAddress: text(),
    toAddress: text(),
    customerId: uuid(),
    leadId: uuid(),
    reservationId: uuid(),
    status: text({ enum: ["active", "ended"] })
      .notNull()
      .default("active"),
    /** Provider status, e.g. Twilio's CallStatus (completed, no-answer, busy...). */
    providerStatus: text(),
    handler: text({ enum: ["agent", "staff"] })
      .notNull()
      .default("agent"),
    outcome: text({ enum: CONVERSATION_OUTCOMES }),
    summary: text(),
    sentiment: text({ enum: ["positive", "neutral", "negative"] }),
    language: text().notNull().default("en"),
    state: jsonb()
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    turnCount: integer().notNull().default(0),
    llmPromptTokens: integer().notNull().default(0),
    llmCompletionTokens: integer().notNull().default(0),
    /** Model spend in millionths of a dollar, so cents-level sums stay exact. */
    llmCostMicros: integer().notNull().default(0),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    durationSeconds: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantKey("conversation_org_id_key", t.organizationId, t.id),
    tenantFk("conversation_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "set null"),
    tenantFk("conversation_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "set null"),
    tenantFk("conversation_lead_id_tenant_fk", t.organizationId, t.leadId, lead, "set null"),
    tenantFk("conversation_reservation_id_tenant_fk", t.organizationId, t.reservationId, reservation, "set null"),
    uniqueIndex()
      .on(t.organizationId, t.channel, t.externalId)
      .where(sql`${t.externalId} is not null`),
    index().on(t.organizationId, t.startedAt),
    index().on(t.organizationId, t.status),
    index().on(t.organizationId, t.fromAddress),
    // The header's search finds a caller by any part of their number.
    index("conversation_from_trgm").using("gin", t.fromAddress.op("gin_trgm_ops")),
    // The Calls page's search (src/server/calls/list-calls.ts): a customer's calls, words of the summary.
    index()
      .on(t.organizationId, t.customerId)
      .where(sql`${t.customerId} is not null`),
    index("conversation_summary_trgm").using("gin", t.summary.op("gin_trgm_ops")),
    // Analytics rollups find a lead's or reservation's conversations when those change.
    index()
      .on(t.leadId)
      .where(sql`${t.leadId} is not null`),
    index()
      .on(t.reservationId)
      .where(sql`${t.reservationId} is not null`),
  ],
);

export const message = pgTable(
  "message",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    conversationId: uuid().notNull(),
    seq: integer().notNull(),
    role: text({ enum: MESSAGE_ROLES }).notNull(),
    text: text().notNull(),
    intent: text(),
    confidence: real(),
    entities: jsonb().$type<unknown[]>(),
    toolCalls: jsonb().$type<ToolCallRecord[]>(),
    brain: text({ enum: ["default", "llm"] }),
    timings: jsonb().$type<TurnTimings>(),
    /** A provider's retry carries the same key (CallSid + turn, MessageSid) and never makes a second message. */
    idempotencyKey: text(),
    /** Barge-in: the agent's reply was cut off; text holds what the caller actually heard. */
    interrupted: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("message_conversation_id_tenant_fk", t.organizationId, t.conversationId, conversation, "cascade"),
    uniqueIndex().on(t.conversationId, t.seq),
    uniqueIndex()
      .on(t.organizationId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    index().on(t.organizationId, t.createdAt),
    // Analytics: the questions the agent could not handle, without scanning every turn.
    index("message_unhandled_by_org")
      .on(t.organizationId, t.createdAt)
      .where(sql`${t.role} = 'caller' and ${t.intent} in ('out_of_scope', 'unclear')`),
  ],
);

/**
 * How the agent may give a caller their gate code (Settings > Agent), a gate code being what opens
 * the facility: never (the office gives it); texted only to the phone number on the account (the
 * default: whoever asks, only the account holder's phone receives it); or read out after the caller
 * proves they hold that phone (a one-time code texted to it) or the reservation's confirmation code.
 */
export const GATE_CODE_POLICIES = ["never", "text_on_file", "read_after_code"] as const;
export type GateCodePolicy = (typeof GATE_CODE_POLICIES)[number];

/** Per-organization caller-verification settings. No row: the defaults. */
export const callerVerificationSettings = pgTable("caller_verification_settings", {
  organizationId: organizationId().primaryKey(),
  gateCodePolicy: text({ enum: GATE_CODE_POLICIES }).notNull().default("text_on_file"),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const AGENT_BRAINS = ["default", "llm"] as const;
export type AgentBrainSetting = (typeof AGENT_BRAINS)[number];

/**
 * Which brain answers for an organization. No row: the deployment's OPENAI_* variables decide. The
 * API key is stored encrypted (AES-256-GCM, like gate codes) and never sent back to the browser.
 */
export const agentSettings = pgTable("agent_settings", {
  organizationId: organizationId().primaryKey(),
  brain: text({ enum: AGENT_BRAINS }).notNull().default("default"),
  /** null: the deployment's OPENAI_MODEL. */
  model: text(),
  /** An OpenAI-compatible endpoint; null: the deployment's OPENAI_BASE_URL (or OpenAI itself). */
  baseUrl: text(),
  apiKeyEncrypted: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
