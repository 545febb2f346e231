import { and, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";

import { customer, rental } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { captureLead as captureLeadService } from "@/server/domain/leads/capture-lead";
import { createTask } from "@/server/domain/tasks/create-task";

import { leadSource, resolveFacilityId } from "./channel";
import type { ToolContext } from "./types";
import { localClock } from "@/server/domain/facilities/office-hours";
import { defineTool, refuse } from "./types";

/** What the message is for, when the caller left no words of their own. */
export const NO_WORDS = "Please call back.";

export const takeMessage = defineTool({
  name: "take_message",
  mutates: true,
  description:
    "Leave a message for the staff: it becomes a task for the office (a call back with the caller's words) and, for someone who is not yet a customer, a lead with the message in its notes. Use when the office is closed, no person can take the call, or booking is unavailable.",
  args: z.object({
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional().describe("Defaults to the caller ID."),
    email: z.string().trim().max(254).optional().describe("Enough on its own when there is no phone (web chat)."),
    message: z.string().trim().min(1).max(2000),
    urgent: z.boolean().default(false),
  }),
  async run(ctx, args) {
    const phone = args.phone || ctx.state.callerId || undefined;
    if (!phone && !args.email)
      return refuse("no_contact", "Ask for a phone number or e-mail to reach the caller first.");
    const facilityId = await resolveFacilityId(ctx);
    const f = facilityId ? await ctx.facts.facility(facilityId) : null;
    const when = f ? localClock(ctx.now, f.timeZone) : null;
    const note = `${args.urgent ? "URGENT message" : "Message"} (${ctx.state.channel}${when ? `, ${when.date} ${when.time}` : ""}): ${args.message}`;
    // An existing tenant's message is work for the office, not a sales lead.
    const tenantId = await tenantCustomerId(ctx, phone, args.email);
    let leadId: string | null = null;
    if (tenantId) ctx.state.existingTenant = true;
    else {
      const r = await captureLeadService(ctx.tx, ctx.organizationId, ctx.actor, {
        source: leadSource(ctx.state),
        name: args.name,
        phone,
        email: args.email,
        facilityId,
        notes: note,
        // The follow-up due now keeps the lead at the top of the leads queue too.
        nextFollowUpAt: ctx.now,
        score: args.urgent ? 100 : undefined,
      });
      ctx.state.leadId = r.lead.id;
      leadId = r.lead.id;
    }
    const n = (ctx.state.messagesTaken ?? 0) + 1;
    const words = args.message !== NO_WORDS;
    const who = args.name || phone || args.email!;
    const { task: row, created } = await createTask(ctx.tx, ctx.organizationId, ctx.actor, {
      kind: words ? "message" : "callback",
      priority: args.urgent ? "urgent" : "normal",
      title: words ? `Call back ${who}: message left` : `Call back ${who}`,
      body: args.message,
      facilityId,
      contactName: args.name ?? null,
      contactPhone: phone ?? null,
      contactEmail: args.email ?? null,
      customerId: tenantId,
      leadId,
      conversationId: ctx.conversationId,
      dueAt: ctx.now,
      // One task per message of this conversation: a retried save finds it instead of adding another.
      sourceKey: `conversation:${ctx.conversationId}:message:${n}`,
    });
    ctx.state.messagesTaken = n;
    return { ok: true as const, leadId, taskId: row.id, taskCreated: created, tenant: !!tenantId, urgent: args.urgent };
  },
});

/**
 * The customer with a unit here (an active rental) whom the caller is: the verified caller, else the
 * customer with this phone or e-mail. Null for everyone else.
 */
async function tenantCustomerId(ctx: ToolContext, phone: string | undefined, email: string | undefined) {
  const v = ctx.state.verification;
  const who = [
    ...(v.verified && v.customerId ? [eq(customer.id, v.customerId)] : []),
    ...(phone ? [eq(customer.phone, toE164(phone) ?? phone)] : []),
    ...(email ? [sql`lower(${customer.email}) = lower(${email})`] : []),
  ];
  if (!who.length) return null;
  const [row] = await ctx.tx
    .select({ id: customer.id })
    .from(customer)
    .innerJoin(rental, and(eq(rental.customerId, customer.id), eq(rental.organizationId, ctx.organizationId)))
    .where(and(eq(customer.organizationId, ctx.organizationId), isNull(rental.movedOutAt), or(...who)))
    .limit(1);
  return row?.id ?? null;
}
