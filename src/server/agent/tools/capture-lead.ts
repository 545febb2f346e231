import { z } from "zod";

import { captureLead as captureLeadService } from "@/server/domain/leads/capture-lead";

import { leadSource, resolveFacilityId } from "./channel";
import { defineTool, refuse } from "./types";
import { isoDate } from "@/lib/zod-dates";

export const captureLead = defineTool({
  name: "capture_lead",
  mutates: true,
  description:
    "Save (or update) the caller as a lead: always call this when the caller gives a name and phone or e-mail, even without booking. Merges with the same person's existing lead.",
  args: z.object({
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(40).optional().describe("Defaults to the caller ID."),
    email: z.string().trim().max(254).optional(),
    widthFt: z.number().int().min(1).max(100).optional(),
    lengthFt: z.number().int().min(1).max(100).optional(),
    unitTypeId: z.uuid().optional(),
    moveInDate: isoDate().optional(),
    notes: z.string().trim().max(2000).optional(),
  }),
  async run(ctx, args) {
    const phone = args.phone || ctx.state.callerId || undefined;
    if (!phone && !args.email) return refuse("no_contact", "Ask for a phone number or e-mail first.");
    const facilityId = await resolveFacilityId(ctx);
    const r = await captureLeadService(ctx.tx, ctx.organizationId, ctx.actor, {
      source: leadSource(ctx.state),
      name: args.name,
      phone,
      email: args.email,
      facilityId,
      desiredWidthFt: args.widthFt,
      desiredLengthFt: args.lengthFt,
      desiredUnitTypeId: args.unitTypeId,
      desiredMoveInDate: args.moveInDate,
      notes: args.notes,
    });
    ctx.state.leadId = r.lead.id;
    return { ok: true as const, leadId: r.lead.id, created: r.created };
  },
});
