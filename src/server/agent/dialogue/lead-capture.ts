import { runTool, type ToolContext } from "@/server/agent/tools";

/**
 * Whatever the brain, a caller who has given a name and a phone is a lead even without booking
 * (speed to lead): captured once per conversation, merged with their existing lead.
 */
export async function captureLeadIfReadyCtx(ctx: ToolContext) {
  const s = ctx.state;
  if (!s.slots.name || !s.slots.phone || s.leadId || s.reservation) return;
  await runTool(ctx, "capture_lead", {
    name: s.slots.name,
    phone: s.slots.phone,
    email: s.slots.email,
    widthFt: s.slots.width,
    lengthFt: s.slots.length,
    unitTypeId: s.slots.unitTypeId,
    moveInDate: s.slots.moveInDate,
  });
}
