import { createTRPCRouter, managerProcedure } from "@/server/api/trpc";
import {
  listChatWidgets,
  rotateChatWidgetKey,
  saveChatWidget,
  ZChatWidgetFacility,
  ZSaveChatWidget,
} from "@/server/channels/chat/widget-settings";

import { domainCall } from "./integrations-errors";

const actorOf = (ctx: { user: { id: string; email: string } }) => ({ userId: ctx.user.id, label: ctx.user.email });

/** Settings > Web chat: the embeddable widget of each facility. Managers and above. */
export const chatWidgetRouter = createTRPCRouter({
  list: managerProcedure.query(({ ctx }) => ctx.tenant((tx) => listChatWidgets(tx, ctx.organizationId))),
  save: managerProcedure
    .input(ZSaveChatWidget)
    .mutation(({ ctx, input }) =>
      domainCall(() => ctx.tenant((tx) => saveChatWidget(tx, ctx.organizationId, actorOf(ctx), input))),
    ),
  rotateKey: managerProcedure
    .input(ZChatWidgetFacility)
    .mutation(({ ctx, input }) =>
      domainCall(() => ctx.tenant((tx) => rotateChatWidgetKey(tx, ctx.organizationId, actorOf(ctx), input.facilityId))),
    ),
});
