/**
 * Plays scenarios through the conversation engine and judges them. Used by scripts/eval.ts
 * (npm run eval) and evals/eval.integration.test.ts.
 */
import { and, asc, eq } from "drizzle-orm";

import { endConversation, respond, startConversation, type AgentTurn } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { smsMessage } from "@/server/db/schema";
import { evaluateEntities } from "@/server/agent/nlu/evaluate-entities";
import { heldOutIntentAccuracy } from "@/server/agent/nlu/evaluate-intents";

import { answerKey, SimulatedCaller } from "./caller";
import type { Scenario } from "./format";
import { judge, type TurnRecord } from "./judge";
import { dropWorld, seedWorld } from "./seed";

export type Brain = "default" | "llm";

export interface ScenarioResult {
  id: string;
  title: string;
  tags: string[];
  pass: boolean;
  failures: string[];
  turns: TurnRecord[];
  /** Wall time of each respond() call, ms. */
  latencies: number[];
}

export interface RunOptions {
  brain?: Brain;
  /** Keep the scenario's organization after the run (to inspect it in the dashboard). */
  keep?: boolean;
}

/** Stop when the agent asks the same thing with the same words this many times in a row. */
const STUCK_REPEATS = 3;

function record(caller: string, why: string, t: AgentTurn, ms: number): TurnRecord {
  return {
    caller,
    why,
    reply: t.reply,
    speech: t.speech,
    sms: t.sms,
    intent: t.intent,
    expecting: t.state.expecting,
    offer: t.state.offer,
    flow: t.state.flow,
    actions: t.actions,
    end: t.end ? { reason: t.end.reason, transferTo: t.end.transferTo ?? null } : null,
    ms,
  };
}

/** The texts the organization sent to `phone` (the outbox: evals run without Twilio), oldest first. */
async function textsTo(organizationId: string, phone: string | undefined): Promise<string[]> {
  if (!phone) return [];
  const rows = await db
    .select({ body: smsMessage.body })
    .from(smsMessage)
    .where(
      and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.direction, "out"), eq(smsMessage.to, phone)),
    )
    .orderBy(asc(smsMessage.createdAt));
  return rows.map((r) => r.body);
}

export async function runScenario(s: Scenario, opts: RunOptions = {}): Promise<ScenarioResult> {
  const brain = opts.brain ?? "default";
  const turns: TurnRecord[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  const world = await seedWorld(s);
  try {
    const clock = new Date(s.clock);
    const channel = s.channel;
    const effective = channel === "playground" ? "voice" : channel;
    const callerId =
      effective === "chat" ? null : s.caller.callerId === false ? null : (s.caller.callerId ?? s.caller.phone ?? null);
    const start = await startConversation({
      organizationId: world.organizationId,
      channel,
      facilityId: s.facility ? world.facilities[s.facility]!.id : undefined,
      fromAddress: callerId,
      toAddress: s.facility ? world.facilities[s.facility]!.phone : null,
      now: clock,
    });
    const caller = new SimulatedCaller(
      s,
      Object.fromEntries(Object.entries(world.facilities).map(([slug, f]) => [slug, f.name])),
    );
    let said: { text: string; why: string } | null = { text: caller.opening(), why: "opening" };
    let repeats = 0;
    while (said && turns.length < s.maxTurns) {
      // Each turn a little later, as in a real call.
      const now = new Date(clock.getTime() + (turns.length + 1) * 15_000);
      const t0 = performance.now();
      let turn: AgentTurn;
      try {
        turn = await respond({
          organizationId: world.organizationId,
          conversationId: start.conversationId,
          text: said.text,
          now,
          brain,
        });
      } catch (err) {
        failures.push(`engine threw on "${said.text}": ${(err as Error).message}`);
        break;
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      const prev = turns.at(-1);
      turns.push(record(said.text, said.why, turn, ms));
      if (turn.end) break;
      repeats = prev && prev.reply === turn.reply && prev.caller === said.text ? repeats + 1 : 0;
      if (repeats + 1 >= STUCK_REPEATS) {
        failures.push(`stuck: the agent gave the same reply ${STUCK_REPEATS} times ("${turn.reply.slice(0, 80)}")`);
        break;
      }
      said = caller.next({
        state: turn.state,
        inbox:
          answerKey(turn.state) === "verification:one_time_code"
            ? await textsTo(world.organizationId, s.caller.phone)
            : undefined,
      });
    }
    if (said && turns.length >= s.maxTurns && !turns.at(-1)?.end)
      failures.push(`not finished after ${s.maxTurns} turns`);
    await endConversation({
      organizationId: world.organizationId,
      conversationId: start.conversationId,
      now: new Date(clock.getTime() + (turns.length + 2) * 15_000),
    });
    failures.push(...(await judge(world, start.conversationId, turns, s.expect)));
  } catch (err) {
    failures.push(`harness error: ${(err as Error).stack ?? String(err)}`);
  } finally {
    if (!opts.keep) await dropWorld(world.organizationId).catch(() => undefined);
  }
  return { id: s.id, title: s.title, tags: s.tags, pass: failures.length === 0, failures, turns, latencies };
}

/** Runs scenarios with a small pool (each has its own organization, so they never interfere). */
export async function runScenarios(
  list: readonly Scenario[],
  opts: RunOptions & { concurrency?: number; onResult?: (r: ScenarioResult) => void } = {},
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await runScenario(list[i]!, opts);
      opts.onResult?.(results[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return results;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface SuiteSummary {
  scenarios: number;
  passed: number;
  taskSuccess: number;
  intentAccuracy: number;
  intentHeldOut: { correct: number; total: number };
  entityF1: number;
  entityPrecision: number;
  entityRecall: number;
  turns: number;
  latencyP50: number;
  latencyP99: number;
}

export function summarise(results: readonly ScenarioResult[]): SuiteSummary {
  const intents = heldOutIntentAccuracy();
  const entities = evaluateEntities();
  const lat = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const passed = results.filter((r) => r.pass).length;
  return {
    scenarios: results.length,
    passed,
    taskSuccess: results.length ? passed / results.length : 0,
    intentAccuracy: intents.accuracy,
    intentHeldOut: { correct: intents.correct, total: intents.total },
    entityF1: entities.f1,
    entityPrecision: entities.precision,
    entityRecall: entities.recall,
    turns: lat.length,
    latencyP50: percentile(lat, 50),
    latencyP99: percentile(lat, 99),
  };
}

/** The gate CI enforces for the default brain. */
export const THRESHOLDS = { taskSuccess: 0.95, intentAccuracy: 0.95 } as const;

export function transcript(r: ScenarioResult): string {
  return r.turns
    .map(
      (t, i) =>
        `  ${String(i + 1).padStart(2)}. caller (${t.why}): ${JSON.stringify(t.caller)}\n      agent [${t.intent ?? "-"} → ${t.expecting ?? t.offer ?? "-"}${t.actions.length ? `; ${t.actions.map((a) => `${a.name}${a.ok ? "" : "✗"}`).join(",")}` : ""}${t.end ? `; END ${t.end.reason}` : ""}]: ${t.reply}`,
    )
    .join("\n");
}
