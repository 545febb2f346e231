import { z } from "zod";

import { queueEventAlert } from "@/server/alerts/triggers";
import { transferTargetsOf } from "@/server/domain/facilities/agent-settings";

import { resolveFacilityId } from "./channel";
import { hoursOn, isOpenAt, localClock } from "@/server/domain/facilities/office-hours";
import { defineTool, refuse } from "./types";

/**
 * Hands the call to a person while the office is open by the facility's own clock and a transfer
 * number is set: after hours nobody answers, so the caller leaves a message instead. The facility's
 * agent settings can send every request to a message (staff call back), or put callers through after
 * hours too (an on-call phone). An urgent request is put through whenever someone can answer.
 */
export const transferToPerson = defineTool({
  name: "transfer_to_person",
  description:
    "Transfer the caller to staff. Works only while the office is open; otherwise the result says to take a message.",
  args: z.object({ reason: z.string().trim().max(300).optional(), urgent: z.boolean().default(false) }),
  async run(ctx, args) {
    const facilityId = await resolveFacilityId(ctx);
    if (!facilityId) return refuse("which_facility", "Ask which facility first.");
    const f = (await ctx.facts.facility(facilityId))!;
    const behaviour = await ctx.facts.agentBehaviour(f.id);
    const [to = null, ...alsoRing] = await transferTargetsOf(ctx.tx, ctx.organizationId, f, behaviour);
    const clock = localClock(ctx.now, f.timeZone);
    const open = isOpenAt(hoursOn(f.officeHours, await ctx.facts.closures(f.id), clock), clock.time);
    if (!open && !(behaviour.afterHours === "transfer" && to)) {
      // The operator may want to know at once (Settings > Alerts); one alert per conversation.
      await queueEventAlert(ctx.organizationId, "after_hours_person", ctx.conversationId);
      return { ...refuse("office_closed", "The office is closed now: take a message instead."), transferTo: null };
    }
    if (!to)
      return {
        ...refuse("no_transfer_number", "No transfer number is set: take a message instead."),
        transferTo: null,
      };
    if (open && behaviour.transferMode === "message" && !args.urgent)
      return {
        ...refuse("messages_only", "Staff call back instead of taking live transfers: take a message."),
        transferTo: null,
      };
    if (ctx.state.channel !== "voice") {
      // Text and chat cannot be patched through: give the number to call instead.
      return {
        ok: true as const,
        transferTo: to,
        mode: "call_us" as const,
        reason: args.reason ?? null,
        urgent: args.urgent,
      };
    }
    return {
      ok: true as const,
      transferTo: to,
      mode: "transfer" as const,
      alsoRing,
      reason: args.reason ?? null,
      urgent: args.urgent,
    };
  },
});
