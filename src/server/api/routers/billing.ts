import { z } from "zod";

import { adminProcedure, createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import { createCheckoutSession, createPortalSession } from "@/server/billing/checkout";
import { getBillingState } from "@/server/billing/entitlements";
import { billingOverview, usageOverview } from "@/server/billing/overview";
import { INTERVALS, PAID_PLAN_IDS } from "@/server/billing/plans";

export const ZCheckout = z.object({ plan: z.enum(PAID_PLAN_IDS), interval: z.enum(INTERVALS) });

/** Billing is for owners and admins (adminProcedure); `notice` is the one thing every member sees. */
export const billingRouter = createTRPCRouter({
  status: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => billingOverview(tx, ctx.organizationId))),

  usage: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => usageOverview(tx, ctx.organizationId))),

  checkout: adminProcedure.input(ZCheckout).mutation(async ({ ctx, input }) => {
    const session = await createCheckoutSession({
      organizationId: ctx.organizationId,
      plan: input.plan,
      interval: input.interval,
      email: ctx.user.email,
    });
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: { userId: ctx.user.id, label: ctx.user.email },
        action: "billing.checkout_started",
        targetType: "checkout_session",
        targetId: session.id,
        data: input,
      }),
    );
    return { url: session.url };
  }),

  portal: adminProcedure.mutation(({ ctx }) => createPortalSession({ organizationId: ctx.organizationId })),

  /** For the past-due / trial banner shown to every member: status only, no amounts or ids. */
  notice: orgProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const s = await getBillingState(tx, ctx.organizationId);
      return {
        configured: s.configured,
        canBook: s.canBook,
        notice: s.notice,
        canManageBilling: ctx.role === "owner" || ctx.role === "admin",
      };
    }),
  ),
});
