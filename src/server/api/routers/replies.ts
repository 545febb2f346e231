import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { setConversationHandler, ZSetHandler } from "@/server/calls/take-over";
import { sendStaffChat, ZStaffChat } from "@/server/channels/chat/staff-chat";
import { sendStaffText, staffTextStatus, ZStaffText } from "@/server/channels/sms/staff-text";
import { publish } from "@/server/realtime/publish";

/**
 * Replying from the dashboard (docs/console.md): text a lead or customer, answer a visitor in a live
 * web chat, take a live text or chat thread from the agent and hand it back. Any member may: staff
 * answer customers.
 */
export const repliesRouter = createTRPCRouter({
  /** Whether a text can go to this person now (opt-out, quiet hours), for the composer. */
  textStatus: orgProcedure
    .input(z.object({ customerId: z.uuid().nullish(), conversationId: z.uuid().nullish() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => staffTextStatus(tx, ctx.organizationId, input))),
  sendText: orgProcedure
    .input(ZStaffText)
    .mutation(({ ctx, input }) => sendStaffText(ctx.organizationId, ctx.actor, input)),
  sendChat: orgProcedure
    .input(ZStaffChat)
    .mutation(({ ctx, input }) => sendStaffChat(ctx.organizationId, ctx.actor, input)),
  setHandler: orgProcedure.input(ZSetHandler).mutation(async ({ ctx, input }) => {
    const r = await ctx.tenant((tx) => setConversationHandler(tx, ctx.organizationId, ctx.actor, input));
    await publish(ctx.organizationId, { type: "conversation.updated", conversationId: r.conversationId });
    return r;
  }),
});
