import type { DialogueState } from "@/server/agent/dialogue/state";

/** The pricing channel of a conversation: calls get the street (phone) rate, chat the web rate. */
export function pricingChannel(state: DialogueState): "phone" | "sms" | "chat" {
  return state.channel === "voice" ? "phone" : state.channel;
}

export function leadSource(state: DialogueState): "call" | "sms" | "chat" {
  return state.channel === "voice" ? "call" : state.channel;
}

/** Which facility a tool acts on: the one asked for, else the conversation's, else the only one. */
export async function resolveFacilityId(
  ctx: { state: DialogueState; facts: { facilities(): Promise<{ id: string }[]> } },
  requested?: string | null,
): Promise<string | null> {
  const all = await ctx.facts.facilities();
  if (requested && all.some((f) => f.id === requested)) return requested;
  if (ctx.state.facilityId && all.some((f) => f.id === ctx.state.facilityId)) return ctx.state.facilityId;
  return all.length === 1 ? all[0]!.id : null;
}
