/**
 * The conversation engine: one entry point for every channel (voice webhook, ConversationRelay,
 * SMS, web chat, the dashboard playground).
 *
 *   startConversation(input)  → the greeting turn (stored as an agent message)
 *   respond(input)            → one caller turn: reply, speech, sms, intent, entities, tool calls, state
 *   respondStream(input)      → the same turn as an async iterator: text tokens, then the AgentTurn
 *   endConversation(input)    → marks the conversation ended and records its outcome
 *
 * State lives in conversation.state; each turn holds the conversation row lock (SELECT ... FOR
 * UPDATE) for its whole transaction, so retries and concurrent deliveries serialise and any app
 * process can take the next turn.
 */
import { redactCardNumbers } from "@/server/agent/nlu";
import { toSpeakable } from "@/server/agent/voice/speakable";
import { formatForSms } from "@/server/agent/voice/sms-text";
import { commitWithLastStatements, withOrg, type Transaction } from "@/server/db/client";
import { rememberConfigVersion } from "@/server/db/org-config-cache";
import { conversation, type ConversationOutcome, type ToolCallRecord, type TurnTimings } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { DomainError, isUniqueViolation } from "@/server/domain/errors";
import { and, eq } from "drizzle-orm";
import { recordAgentError } from "@/server/alerts/agent-errors";
import { turnEventsInStatement } from "@/server/realtime/conversation-events";
import { recordEvent } from "@/server/events/record";

import { defaultBrain, understandTurn, type BrainResult } from "./dialogue/default-brain";
import { say } from "./dialogue/phrases";
import { initialState, readState, type DialogueState } from "./dialogue/state";
import type { TurnEnd } from "./dialogue/turn";
import { llmBrain, llmConfigFor, type LlmUsage } from "./llm/llm-brain";
import { captureLeadIfReadyCtx } from "./dialogue/lead-capture";
import { FacilityFacts } from "./store/facility-facts";
import {
  findByExternalId,
  findTurnByKey,
  insertMessages,
  lockConversation,
  saveTurn,
  type ConversationRow,
  type MessageRow,
} from "./store/conversation-store";
import { redactSecrets, redactSecretsDeep, replayableReply } from "./secrets";
import { TOOLS, type ToolContext, type ToolName } from "./tools";
import { wrapUp } from "./wrap-up";

export type { DialogueState } from "./dialogue/state";
export type { ToolCallRecord, TurnTimings } from "@/server/db/schema";

export type AgentChannel = "voice" | "sms" | "chat" | "playground";

export interface StartConversationInput {
  organizationId: string;
  channel: AgentChannel;
  facilityId?: string | null;
  fromAddress?: string | null;
  toAddress?: string | null;
  externalId?: string | null;
  language?: "en" | "es";
  now?: Date;
  /** A playground conversation behaves as this channel (pricing, caller ID, SMS links). Default "voice". */
  simulate?: "voice" | "sms" | "chat";
  /**
   * Default true. False stores no greeting: an SMS thread is opened by the customer's own text, and
   * the first thing we send is the answer to it, so a greeting in the transcript was never sent.
   */
  greet?: boolean;
  /** The operator's own greeting (the web chat widget's setting), said instead of the agent's. */
  greeting?: string | null;
  /** A voice call whose caller ID the carrier attested in full (STIR/SHAKEN "A"; see DialogueState). */
  callerAttested?: boolean;
}

export interface AgentTurn {
  conversationId: string;
  reply: string;
  speech: string;
  sms: string;
  intent: string | null;
  confidence: number | null;
  entities: unknown[];
  actions: ToolCallRecord[];
  brain: "default" | "llm";
  state: DialogueState;
  end: null | TurnEnd;
  timings: TurnTimings;
  duplicate: boolean;
  /**
   * Secrets this turn revealed (gate codes): in `reply`, `speech` and `sms` for the caller, but a
   * channel that stores the reply itself (the SMS reply row) stores redactSecrets(reply, secrets).
   */
  secrets?: string[];
}

export interface RespondInput {
  organizationId: string;
  conversationId: string;
  text: string;
  idempotencyKey?: string;
  now?: Date;
  brain?: "default" | "llm" | "auto";
}

export type StreamEvent = { type: "token"; text: string } | { type: "reset" } | { type: "turn"; turn: AgentTurn };

const ACTOR = { label: "agent" };

function shape(
  conversationId: string,
  reply: string,
  state: DialogueState,
  rest: Omit<AgentTurn, "conversationId" | "reply" | "speech" | "sms" | "state">,
): AgentTurn {
  return {
    conversationId,
    reply,
    speech: toSpeakable(reply, state.language),
    sms: formatForSms(reply),
    state,
    ...rest,
  };
}

function greetingText(state: DialogueState, facilityName: string | null): string {
  const where = facilityName ?? null;
  if (state.channel === "voice") {
    return say(state, "engine.thanks_for_calling_im_the", {
      atPlace: where ? ` ${where}` : "",
      atPlaceEs: where ? ` a ${where}` : "",
    });
  }
  return say(state, "engine.hi_this_is_the_assistant", {
    atPlace: where ? ` ${where}` : "",
    ofPlaceEs: where ? ` de ${where}` : "",
  });
}

function turnFromStored(row: ConversationRow, agent: MessageRow, duplicate: boolean): AgentTurn {
  const state = readState(row.state, { channel: "chat", facilityId: row.facilityId, callerId: null });
  const isLast = state.lastAgentSeq === agent.seq;
  // A stored reply that gave a gate code holds a placeholder: never replayed as if it were the code.
  return shape(row.id, replayableReply(agent.text, state), state, {
    intent: agent.intent,
    confidence: agent.confidence,
    entities: agent.entities ?? [],
    actions: agent.toolCalls ?? [],
    brain: agent.brain ?? "default",
    end: isLast ? (state.lastEnd ?? null) : null,
    timings: agent.timings ?? { totalMs: 0 },
    duplicate,
  });
}

export async function startConversation(input: StartConversationInput): Promise<AgentTurn> {
  const started = performance.now();
  const now = input.now ?? new Date();
  const greeting = await withOrg(input.organizationId, async (tx) => {
    if (input.externalId) {
      const existing = await findByExternalId(tx, input.organizationId, input.channel, input.externalId);
      if (existing) return replayGreeting(tx, existing);
    }
    const facts = new FacilityFacts(tx, input.organizationId);
    const facilities = await facts.facilities();
    let facilityId = input.facilityId ?? null;
    if (facilityId && !facilities.some((f) => f.id === facilityId))
      throw new DomainError("NOT_FOUND", "Facility was not found.");
    if (!facilityId && facilities.length === 1) facilityId = facilities[0]!.id;
    const simulated = input.channel === "playground" ? (input.simulate ?? "voice") : input.channel;
    const callerId = simulated === "chat" ? null : input.fromAddress ? toE164(input.fromAddress) : null;
    const state = initialState({
      language: input.language,
      channel: simulated,
      facilityId,
      callerId,
      callerAttested: simulated === "voice" && !!callerId && input.callerAttested === true,
    });
    const facility = facilities.find((f) => f.id === facilityId) ?? null;
    const greet = input.greet ?? true;
    // On the phone, the facility's own greeting (Settings > Agent) when it has one.
    const own = greet && facility && simulated === "voice" ? (await facts.agentBehaviour(facility.id)).greeting : null;
    const reply = greet ? input.greeting?.trim() || own || greetingText(state, facility?.name ?? null) : "";
    if (greet) state.lastAgentSeq = 1;
    let row: ConversationRow;
    try {
      [row] = (await tx.transaction((sp) =>
        sp
          .insert(conversation)
          .values({
            organizationId: input.organizationId,
            facilityId,
            channel: input.channel,
            externalId: input.externalId ?? null,
            fromAddress: input.fromAddress ?? null,
            toAddress: input.toAddress ?? null,
            language: state.language,
            state: state as unknown as Record<string, unknown>,
            startedAt: now,
          })
          .returning(),
      )) as [ConversationRow];
    } catch (err) {
      // Two deliveries of the same call start raced: the other one created it.
      if (input.externalId && isUniqueViolation(err)) {
        const existing = await findByExternalId(tx, input.organizationId, input.channel, input.externalId);
        if (existing) return replayGreeting(tx, existing);
      }
      throw err;
    }
    const timings: TurnTimings = { totalMs: round(performance.now() - started) };
    if (greet)
      await insertMessages(tx, input.organizationId, row.id, [
        { role: "agent", text: reply, brain: "default", timings },
      ]);
    // Every channel's conversations appear live once this commits (listeners re-read the rows).
    await recordEvent(tx, {
      type: "conversation.started",
      organizationId: input.organizationId,
      conversationId: row.id,
      channel: input.channel,
      greetingSeq: greet ? 1 : null,
    });
    return shape(row.id, reply, state, {
      intent: null,
      confidence: null,
      entities: [],
      actions: [],
      brain: "default",
      end: null,
      timings,
      duplicate: false,
    });
  });
  return greeting;
}

async function replayGreeting(tx: Transaction, row: ConversationRow): Promise<AgentTurn> {
  const { message } = await import("@/server/db/schema");
  const [agent] = await tx
    .select()
    .from(message)
    .where(and(eq(message.conversationId, row.id), eq(message.role, "agent")))
    .orderBy(message.seq)
    .limit(1);
  if (!agent) {
    // Started without a greeting (greet: false) and no turn yet: nothing was said to replay.
    if (row.turnCount === 0)
      return shape(row.id, "", readState(row.state, { channel: "chat", facilityId: row.facilityId, callerId: null }), {
        intent: null,
        confidence: null,
        entities: [],
        actions: [],
        brain: "default",
        end: null,
        timings: { totalMs: 0 },
        duplicate: true,
      });
    throw new DomainError("CONFLICT", "Conversation has no greeting.");
  }
  const turn = turnFromStored(row, agent, true);
  return { ...turn, end: null };
}

export async function respond(input: RespondInput): Promise<AgentTurn> {
  const { turn } = await runTurn(input, undefined).catch(async (err: unknown) => {
    // Counted for the "agent failing" operator alert (src/server/alerts).
    await recordAgentError(input.organizationId, input.conversationId, err);
    throw err;
  });
  return turn;
}

/** The message tasks a turn created (take_message calls that saved a new task). */
function messagesTaken(actions: ToolCallRecord[]): string[] {
  return actions.flatMap((action) => {
    const r = action.result as { taskId?: unknown; taskCreated?: unknown } | null;
    return action.name === "take_message" && action.ok && r?.taskCreated === true && typeof r.taskId === "string"
      ? [r.taskId]
      : [];
  });
}

/**
 * The same turn as `respond`, streamed: `token` events carry reply text as the model writes it,
 * `reset` means discard what was streamed (the model failed and the default brain took the turn),
 * and the last event is the complete `turn`.
 */
export async function* respondStream(input: RespondInput): AsyncGenerator<StreamEvent, void, undefined> {
  const queue: StreamEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  const push = (e: StreamEvent) => {
    queue.push(e);
    wake?.();
  };
  const p = runTurn(input, push)
    .catch(async (err: unknown) => {
      await recordAgentError(input.organizationId, input.conversationId, err);
      throw err;
    })
    .then(
      (turn) => {
        if (!turn.streamed) push({ type: "token", text: turn.turn.reply });
        push({ type: "turn", turn: turn.turn });
      },
      (err) => {
        failure = err;
      },
    );
  void p.finally(() => {
    done = true;
    wake?.();
  });
  while (true) {
    if (queue.length) {
      yield queue.shift()!;
      continue;
    }
    if (done) break;
    await new Promise<void>((r) => (wake = r));
    wake = null;
  }
  if (failure) throw failure;
}

interface TurnRun {
  turn: AgentTurn;
  streamed: boolean;
  /** Read in the turn's transaction when it booked (from the config-version cache: usually no query). */
}

async function runTurn(input: RespondInput, onEvent: ((e: StreamEvent) => void) | undefined): Promise<TurnRun> {
  const started = performance.now();
  const now = input.now ?? new Date();
  // Card numbers never reach the database, a log or a model.
  const text = redactCardNumbers(input.text ?? "").slice(0, 4000);
  return withOrg(input.organizationId, async (tx): Promise<TurnRun> => {
    const row = await lockConversation(tx, input.organizationId, input.conversationId, input.idempotencyKey);
    if (!row) throw new DomainError("NOT_FOUND", "Conversation was not found.");
    rememberConfigVersion(tx, input.organizationId, row.configVersion);
    if (input.idempotencyKey && row.retried) {
      const dup = await findTurnByKey(tx, input.organizationId, row.id, input.idempotencyKey);
      if (dup) return { turn: turnFromStored(row, dup.agent, true), streamed: false };
    }
    const state = readState(row.state, { channel: "chat", facilityId: row.facilityId, callerId: null });
    state.ended = false;
    const ctx: ToolContext = {
      tx,
      organizationId: input.organizationId,
      conversationId: row.id,
      now,
      actor: ACTOR,
      state,
      facts: new FacilityFacts(tx, input.organizationId, row.configVersion),
      calls: [],
      secrets: [],
    };

    const pre = await understandTurn(ctx, text);
    let brain: "default" | "llm" = "default";
    let out: BrainResult | null = null;
    let llmMs: number | undefined;
    let firstTokenMs: number | undefined;
    let usage: LlmUsage | null = null;
    let streamed = false;
    const wanted = input.brain ?? "auto";
    const llm = wanted === "default" ? null : await llmConfigFor(tx, input.organizationId);
    if (llm && text.trim()) {
      const t0 = performance.now();
      const r = await llmBrain(
        ctx,
        llm,
        text,
        pre,
        row,
        onEvent
          ? (tok) => {
              streamed = true;
              onEvent({ type: "token", text: tok });
            }
          : undefined,
      );
      llmMs = round(performance.now() - t0);
      usage = r.usage;
      firstTokenMs = r.firstTokenMs;
      if (r.ok) {
        out = r.result;
        brain = "llm";
      } else if (streamed) {
        onEvent?.({ type: "reset" });
        streamed = false;
      }
    }
    out ??= await defaultBrain(ctx, text, pre);

    if (out.end?.reason !== "transfer" && out.end?.reason !== "emergency_transfer") await captureLeadIfReadyCtx(ctx);
    state.turns++;
    state.lastEnd = out.end;
    const toolsMs = ctx.calls.reduce((sum, c) => sum + c.ms, 0);
    const timings: TurnTimings = {
      nluMs: round(out.nluMs),
      toolsMs: round(toolsMs),
      llmMs,
      firstTokenMs,
      totalMs: round(performance.now() - started),
    };
    // One round trip stores the turn: both messages, the conversation row and its state (with
    // lastAgentSeq filled in by the statement). A turn that only talked (no reservation, lead,
    // message or audit written) may commit without waiting for the WAL flush: a crash could lose
    // that exchange, never a booking.
    const secrets = ctx.secrets ?? [];
    const notifyChannel = turnEventsInStatement();
    // A call's turn that took no message writes nothing in its transaction after this statement
    // (turn.committed has no in-transaction part for voice: message.received webhooks are for texts
    // and chat, realtime's events are in the statement or after the commit; a message taken records
    // its alert below), and nothing after it can fail but the statement itself: its COMMIT is
    // written behind it, in the same round trip.
    if (row.channel === "voice" && messagesTaken(ctx.calls).length === 0) commitWithLastStatements(tx);
    const seqs = await saveTurn(
      tx,
      input.organizationId,
      row.id,
      {
        caller: {
          text,
          intent: out.intent,
          confidence: out.confidence,
          entities: out.entities,
          idempotencyKey: input.idempotencyKey ?? null,
        },
        // A gate code the caller was just given is stored as a placeholder, here and in the tool calls.
        agent: {
          text: redactSecrets(out.reply, secrets),
          intent: out.intent,
          confidence: out.confidence,
          entities: out.entities,
          toolCalls: redactSecretsDeep(ctx.calls, secrets),
          brain,
          timings,
        },
      },
      {
        language: state.language,
        facilityId: state.facilityId ?? row.facilityId,
        leadId: state.leadId ?? row.leadId,
        reservationId: state.reservation?.id ?? row.reservationId,
        customerId: state.verification.customerId ?? row.customerId,
        outcome: outcomeOf(state, out.end, row.outcome),
        usage,
      },
      state,
      {
        asyncCommit: !ctx.calls.some((c) => c.ok && TOOLS[c.name as ToolName]?.mutates),
        notifyChannel,
      },
    );
    state.lastAgentSeq = seqs[1];
    // Webhooks (message.received for a text or chat), realtime and the rest subscribe (src/server/events).
    await recordEvent(tx, {
      type: "turn.committed",
      organizationId: input.organizationId,
      conversationId: row.id,
      channel: row.channel,
      customerSeq: seqs[0]!,
      agentSeq: seqs[1]!,
      notifiedInStatement: notifyChannel !== null,
    });
    const turn = shape(row.id, out.reply, state, {
      intent: out.intent,
      confidence: out.confidence,
      entities: out.entities,
      actions: ctx.calls,
      brain,
      end: out.end,
      timings,
      duplicate: false,
      secrets,
    });
    // The staff alert for a message taken (src/server/alerts subscribes, in this transaction).
    for (const taskId of messagesTaken(ctx.calls))
      await recordEvent(tx, { type: "message.taken", organizationId: input.organizationId, taskId });
    return { turn, streamed };
  });
}

function outcomeOf(
  state: DialogueState,
  end: TurnEnd | null,
  current: ConversationOutcome | null,
): ConversationOutcome | null {
  if (state.reservation) return "reservation";
  if (end?.reason === "transfer" || end?.reason === "emergency_transfer") return "transfer";
  if (end?.reason === "message_taken") return "message";
  if (current === "transfer" || current === "message") return current;
  if (state.leadId) return "lead";
  return state.turns > 0 ? "question_answered" : current;
}

export async function endConversation(input: {
  organizationId: string;
  conversationId: string;
  providerStatus?: string;
  durationSeconds?: number;
  now?: Date;
}): Promise<void> {
  const now = input.now ?? new Date();
  await withOrg(input.organizationId, async (tx) => {
    const row = await lockConversation(tx, input.organizationId, input.conversationId);
    if (!row) throw new DomainError("NOT_FOUND", "Conversation was not found.");
    const state = readState(row.state, { channel: "chat", facilityId: row.facilityId, callerId: null });
    const ctx: ToolContext = {
      tx,
      organizationId: input.organizationId,
      conversationId: row.id,
      now,
      actor: ACTOR,
      state,
      facts: new FacilityFacts(tx, input.organizationId, row.configVersion),
      calls: [],
    };
    // A caller who gave a name and number and hung up is still a lead; a message half-taken, an
    // unanswered account question or a price heard is saved too (wrap-up.ts).
    let saved: string[] = [];
    if (row.status !== "ended") {
      await captureLeadIfReadyCtx(ctx);
      saved = (await wrapUp(ctx)).taskIds;
    }
    state.ended = true;
    const duration = input.durationSeconds ?? Math.max(0, Math.round((now.getTime() - row.startedAt.getTime()) / 1000));
    await tx
      .update(conversation)
      .set({
        status: "ended",
        endedAt: row.endedAt ?? now,
        durationSeconds: duration,
        providerStatus: input.providerStatus ?? row.providerStatus,
        state: state as unknown as Record<string, unknown>,
        leadId: state.leadId ?? row.leadId,
        // What the wrap-up saved tells more than "question answered": a message, or a lead.
        outcome:
          row.outcome && row.outcome !== "question_answered"
            ? row.outcome
            : state.turns === 0
              ? "abandoned"
              : saved.length
                ? "message"
                : outcomeOf(state, null, row.outcome),
      })
      .where(and(eq(conversation.organizationId, input.organizationId), eq(conversation.id, row.id)));
    // The staff alert for what was saved (src/server/alerts subscribes, in this transaction).
    for (const taskId of saved)
      await recordEvent(tx, { type: "message.taken", organizationId: input.organizationId, taskId });
    return saved;
  });
}

const round = (x: number) => Math.round(x * 100) / 100;
