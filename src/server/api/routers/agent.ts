import { z } from "zod";

import { createTRPCRouter } from "@/server/api/trpc";
import { respond, startConversation } from "@/server/agent/engine";
import { listMessages } from "@/server/agent/store/conversation-store";
import { conversation } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { and, eq } from "drizzle-orm";

import { domainProcedure } from "./inventory-procedures";

export const ZPlaygroundStart = z.object({
  facilityId: z.uuid(),
  /** The channel the playground behaves as: pricing, caller ID and texts follow it. */
  channel: z.enum(["voice", "sms", "chat"]).default("voice"),
  /** A caller ID to simulate (voice and SMS), e.g. an existing customer's phone. */
  fromAddress: z.string().trim().max(40).nullish(),
  language: z.enum(["en", "es"]).optional(),
});
export const ZPlaygroundSay = z.object({
  conversationId: z.uuid(),
  text: z.string().max(2000),
  brain: z.enum(["default", "llm", "auto"]).default("auto"),
});
export const ZConversationGet = z.object({ conversationId: z.uuid() });

/**
 * The agent in the dashboard: every member can talk to it as a caller of a chosen facility and see
 * each turn's intent, entities, tool calls and brain. Its actions are real (a reservation made
 * here holds a unit), as they would be for a caller.
 */
export const agentRouter = createTRPCRouter({
  playground: createTRPCRouter({
    start: domainProcedure.input(ZPlaygroundStart).mutation(({ ctx, input }) =>
      startConversation({
        organizationId: ctx.organizationId,
        channel: "playground",
        simulate: input.channel,
        facilityId: input.facilityId,
        fromAddress: input.fromAddress ?? null,
        language: input.language,
      }),
    ),
    say: domainProcedure
      .input(ZPlaygroundSay)
      .mutation(({ ctx, input }) => respond({ organizationId: ctx.organizationId, conversationId: input.conversationId, text: input.text, brain: input.brain })),
  }),
  conversation: createTRPCRouter({
    get: domainProcedure.input(ZConversationGet).query(({ ctx, input }) =>
      ctx.tenant(async (tx) => {
        const [row] = await tx.select().from(conversation).where(and(eq(conversation.organizationId, ctx.organizationId), eq(conversation.id, input.conversationId)));
        if (!row) throw notFound("Conversation");
        return { conversation: row, messages: await listMessages(tx, ctx.organizationId, row.id) };
      }),
    ),
  }),
});
