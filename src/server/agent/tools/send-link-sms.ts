import { z } from "zod";

import { outboxSmsIn, sendSms } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";
import { toE164 } from "@/lib/normalize-phone";

import { resolveFacilityId } from "./channel";
import { defineTool, refuse } from "./types";

const URL_RE = /https?:\/\/[^\s)]+/;

/**
 * Texts the caller a link. A payment link comes from the operator's knowledge base (an entry tagged
 * "payment_link" holding their portal URL): card numbers are never taken by the agent.
 */
export const sendLinkSms = defineTool({
  name: "send_link_sms",
  description:
    "Text the caller a link: payment (the operator's online payment page), directions (map link), or their reservation details. Goes to the caller ID (or the verified phone).",
  args: z.object({ kind: z.enum(["payment", "directions", "reservation"]), to: z.string().trim().max(40).optional() }),
  // Writes the outbox row in the turn's transaction when Twilio is not configured.
  mutates: true,
  async run(ctx, args) {
    const facilityId = await resolveFacilityId(ctx);
    if (!facilityId) return refuse("which_facility", "Ask which facility first.");
    const f = (await ctx.facts.facility(facilityId))!;
    // Only the caller's own number: a stated number must be the caller ID or a verified one.
    const to = (args.to && toE164(args.to)) || ctx.state.callerId;
    if (!to || (to !== ctx.state.callerId && to !== ctx.state.slots.phone))
      return refuse("no_number", "Ask for the caller's mobile number first.");
    let body: string;
    if (args.kind === "payment") {
      const kb = await ctx.facts.knowledge(f.id);
      const entry = kb.find((k) => k.tags.includes("payment_link") && URL_RE.test(k.answer));
      if (!entry)
        return refuse("no_payment_link", "This facility has no online payment page; offer a person or a call back.");
      body = `${f.name}: pay your rent securely here: ${URL_RE.exec(entry.answer)![0]}`;
    } else if (args.kind === "directions") {
      const addr = [f.addressLine1, f.city, f.state, f.postalCode].filter(Boolean).join(", ");
      if (!addr) return refuse("no_address", "No address is on file.");
      body = `${f.name}: ${addr}. Map: https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(addr)}${f.directions ? `\n${f.directions}` : ""}`;
    } else {
      const r = ctx.state.reservation;
      if (!r) return refuse("no_reservation", "No reservation was made in this conversation.");
      body = `${f.name}: your reservation is confirmed. Confirmation code ${r.confirmationCode}. Bring a photo ID to move in.`;
    }
    const text = {
      organizationId: ctx.organizationId,
      to,
      body,
      facilityId: f.id,
      conversationId: ctx.conversationId,
      idempotencyKey: `agent:${ctx.conversationId}:${args.kind}:${ctx.state.turns}`,
    };
    // With Twilio the text is claimed, committed and sent on its own, so the reply can say whether
    // it went out; without it the outbox row is the delivery and is written with the turn.
    const res = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(ctx.tx, text);
    if (!res.ok) return refuse(res.reason, res.message);
    return { ok: true as const, kind: args.kind, status: res.status };
  },
});
