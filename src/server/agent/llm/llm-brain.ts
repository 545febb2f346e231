/**
 * The LLM brain: chat completions with the agent's tools, streamed. Runs inside a savepoint with a
 * copy of the dialogue state and its own list of tool calls, so when it fails (time budget, HTTP
 * error, malformed tool arguments, refusal, a reply the guard rejects) everything it did is rolled
 * back and the default brain takes the turn from a clean slate.
 */
import type OpenAI from "openai";

import { gateCodeSentence } from "@/server/agent/dialogue/account-flow";
import type { BrainResult } from "@/server/agent/dialogue/default-brain";
import type { TurnEnd } from "@/server/agent/dialogue/turn";
import type { Understanding } from "@/server/agent/dialogue/understand";
import { runToolUnchecked, toolSchemas, type ToolContext } from "@/server/agent/tools";
import type { ConversationRow } from "@/server/agent/store/conversation-store";
import { recentMessages } from "@/server/agent/store/conversation-store";
import type { ToolCallRecord } from "@/server/db/schema";
import { log } from "@/server/log";

import { clientFor, costMicros, type LlmConfig } from "./config";
import { checkReply } from "./guard";
import { ReplyStream } from "./reply-stream";
import { buildSystemPrompt, wrapToolResult, wrapUtterance } from "./system-prompt";

export { llmConfigFor, type LlmConfig } from "./config";

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
}

export type LlmOutcome =
  | { ok: true; result: BrainResult; usage: LlmUsage | null; firstTokenMs?: number }
  | { ok: false; reason: string; usage: LlmUsage | null; firstTokenMs?: number };

const MAX_ROUNDS = 5;

class LlmFailure extends Error {}

type Msg = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export async function llmBrain(
  ctx: ToolContext,
  cfg: LlmConfig,
  text: string,
  pre: { utterance: Understanding | null; nluMs: number },
  row: ConversationRow,
  onToken?: (token: string) => void,
): Promise<LlmOutcome> {
  const started = performance.now();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new LlmFailure("time budget exceeded")), cfg.timeoutMs);
  const usage: LlmUsage = { promptTokens: 0, completionTokens: 0, costMicros: 0 };
  let firstTokenMs: number | undefined;
  const state = structuredClone(ctx.state);
  const calls: ToolCallRecord[] = [];
  // Gate codes get_account hands over for the caller (never in a tool result, so never in the model).
  const gateCodesToSay: NonNullable<ToolContext["gateCodesToSay"]> = [];
  try {
    const modelReply = await ctx.tx.transaction(async (sp) => {
      const lctx: ToolContext = { ...ctx, tx: sp, state, calls, gateCodesToSay };
      const history = await recentMessages(sp, ctx.organizationId, row.id, 16);
      const messages: Msg[] = [
        { role: "system", content: await buildSystemPrompt(ctx.facts, state, ctx.now) },
        ...history.map((m): Msg =>
          m.role === "caller"
            ? { role: "user", content: wrapUtterance(m.text) }
            : { role: "assistant", content: m.text },
        ),
        { role: "user", content: wrapUtterance(text) },
      ];
      const client = clientFor(cfg);
      const tools = toolSchemas();
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const stream = await client.chat.completions.create(
          {
            model: cfg.model,
            messages,
            tools,
            stream: true,
            stream_options: { include_usage: true },
            temperature: 0.2,
          },
          { signal: abort.signal },
        );
        let content = "";
        let refusal = "";
        const pending: { id: string; name: string; args: string }[] = [];
        // Figures are held until checked against the tool results (see reply-stream.ts).
        const out = onToken
          ? new ReplyStream(
              (piece) => {
                firstTokenMs ??= Math.round(performance.now() - started);
                onToken(piece);
              },
              () => calls.map((c) => c.result),
            )
          : null;
        for await (const chunk of stream) {
          if (chunk.usage) {
            usage.promptTokens += chunk.usage.prompt_tokens;
            usage.completionTokens += chunk.usage.completion_tokens;
          }
          const delta = chunk.choices[0]?.delta;
          if (!delta) continue;
          if (delta.refusal) refusal += delta.refusal;
          for (const tc of delta.tool_calls ?? []) {
            const slot = (pending[tc.index] ??= { id: "", name: "", args: "" });
            if (tc.id) slot.id = tc.id;
            if (tc.function?.name) slot.name += tc.function.name;
            if (tc.function?.arguments) slot.args += tc.function.arguments;
          }
          if (delta.content) {
            content += delta.content;
            if (pending.length === 0) out?.push(delta.content);
          }
        }
        if (refusal) throw new LlmFailure(`refusal: ${refusal.slice(0, 200)}`);
        if (pending.length === 0) {
          const reply = content.trim();
          if (!reply) throw new LlmFailure("empty reply");
          const verdict = checkReply(
            reply,
            calls.map((c) => c.result),
          );
          if (!verdict.ok) throw new LlmFailure(verdict.reason);
          out?.finish();
          return reply;
        }
        messages.push({
          role: "assistant",
          content: content || null,
          tool_calls: pending.map((p) => ({
            id: p.id,
            type: "function" as const,
            function: { name: p.name, arguments: p.args },
          })),
        });
        for (const p of pending) {
          let args: unknown;
          try {
            args = p.args.trim() ? JSON.parse(p.args) : {};
          } catch {
            throw new LlmFailure(`malformed arguments for ${p.name}`);
          }
          let out: unknown;
          try {
            out = await runToolUnchecked(lctx, p.name, args);
          } catch (err) {
            throw new LlmFailure(`tool ${p.name}: ${err instanceof Error ? err.message : String(err)}`);
          }
          messages.push({ role: "tool", tool_call_id: p.id, content: wrapToolResult(out) });
        }
      }
      throw new LlmFailure("too many tool rounds");
    });
    // The system, not the model, says the gate codes (the model was told they are added).
    let result = modelReply;
    if (gateCodesToSay.length) {
      const sentence = gateCodeSentence(state, gateCodesToSay);
      onToken?.(` ${sentence}`);
      result = `${modelReply} ${sentence}`;
    }
    usage.costMicros = costMicros(cfg, usage.promptTokens, usage.completionTokens);
    // Success: the model's state changes and tool calls become the turn's.
    Object.assign(ctx.state, state);
    ctx.calls.push(...calls);
    return {
      ok: true,
      usage,
      firstTokenMs,
      result: {
        reply: result,
        intent: pre.utterance?.intent ?? null,
        confidence: pre.utterance ? Math.round(pre.utterance.confidence * 1000) / 1000 : null,
        entities: pre.utterance?.entities ?? [],
        end: endFrom(calls),
        nluMs: pre.nluMs,
      },
    };
  } catch (err) {
    usage.costMicros = costMicros(cfg, usage.promptTokens, usage.completionTokens);
    const reason = abort.signal.aborted ? "time budget exceeded" : err instanceof Error ? err.message : String(err);
    log.warn(
      { conversationId: row.id, reason, tools: calls.map((c) => c.name) },
      "llm brain failed; default brain takes the turn",
    );
    return { ok: false, reason, usage, firstTokenMs };
  } finally {
    clearTimeout(timer);
  }
}

/** A transfer or a message taken by the model ends the call the same way the default brain's would. */
function endFrom(calls: ToolCallRecord[]): TurnEnd | null {
  for (const c of [...calls].reverse()) {
    const r = c.result as {
      ok?: boolean;
      mode?: string;
      transferTo?: string;
      alsoRing?: string[];
      urgent?: boolean;
    } | null;
    if (!c.ok || !r) continue;
    if (c.name === "transfer_to_person" && r.mode === "transfer")
      return {
        reason: r.urgent ? "emergency_transfer" : "transfer",
        transferTo: r.transferTo ?? null,
        alsoRing: r.alsoRing,
      };
    if (c.name === "take_message") return { reason: "message_taken" };
    if (c.name === "take_payment_by_phone") {
      const p = c.result as {
        mode?: string;
        paymentId?: string;
        amountCents?: number;
        currency?: string;
        connector?: string;
      };
      if (p.mode === "pay" && p.paymentId && p.amountCents && p.currency && p.connector)
        return {
          reason: "payment",
          payment: { id: p.paymentId, amountCents: p.amountCents, currency: p.currency, connector: p.connector },
        };
    }
  }
  return null;
}
