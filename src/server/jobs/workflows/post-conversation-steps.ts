import { and, asc, eq, sql } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import { conversation, lead, message, webhookDelivery, type ConversationOutcome } from "@/server/db/schema";
import { callMinutes, recordUsage } from "@/server/billing/usage";
import { publish } from "@/server/realtime/publish";
import { emitCallCompleted } from "@/server/webhooks/domain-events";

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

type Turn = { role: string; text: string; intent: string | null; tools: string[] };

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

/** The summary without a model: who asked what, which tools ran, how it ended. */
export function buildSummary(channel: string, outcome: ConversationOutcome, turns: Turn[]): string {
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
      if (!already) await emitCallCompleted(tx, organizationId, conversationId);
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
