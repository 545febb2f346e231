import { createTRPCRouter, managerProcedure } from "@/server/api/trpc";
import {
  listChatWidgets,
  rotateChatWidgetKey,
  saveChatWidget,
  ZChatWidgetFacility,
  ZSaveChatWidget,
} from "@/server/channels/chat/widget-settings";

/** Settings > Web chat: the embeddable widget of each facility. Managers and above. */
export const chatWidgetRouter = createTRPCRouter({
  list: managerProcedure.query(({ ctx }) => ctx.tenant((tx) => listChatWidgets(tx, ctx.organizationId))),
  save: managerProcedure
    .input(ZSaveChatWidget)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => saveChatWidget(tx, ctx.organizationId, ctx.actor, input))),
  rotateKey: managerProcedure
    .input(ZChatWidgetFacility)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => rotateChatWidgetKey(tx, ctx.organizationId, ctx.actor, input.facilityId)),
    ),
});
