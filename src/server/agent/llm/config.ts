/**
 * Which model answers for an organization, if any. Today the deployment's OPENAI_* variables
 * configure it for every organization; a per-organization setting plugs in here.
 */
import OpenAI from "openai";

import { env } from "@/env";

export interface LlmConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
}

export async function llmConfigFor(_organizationId: string): Promise<LlmConfig | null> {
  if (!env.OPENAI_API_KEY) return null;
  return {
    apiKey: env.OPENAI_API_KEY,
    baseURL: env.OPENAI_BASE_URL,
    model: env.OPENAI_MODEL,
    timeoutMs: env.AGENT_LLM_TIMEOUT_MS,
    inputUsdPerMTok: env.OPENAI_INPUT_USD_PER_MTOK,
    outputUsdPerMTok: env.OPENAI_OUTPUT_USD_PER_MTOK,
  };
}

const clients = new Map<string, OpenAI>();

/** One client per endpoint and key; retries are off because the turn's time budget is short. */
export function clientFor(cfg: LlmConfig): OpenAI {
  const key = `${cfg.baseURL ?? ""}|${cfg.apiKey}`;
  let c = clients.get(key);
  if (!c) {
    c = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, maxRetries: 0, timeout: Math.max(cfg.timeoutMs, 1000) });
    clients.set(key, c);
  }
  return c;
}

/** Dollars per million tokens are micro-dollars per token. */
export function costMicros(cfg: LlmConfig, promptTokens: number, completionTokens: number): number {
  return Math.round(promptTokens * cfg.inputUsdPerMTok + completionTokens * cfg.outputUsdPerMTok);
}
