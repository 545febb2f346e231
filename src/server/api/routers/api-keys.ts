import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createApiKey, listApiKeys, revokeApiKey, ZApiKeyId, ZCreateApiKey } from "@/server/public-api/api-keys";

import { domainCall } from "./integrations-errors";

const actorOf = (ctx: { user: { id: string; email: string } }) => ({ userId: ctx.user.id, label: ctx.user.email });

/** Keys for the public REST API (/api/v1). Owners and admins only: a key acts for the whole organization. */
export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listApiKeys(tx, ctx.organizationId))),
  create: adminProcedure
    .input(ZCreateApiKey)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createApiKey(tx, ctx.organizationId, actorOf(ctx), input))),
  revoke: adminProcedure
    .input(ZApiKeyId)
    .mutation(({ ctx, input }) =>
      domainCall(() => ctx.tenant((tx) => revokeApiKey(tx, ctx.organizationId, actorOf(ctx), input.id))),
    ),
});
