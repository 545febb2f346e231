/**
 * The default brain: language layer + dialogue policy + tools. Deterministic, no network, no key.
 */
import type { FacilityCandidate } from "@/server/agent/nlu";
import type { ToolContext } from "@/server/agent/tools";

import { decide, silence } from "./policy";
import type { PolicyTurn, TurnEnd } from "./turn";
import { understand, type Understanding } from "./understand";

export interface BrainResult {
  reply: string;
  intent: string | null;
  confidence: number | null;
  entities: unknown[];
  end: TurnEnd | null;
  nluMs: number;
}

/** What the language layer needs from the facilities: names for "the downtown one", the zone for dates. */
export async function nluContext(ctx: ToolContext): Promise<{ timeZone: string; facilities: FacilityCandidate[] }> {
  const all = await ctx.facts.facilities();
  const f = all.find((x) => x.id === ctx.state.facilityId) ?? all[0];
  return {
    timeZone: f?.timeZone ?? "America/New_York",
    facilities: all.length > 1 ? all.map((x) => ({ id: x.id, name: x.name, city: x.city })) : [],
  };
}

export async function understandTurn(
  ctx: ToolContext,
  text: string,
): Promise<{ utterance: Understanding | null; nluMs: number }> {
  if (!text.trim()) return { utterance: null, nluMs: 0 };
  const nctx = await nluContext(ctx);
  const t0 = performance.now();
  const utterance = understand(text, ctx.state, { now: ctx.now, ...nctx });
  return { utterance, nluMs: performance.now() - t0 };
}

export async function defaultBrain(
  ctx: ToolContext,
  text: string,
  pre?: { utterance: Understanding | null; nluMs: number },
): Promise<BrainResult> {
  const { utterance, nluMs } = pre ?? (await understandTurn(ctx, text));
  if (!utterance) {
    const turn: PolicyTurn = {
      ctx,
      utterance: { text: "", intent: "unclear", confidence: 0, entities: [], runnerUp: null },
      end: null,
    };
    const reply = await silence(turn);
    return { reply, intent: null, confidence: null, entities: [], end: turn.end, nluMs };
  }
  const turn: PolicyTurn = { ctx, utterance, end: null };
  const reply = await decide(turn);
  return {
    reply: reply.replace(/\s+/g, " ").trim(),
    intent: utterance.intent,
    confidence: round(utterance.confidence),
    entities: utterance.entities,
    end: turn.end,
    nluMs,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
