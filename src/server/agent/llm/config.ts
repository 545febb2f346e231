/**
 * Which model answers for an organization, if any: its own setting (Settings > Agent, see
 * org-settings.ts) over the deployment's OPENAI_* variables.
 */
import OpenAI from "openai";

import { env } from "@/env";
import { guardedFetch } from "@/server/http/outbound-guard";
import type { Transaction } from "@/server/db/client";

import { orgLlmSetting } from "./org-settings";

export interface LlmConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  /** The organization chose the endpoint: connect through the SSRF guard (http/outbound-guard.ts). */
  organizationEndpoint?: boolean;
}

export async function llmConfigFor(tx: Transaction, organizationId: string): Promise<LlmConfig | null> {
  const org = await orgLlmSetting(tx, organizationId);
  if (org?.brain === "default") return null;
  const common = {
    model: org?.model ?? env.OPENAI_MODEL,
    timeoutMs: env.AGENT_LLM_TIMEOUT_MS,
    inputUsdPerMTok: env.OPENAI_INPUT_USD_PER_MTOK,
    outputUsdPerMTok: env.OPENAI_OUTPUT_USD_PER_MTOK,
  };
  // The organization's own key goes to its own endpoint (or OpenAI's); the deployment's key only to the deployment's.
  if (org?.apiKey)
    return { ...common, apiKey: org.apiKey, baseURL: org.baseUrl ?? undefined, organizationEndpoint: true };
  if (!env.OPENAI_API_KEY) return null;
  return { ...common, apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL };
}

const clients = new Map<string, OpenAI>();

/** One client per endpoint and key; retries are off because the turn's time budget is short. */
export function clientFor(cfg: LlmConfig): OpenAI {
  const key = `${cfg.baseURL ?? ""}|${cfg.apiKey}|${cfg.organizationEndpoint ? "guarded" : ""}`;
  let c = clients.get(key);
  if (!c) {
    c = new OpenAI({
      apiKey: cfg.apiKey,
      baseURL: cfg.baseURL,
      maxRetries: 0,
      timeout: Math.max(cfg.timeoutMs, 1000),
      ...(cfg.organizationEndpoint ? { fetch: guardedFetch } : {}),
    });
    clients.set(key, c);
  }
  return c;
}

/** Dollars per million tokens are micro-dollars per token. */
export function costMicros(cfg: LlmConfig, promptTokens: number, completionTokens: number): number {
  return Math.round(promptTokens * cfg.inputUsdPerMTok + completionTokens * cfg.outputUsdPerMTok);
}
