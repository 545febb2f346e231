import { and, asc, eq, sql } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import {
  conversation,
  lead,
  message,
  webhookDelivery,
  type ConversationOutcome,
  type ToolCallRecord,
} from "@/server/db/schema";
import { callMinutes, recordUsage } from "@/server/billing/usage";
import { publish } from "@/server/realtime/publish";
import { recordEvent } from "@/server/events/record";

import { scrubSecrets } from "@/server/read-model/scrub-secrets";

/**
 * Steps of the after-conversation workflow. Outcome and summary are only filled in when the
 * conversation does not have them yet (the agent may have set them live), and each write is
 * guarded so a re-run changes nothing.
 */
export interface ConversationFacts {
  channel: string;
  status: string;
  leadId: string | null;
  reservationId: string | null;
  durationSeconds: number | null;
  outcome: ConversationOutcome;
  summary: string;
  leadScore: number | null;
}

type Turn = { role: string; text: string; intent: string | null; tools: string[]; calls?: ToolCallRecord[] };

export function deriveOutcome(
  c: { outcome: ConversationOutcome | null; reservationId: string | null; leadId: string | null; handler: string },
  turns: Turn[],
): ConversationOutcome {
  if (c.outcome) return c.outcome;
  if (c.reservationId) return "reservation";
  const tools = new Set(turns.flatMap((t) => t.tools));
  if (c.handler === "staff" || tools.has("transfer")) return "transfer";
  if (turns.some((t) => t.intent === "leave-message")) return "message";
  const callerTurns = turns.filter((t) => t.role === "caller").length;
  if (c.leadId && callerTurns > 0) return "lead";
  if (callerTurns > 0 && turns.some((t) => t.role === "agent")) return "question_answered";
  return "abandoned";
}

const OUTCOME_WORDS: Record<ConversationOutcome, string> = {
  reservation: "made a reservation",
  lead: "left contact details (lead)",
  question_answered: "had their questions answered",
  transfer: "was transferred to staff",
  message: "left a message",
  abandoned: "hung up before being helped",
};

const dollars = (cents: number) => `$${(cents / 100).toFixed(cents % 100 ? 2 : 0)}`;
const TOPICS: Record<string, string> = {
  hours: "the office hours",
  access: "gate hours",
  address: "the address",
  directions: "directions",
  promotions: "specials",
  protection_plans: "protection plans",
  amenities: "amenities",
  sizes: "sizes",
};

/**
 * What an operator reads at a glance, from what the agent's tools did: "Sam Ortiz asked the price of a
 * 10x10 Climate, quoted $159/mo; did not book. Also asked about the office hours." Null when no tool
 * did anything a sentence can say.
 */
export function readableSummary(outcome: ConversationOutcome, turns: Turn[]): string | null {
  const calls = turns.flatMap((t) => t.calls ?? []).filter((c) => c.ok);
  const result = (c: ToolCallRecord) => (c.result ?? {}) as Record<string, unknown>;
  const arg = (c: ToolCallRecord, k: string) => (typeof c.args?.[k] === "string" ? (c.args[k] as string) : null);
  const name =
    calls
      .map((c) =>
        c.name === "capture_lead" || c.name === "take_message" || c.name === "create_reservation"
          ? arg(c, "name")
          : null,
      )
      .find(Boolean) ?? null;
  const parts: string[] = [];
  const quotes = calls.filter((c) => c.name === "get_quote" && typeof result(c).unitTypeName === "string");
  const lastQuote = quotes.at(-1);
  const booked = calls.find((c) => c.name === "create_reservation");
  if (lastQuote) {
    const r = result(lastQuote);
    parts.push(`asked the price of a ${String(r.unitTypeName)}, quoted ${dollars(Number(r.monthlyRateCents))}/mo`);
  }
  if (booked) {
    const r = result(booked);
    parts.push(`reserved it (code ${String(r.confirmationCode)}), moving in ${String(r.moveInDate)}`);
  } else if (lastQuote && outcome !== "transfer") parts.push("did not book");
  const msg = calls.filter((c) => c.name === "take_message").at(-1);
  if (msg) {
    const words = arg(msg, "message");
    parts.push(
      words && words !== "Please call back."
        ? `left a message: "${words.length > 200 ? `${words.slice(0, 197)}...` : words}"`
        : "asked for a call back",
    );
  }
  if (calls.some((c) => c.name === "transfer_to_person" && result(c).mode === "transfer"))
    parts.push("was transferred to the office");
  const topics = [
    ...new Set(
      calls
        .filter((c) => c.name === "facility_info")
        .map((c) => (arg(c, "topic") === "question" ? null : TOPICS[arg(c, "topic") ?? ""]))
        .filter((x): x is string => !!x),
    ),
  ];
  if (!parts.length && !topics.length) return null;
  const who = name ?? "Caller";
  const head = parts.length ? `${who} ${parts.join("; ")}.` : `${who} asked about ${topics.join(", ")}.`;
  const also = parts.length && topics.length ? ` Also asked about ${topics.join(", ")}.` : "";
  return `${head}${also}`;
}

/** The summary without a model: what happened, readable, else who asked what, which tools ran, how it ended. */
export function buildSummary(channel: string, outcome: ConversationOutcome, turns: Turn[]): string {
  const readable = readableSummary(outcome, turns);
  if (readable) return readable;
  const caller = turns.filter((t) => t.role === "caller");
  const first = caller[0]?.text.trim();
  const intents = [...new Set(caller.map((t) => t.intent).filter((i): i is string => Boolean(i && i !== "unclear")))];
  const tools = [...new Set(turns.flatMap((t) => t.tools))];
  const parts = [`${channel === "voice" ? "Caller" : "Customer"} ${OUTCOME_WORDS[outcome]}.`];
  if (first) parts.push(`Opened with: "${first.length > 160 ? `${first.slice(0, 157)}...` : first}"`);
  if (intents.length) parts.push(`Topics: ${intents.join(", ")}.`);
  if (tools.length) parts.push(`Agent used: ${tools.join(", ")}.`);
  parts.push(`${caller.length} caller turn${caller.length === 1 ? "" : "s"}.`);
  return parts.join(" ");
}

/** 0-100: how likely the lead is to rent soon, from what the conversation showed. */
export function scoreLead(
  l: {
    desiredUnitTypeId: string | null;
    desiredWidthFt: number | null;
    desiredMoveInDate: string | null;
    status: string;
  },
  outcome: ConversationOutcome,
  today: string,
): number {
  let score = 10;
  if (l.desiredUnitTypeId || l.desiredWidthFt) score += 20;
  if (l.desiredMoveInDate) {
    const days = (Date.parse(l.desiredMoveInDate) - Date.parse(today)) / 86_400_000;
    score += days <= 7 ? 30 : days <= 30 ? 15 : 5;
  }
  if (l.status === "quoted") score += 15;
  if (outcome === "reservation") score = 100;
  if (outcome === "transfer" || outcome === "message") score += 10;
  if (outcome === "abandoned") score -= 5;
  return Math.max(0, Math.min(100, score));
}

/**
 * `opts.summary`: the model's summary (conversation-summary.ts), used when the conversation has none
 * yet. When it wrote the outcome or summary, open dashboards are told after the commit
 * (`conversation.updated`), so a call's page shows the summary without a reload.
 */
export async function finalizeConversation(
  organizationId: string,
  conversationId: string,
  opts: { summary?: string | null } = {},
): Promise<ConversationFacts | null> {
  const result = await finalizeInTransaction(organizationId, conversationId, opts);
  if (!result) return null;
  if (result.updated) await publish(organizationId, { type: "conversation.updated", conversationId });
  return result.facts;
}

async function finalizeInTransaction(
  organizationId: string,
  conversationId: string,
  opts: { summary?: string | null },
) {
  return withOrg(organizationId, async (tx) => {
    // Row lock: two runs (or the agent) finalizing at once serialize here.
    const [c] = await tx
      .select()
      .from(conversation)
      .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)))
      .for("update");
    if (!c) return null;
    const rows = await tx
      .select({ role: message.role, text: message.text, intent: message.intent, toolCalls: message.toolCalls })
      .from(message)
      .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, conversationId)))
      .orderBy(asc(message.seq));
    const turns: Turn[] = rows.map((r) => ({
      role: r.role,
      text: r.text,
      intent: r.intent,
      tools: (r.toolCalls ?? []).map((t) => t.name),
      calls: r.toolCalls ?? [],
    }));
    const outcome = deriveOutcome(c, turns);
    const summary = c.summary ?? opts.summary ?? scrubSecrets(buildSummary(c.channel, outcome, turns));
    const updated = !c.outcome || !c.summary;
    if (updated) {
      await tx
        .update(conversation)
        .set({ outcome, summary })
        .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)));
    }

    let leadScore: number | null = null;
    if (c.leadId) {
      const [l] = await tx
        .select()
        .from(lead)
        .where(and(eq(lead.organizationId, organizationId), eq(lead.id, c.leadId)));
      if (l) {
        leadScore = Math.max(l.score, scoreLead(l, outcome, new Date().toISOString().slice(0, 10)));
        if (leadScore !== l.score)
          await tx
            .update(lead)
            .set({ score: leadScore })
            .where(and(eq(lead.organizationId, organizationId), eq(lead.id, l.id)));
      }
    }

    if (c.channel === "voice" && c.durationSeconds && c.durationSeconds > 0) {
      await recordUsage(tx, {
        organizationId,
        kind: "call_minutes",
        quantity: callMinutes(c.durationSeconds),
        sourceId: `conversation:${conversationId}`,
      });
    }

    // call.completed once per call: the check and the insert share this transaction and row lock.
    if (c.channel === "voice") {
      const [already] = await tx
        .select({ id: webhookDelivery.id })
        .from(webhookDelivery)
        .where(
          and(
            eq(webhookDelivery.organizationId, organizationId),
            eq(webhookDelivery.eventType, "call.completed"),
            sql`${webhookDelivery.payload}->'data'->>'id' = ${conversationId}`,
          ),
        )
        .limit(1);
      // The public API's Conversation JSON, read after the outcome and summary above are written.
      if (!already) await recordEvent(tx, { type: "call.completed", organizationId, conversationId });
    }
    const facts: ConversationFacts = {
      channel: c.channel,
      status: c.status,
      leadId: c.leadId,
      reservationId: c.reservationId,
      durationSeconds: c.durationSeconds,
      outcome,
      summary,
      leadScore,
    };
    return { facts, updated };
  });
}
