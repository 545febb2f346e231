import { runTool, type ToolContext } from "@/server/agent/tools";
import { say } from "./phrases";

/** A way to reach the caller back: a phone, or an e-mail (web chat, or a caller who prefers it). */
export const hasContact = (s: ToolContext["state"]) => !!(s.slots.phone || s.slots.email);

/**
 * Whatever the brain, a caller who has given a name and a phone or an e-mail is a lead even without
 * booking (speed to lead): captured once per conversation, merged with their existing lead.
 */
export async function captureLeadIfReadyCtx(ctx: ToolContext) {
  const s = ctx.state;
  if (!s.slots.name || !hasContact(s) || s.leadId || s.reservation) return;
  // A tenant's message is the office's task; they are a lead again only when they ask about renting.
  if (s.existingTenant && !s.slots.width && !s.slots.sizeHint && !s.quoted) return;
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

/**
 * Asks how to reach the caller. Voice and SMS callers are asked for a number (their caller ID is
 * offered first when there is one); a web chat has no caller ID, so an e-mail is just as good.
 */
export function askContact(s: ToolContext["state"], what: "reach" | "call_back" = "reach"): string {
  if (s.channel === "chat") return say(s, "lead.whats_the_best_phone_number");
  return what === "call_back" ? say(s, "lead.whats_the_best_number_to") : say(s, "lead.whats_the_best_phone_number_2");
}
