import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { findAnyone, ZFindAnyone } from "@/server/domain/search/find-anyone";

export const searchRouter = createTRPCRouter({
  /**
   * The header's "find anyone" box. On the primary, not the replica: an operator who just booked
   * someone searches for them at once.
   */
  anyone: orgProcedure
    .input(ZFindAnyone)
    .query(({ ctx, input }) => ctx.tenant((tx) => findAnyone(tx, ctx.organizationId, input))),
});
