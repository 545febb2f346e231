import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { getCall } from "@/server/calls/get-call";
import { listCalls, ZListCalls } from "@/server/calls/list-calls";
import { pickSimulationNumber, startSimulation, ZSimulate } from "@/server/calls/simulate";
import { realtimeClientConfig } from "@/server/realtime/client-config";

/**
 * Calls in the dashboard: every member of the organization sees its calls, texts and chats with
 * their transcripts; any member may play a simulated call (it rings the organization's own number
 * through the real webhooks, so it is visible to everyone watching live, like a real call).
 */
export const callsRouter = createTRPCRouter({
  list: orgProcedure
    .input(ZListCalls)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listCalls(tx, ctx.organizationId, input))),
  get: orgProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getCall(tx, ctx.organizationId, input.id))),
  simulate: orgProcedure.input(ZSimulate).mutation(async ({ ctx, input }) => {
    const number = await ctx.tenant((tx) => pickSimulationNumber(tx, ctx.organizationId, input.phoneNumberId));
    const { done: _done, ...started } = startSimulation(ctx.organizationId, number.e164, input);
    return started;
  }),
  /** How this browser should listen for live updates: Pusher when configured, else our SSE stream. */
  realtime: orgProcedure.query(({ ctx }) => realtimeClientConfig(ctx.organizationId)),
});
