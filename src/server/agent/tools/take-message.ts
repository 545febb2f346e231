import { z } from "zod";

import { captureLead as captureLeadService } from "@/server/domain/leads/capture-lead";

import { leadSource, resolveFacilityId } from "./channel";
import { localClock } from "@/server/domain/facilities/office-hours";
import { defineTool, refuse } from "./types";

export const takeMessage = defineTool({
  name: "take_message",
  mutates: true,
  description:
    "Leave a message for the staff: it becomes a lead with the message in its notes and a follow-up due now (a task). Use when the office is closed, no person can take the call, or booking is unavailable.",
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
    const r = await captureLeadService(ctx.tx, ctx.organizationId, ctx.actor, {
      source: leadSource(ctx.state),
      name: args.name,
      phone,
      email: args.email,
      facilityId,
      notes: note,
      // The follow-up due now is the staff's task: the leads queue sorts by it.
      nextFollowUpAt: ctx.now,
      score: args.urgent ? 100 : undefined,
    });
    ctx.state.leadId = r.lead.id;
    return { ok: true as const, leadId: r.lead.id, urgent: args.urgent };
  },
});
