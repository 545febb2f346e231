import { and, asc, eq } from "drizzle-orm";

import { env } from "@/env";
import { clientFor, llmConfigFor } from "@/server/agent/llm/config";
import { withOrg } from "@/server/db/client";
import { conversation, message } from "@/server/db/schema";
import { log } from "@/server/log";

import { revealedGateCodes, scrubSecrets } from "@/server/read-model/scrub-secrets";

/**
 * The after-conversation summary written by the organization's model (Settings > Agent, or the
 * deployment's OPENAI_* variables), when one is configured. Returns null, and the workflow builds
 * the summary from the turns instead, when no model is configured, the conversation already has a
 * summary or no caller turn, or the model fails, refuses or takes longer than
 * AGENT_LLM_SUMMARY_TIMEOUT_MS. The model sees the transcript without card numbers or gate codes,
 * and its answer is scrubbed of them again.
 */
const MAX_TRANSCRIPT_CHARS = 12_000;
const MAX_SUMMARY_CHARS = 800;

const SYSTEM = [
  "You write the internal note a self-storage operator's staff read after a customer conversation with the AI front desk.",
  "Write 2 to 4 plain sentences, no greeting, no lists: what the customer wanted (unit size, move-in date, questions),",
  "what the agent did (quotes with their prices, a reservation with its confirmation code, a transfer, a message taken),",
  "how it ended and what staff should do next, if anything. Use only facts from the transcript.",
  "Never write payment card numbers, gate or access codes, or passwords, even if they appear.",
].join(" ");

export async function summarizeWithModel(organizationId: string, conversationId: string): Promise<string | null> {
  try {
    const loaded = await withOrg(organizationId, async (tx) => {
      const [c] = await tx
        .select({ channel: conversation.channel, summary: conversation.summary })
        .from(conversation)
        .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)));
      if (!c || c.summary) return null;
      const cfg = await llmConfigFor(tx, organizationId);
      if (!cfg) return null;
      const turns = await tx
        .select({ role: message.role, text: message.text, toolCalls: message.toolCalls })
        .from(message)
        .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId)))
        .orderBy(asc(message.seq));
      return { c, cfg, turns };
    });
    if (!loaded || !loaded.turns.some((t) => t.role === "caller")) return null;
    const { c, cfg, turns } = loaded;

    const codes = revealedGateCodes(turns.flatMap((t) => (t.toolCalls ?? []).map((call) => call.result)));
    const lines = turns.map((t) => {
      const tools = (t.toolCalls ?? []).map((call) => `${call.name}${call.ok ? "" : " (failed)"}`);
      return `${t.role === "caller" ? (c.channel === "voice" ? "Caller" : "Customer") : t.role === "agent" ? "Agent" : t.role === "staff" ? "Staff" : "System"}: ${scrubSecrets(t.text, codes)}${tools.length ? ` [tools: ${tools.join(", ")}]` : ""}`;
    });
    // The end of a long conversation says more about how it ended than its beginning.
    let transcript = lines.join("\n");
    if (transcript.length > MAX_TRANSCRIPT_CHARS) transcript = `...\n${transcript.slice(-MAX_TRANSCRIPT_CHARS)}`;

    const stream = await clientFor(cfg).chat.completions.create(
      {
        model: cfg.model,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: `Channel: ${c.channel}\nTranscript:\n${transcript}` },
        ],
        stream: true,
        temperature: 0.2,
        max_tokens: 250,
      },
      { signal: AbortSignal.timeout(env.AGENT_LLM_SUMMARY_TIMEOUT_MS), timeout: env.AGENT_LLM_SUMMARY_TIMEOUT_MS },
    );
    let text = "";
    let refused = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (delta?.content) text += delta.content;
      if (delta?.refusal) refused = true;
    }
    const summary = scrubSecrets(text.replace(/\s+/g, " ").trim(), codes);
    if (refused || !summary) return null;
    return summary.length > MAX_SUMMARY_CHARS ? `${summary.slice(0, MAX_SUMMARY_CHARS - 3)}...` : summary;
  } catch (err) {
    // The turn-based summary stands in; the error text never carries the transcript.
    log.warn(
      { organizationId, conversationId, err: err instanceof Error ? err.name : "error" },
      "model summary failed; using the turn-based summary",
    );
    return null;
  }
}
