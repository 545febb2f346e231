import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { createApiKey, listApiKeys, revokeApiKey, ZApiKeyId, ZCreateApiKey } from "@/server/public-api/api-keys";

/** Keys for the public REST API (/api/v1). Owners and admins only: a key acts for the whole organization. */
export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listApiKeys(tx, ctx.organizationId))),
  create: adminProcedure
    .input(ZCreateApiKey)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createApiKey(tx, ctx.organizationId, ctx.actor, input))),
  revoke: adminProcedure
    .input(ZApiKeyId)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => revokeApiKey(tx, ctx.organizationId, ctx.actor, input.id))),
});
