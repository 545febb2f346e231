import { z } from "zod";

import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { DomainError } from "@/server/domain/errors";
import { kickOutbox } from "@/server/jobs/outbox";
import {
  connectPms,
  disconnectPms,
  linkFacility,
  listPmsConnections,
  queueSync,
  testPmsCredentials,
  updatePmsCredentials,
  updatePmsSettings,
  ZConnectPms,
  ZLinkFacility,
  ZPmsCredentials,
  ZPmsSettings,
  ZUpdatePmsCredentials,
} from "@/server/pms/connections";

/**
 * Settings > Integrations: the organization's PMS connections (docs/integrations.md). Owners and
 * admins only: credentials act for the whole organization. Calls to the PMS (Test connection, the
 * test before connecting) run outside any transaction; syncs run as workflows started through the
 * outbox, kicked after the commit.
 */
const ZConnectionId = z.object({ connectionId: z.string().uuid() });

/** Connecting or replacing credentials always tests them first: a bad key never gets stored. */
async function requireWorkingCredentials(credentials: z.infer<typeof ZPmsCredentials>) {
  const test = await testPmsCredentials(credentials);
  if (!test.ok) throw new DomainError("BAD_REQUEST", test.message, { reason: test.reason });
  return test;
}

export const integrationsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listPmsConnections(tx, ctx.organizationId))),
  /** "Test connection": what the PMS says about these credentials, and the facilities they can see. */
  test: adminProcedure.input(ZPmsCredentials).mutation(({ input }) => testPmsCredentials(input)),
  connect: adminProcedure.input(ZConnectPms).mutation(async ({ ctx, input }) => {
    const test = await requireWorkingCredentials(input.credentials);
    const known = new Set(test.facilities.map((f) => f.externalId));
    const unknown = Object.keys(input.facilityLinks).filter((id) => !known.has(id));
    if (unknown.length) throw new DomainError("BAD_REQUEST", `The PMS does not list facility ${unknown.join(", ")}.`);
    const { view, workflowId } = await ctx.tenant(async (tx) => {
      const view = await connectPms(tx, ctx.organizationId, ctx.actor, input);
      return { view, workflowId: await queueSync(tx, ctx.organizationId, view.id, "full", "connect") };
    });
    kickOutbox([workflowId]);
    return view;
  }),
  updateCredentials: adminProcedure.input(ZUpdatePmsCredentials).mutation(async ({ ctx, input }) => {
    await requireWorkingCredentials(input.credentials);
    const { view, workflowId } = await ctx.tenant(async (tx) => {
      const view = await updatePmsCredentials(tx, ctx.organizationId, ctx.actor, input);
      return { view, workflowId: await queueSync(tx, ctx.organizationId, view.id, "full") };
    });
    kickOutbox([workflowId]);
    return view;
  }),
  /** The operator's switches on a connection (sharing the PMS's gate codes with verified callers). */
  updateSettings: adminProcedure
    .input(ZPmsSettings)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updatePmsSettings(tx, ctx.organizationId, ctx.actor, input))),
  linkFacility: adminProcedure
    .input(ZLinkFacility)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => linkFacility(tx, ctx.organizationId, ctx.actor, input))),
  /** "Sync now": a full reconciliation, started at once in this process. */
  syncNow: adminProcedure.input(ZConnectionId).mutation(async ({ ctx, input }) => {
    const workflowId = await ctx.tenant((tx) => queueSync(tx, ctx.organizationId, input.connectionId, "full"));
    kickOutbox([workflowId]);
    return { started: true };
  }),
  disconnect: adminProcedure
    .input(ZConnectionId)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => disconnectPms(tx, ctx.organizationId, ctx.actor, input.connectionId)),
    ),
});
