import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { changeLeadStatus } from "@/server/domain/leads/change-lead-status";
import { ZCaptureLead, ZLeadDetails, ZLeadStatusChange } from "@/server/domain/leads/lead-input";
import { countLeadsByStatus, listLeads, ZLeadFilters, ZLeadList } from "@/server/domain/leads/list-leads";
import { updateLead } from "@/server/domain/leads/update-lead";

export const ZLeadUpdate = z.object({ leadId: z.uuid(), patch: ZLeadDetails });

/** Every member (staff included) works leads. */
export const leadsRouter = createTRPCRouter({
  /** Search, filters, sort and a keyset page ("show more"): src/server/domain/leads/list-leads.ts. */
  list: orgProcedure
    .input(ZLeadList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listLeads(tx, ctx.organizationId, ctx.memberId, input))),
  /** Leads per status under the same search and filters (the board's column totals). */
  counts: orgProcedure
    .input(ZLeadFilters.optional())
    .query(({ ctx, input }) => ctx.tenantRead((tx) => countLeadsByStatus(tx, ctx.organizationId, ctx.memberId, input))),
  capture: orgProcedure
    .input(ZCaptureLead)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => captureLead(tx, ctx.organizationId, ctx.actor, input))),
  changeStatus: orgProcedure
    .input(ZLeadStatusChange)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => changeLeadStatus(tx, ctx.organizationId, ctx.actor, input))),
  update: orgProcedure
    .input(ZLeadUpdate)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => updateLead(tx, ctx.organizationId, ctx.actor, input.leadId, input.patch)),
    ),
});
