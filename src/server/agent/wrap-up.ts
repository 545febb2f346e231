/**
 * What a conversation leaves behind when it ends without the agent finishing the job: a hang-up, the
 * caller's silence, an error, a transfer nobody answered, a chat or text thread gone quiet. Nobody
 * who can be reached is lost (issue 21):
 * - a message being taken (or a person asked for while the office was closed) is saved with
 *   whatever was said: a message task with the caller's words, or a call-back task; so is something
 *   out of order the caller reported ("the gate won't open") before answering the offer of a person
 *   or an urgent message, as an urgent message;
 * - an account matter left unanswered (balance, gate code, payment, cancellation) becomes a call-back
 *   task, never a sales lead;
 * - a caller who asked about renting becomes (or updates) a lead from the caller ID or the contact
 *   they gave, with the facility, size, quoted price and move-in date, and the lead is marked quoted.
 *
 * Runs once per conversation (`state.wrappedUp`), inside endConversation's transaction, before the
 * post-conversation workflow starts. Every write is idempotent (tasks by source key, leads merged by
 * person), and a failure here is logged and rolled back to its savepoint: it never keeps a
 * conversation from ending.
 */
import { and, eq } from "drizzle-orm";

import { lead } from "@/server/db/schema";
import { advanceLeadForCustomer } from "@/server/domain/leads/change-lead-status";
import { createTask } from "@/server/domain/tasks/create-task";
import { log } from "@/server/log";

import { withUnit } from "./dialogue/message-words";
import type { DialogueState } from "./dialogue/state";
import { money } from "./dialogue/say";
import { runTool, type ToolContext } from "./tools";
import { NO_WORDS } from "./tools/take-message";

const ACCOUNT_WORDS: Record<NonNullable<DialogueState["pendingAccount"]>, string> = {
  balance: "their balance",
  gate_code: "their gate code",
  cancel: "cancelling a reservation",
  payment: "a payment",
};

/** The tasks this wrap-up created, for the staff alert after the commit. */
export interface WrapUpResult {
  taskIds: string[];
}

export async function wrapUp(ctx: ToolContext): Promise<WrapUpResult> {
  const s = ctx.state;
  const out: WrapUpResult = { taskIds: [] };
  if (s.wrappedUp) return out;
  s.wrappedUp = true;
  const phone = s.slots.phone || s.callerId || undefined;
  const email = s.slots.email || undefined;
  if (!phone && !email) return out;
  try {
    if (messagePending(s)) {
      const r = await runTool(ctx, "take_message", {
        name: s.slots.name,
        phone,
        email,
        message: withUnit(s.slots.message || NO_WORDS, s.slots.unit),
        urgent: !!s.slots.urgent,
      });
      if (r.ok && r.taskCreated) out.taskIds.push(r.taskId);
    } else if (s.pendingAccount && !s.messagesTaken) {
      const who = s.slots.name || s.verification.name || phone || email!;
      const what = ACCOUNT_WORDS[s.pendingAccount];
      const { task, created } = await ctx.tx.transaction((sp) =>
        createTask(sp, ctx.organizationId, ctx.actor, {
          kind: "callback",
          title: `Call back ${who} about ${what}`,
          body: `Asked about ${what}; the conversation ended before it was answered.`,
          facilityId: s.facilityId,
          contactName: s.slots.name || s.verification.name || null,
          contactPhone: phone ?? null,
          contactEmail: email ?? null,
          customerId: s.verification.verified ? (s.verification.customerId ?? null) : null,
          conversationId: ctx.conversationId,
          dueAt: ctx.now,
          sourceKey: `conversation:${ctx.conversationId}:callback`,
        }),
      );
      if (created) out.taskIds.push(task.id);
    }
    if (askedAboutRenting(s) && !s.reservation) await leadFromQuote(ctx, phone, email);
  } catch (err) {
    log.error({ conversationId: ctx.conversationId, err: String(err) }, "could not save what a conversation left");
  }
  return out;
}

/** A message was being taken (and not yet saved) when the conversation ended. */
function messagePending(s: DialogueState): boolean {
  if (s.messagesTaken) return false;
  // Something out of order reported ("my lock is broken") and not yet passed on: the offer of a
  // person or a message was not answered (a hang-up, a text thread gone quiet). A "no" clears it.
  if (s.slots.urgent && s.slots.message && s.slots.message !== NO_WORDS) return true;
  if (s.flow === "message" && s.offer !== "message") return true;
  return !!s.messagePaused;
}

function askedAboutRenting(s: DialogueState): boolean {
  return !!(s.quoted || s.flow === "quote" || s.flow === "reserve" || s.slots.width || s.slots.sizeHint);
}

/**
 * The caller's lead with what was discussed: created from the caller ID or contact when the agent
 * made none, or given the quote when it did; a quoted lead moves to "quoted".
 */
async function leadFromQuote(ctx: ToolContext, phone: string | undefined, email: string | undefined) {
  const s = ctx.state;
  const q = s.quoted;
  const facilityName = q ? (await ctx.facts.facility(q.facilityId))?.name : null;
  const noted = q
    ? `Quoted ${q.unitTypeName}${facilityName ? ` at ${facilityName}` : ""}: ${money(q.monthlyRateCents)}/mo${s.slots.moveInDate ? `, move-in ${s.slots.moveInDate}` : ""}; did not book.`
    : s.slots.width
      ? `Asked about a ${s.slots.width}x${s.slots.length}; did not book.`
      : "Asked about renting a unit; did not book.";
  const r = await runTool(ctx, "capture_lead", {
    name: s.slots.name,
    phone,
    email,
    widthFt: q?.widthFt ?? s.slots.width,
    lengthFt: q?.lengthFt ?? s.slots.length,
    unitTypeId: q?.unitTypeId ?? s.slots.unitTypeId,
    moveInDate: s.slots.moveInDate,
    notes: noted,
  });
  if (!r.ok || !q) return;
  const [row] = await ctx.tx
    .select({ customerId: lead.customerId })
    .from(lead)
    .where(and(eq(lead.organizationId, ctx.organizationId), eq(lead.id, r.leadId)));
  if (row) await advanceLeadForCustomer(ctx.tx, ctx.organizationId, ctx.actor, row.customerId, "quoted");
}
