import type { BrainResult } from "@/server/agent/dialogue/default-brain";
import type { Understanding } from "@/server/agent/dialogue/understand";
import type { ToolContext } from "@/server/agent/tools";
import type { ConversationRow } from "@/server/agent/store/conversation-store";

export interface LlmUsage { promptTokens: number; completionTokens: number; costMicros: number }
export interface LlmConfig { apiKey: string; baseURL?: string; model: string; timeoutMs: number }

export async function llmConfigFor(_organizationId: string): Promise<LlmConfig | null> {
  return null;
}

export async function llmBrain(
  _ctx: ToolContext, _cfg: LlmConfig, _text: string, _pre: { u: Understanding | null; nluMs: number }, _row: ConversationRow, _onToken?: (t: string) => void,
): Promise<{ ok: true; result: BrainResult; usage: LlmUsage | null; firstTokenMs?: number } | { ok: false; usage: LlmUsage | null; firstTokenMs?: number }> {
  return { ok: false, usage: null };
}
