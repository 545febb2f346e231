import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { WEBHOOK_EVENT_TYPES } from "@/server/db/schema";
import { WEBHOOK_EVENT_DOCS } from "@/server/public-api/webhook-event-schema";
import { deliverDue } from "@/server/webhooks/deliver";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  requeueDelivery,
  updateEndpoint,
  ZCreateEndpoint,
  ZDeliveryId,
  ZDeliveryList,
  ZEndpointId,
  ZUpdateEndpoint,
} from "@/server/webhooks/endpoints";

/** Outbound webhook endpoints and their delivery log. Owners and admins only. */
export const webhooksRouter = createTRPCRouter({
  eventTypes: adminProcedure.query(() =>
    WEBHOOK_EVENT_TYPES.map((type) => ({ type, description: WEBHOOK_EVENT_DOCS[type].description })),
  ),
  list: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listEndpoints(tx, ctx.organizationId))),
  create: adminProcedure
    .input(ZCreateEndpoint)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createEndpoint(tx, ctx.organizationId, ctx.actor, input))),
  update: adminProcedure
    .input(ZUpdateEndpoint)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateEndpoint(tx, ctx.organizationId, ctx.actor, input))),
  delete: adminProcedure
    .input(ZEndpointId)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => deleteEndpoint(tx, ctx.organizationId, ctx.actor, input.id))),
  deliveries: adminProcedure
    .input(ZDeliveryList)
    .query(({ ctx, input }) => ctx.tenant((tx) => listDeliveries(tx, ctx.organizationId, input))),
  /** Sends the delivery again right away (the log's Resend button) and reports the outcome. */
  resend: adminProcedure.input(ZDeliveryId).mutation(async ({ ctx, input }) => {
    const row = await ctx.tenant((tx) => requeueDelivery(tx, ctx.organizationId, ctx.actor, input.deliveryId));
    const outcome = await deliverDue({ organizationId: ctx.organizationId, deliveryId: row.id, limit: 1 });
    return { ...row, ...outcome };
  }),
});
