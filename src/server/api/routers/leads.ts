import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { LEAD_STATUSES } from "@/server/db/schema";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { changeLeadStatus } from "@/server/domain/leads/change-lead-status";
import { ZCaptureLead, ZLeadDetails, ZLeadStatusChange } from "@/server/domain/leads/lead-input";
import { countLeadsByStatus, listLeads, updateLead } from "@/server/domain/leads/update-lead";

export const ZLeadList = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  ownerMemberId: z.string().optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});
export const ZLeadUpdate = z.object({ leadId: z.uuid(), patch: ZLeadDetails });

/** Every member (staff included) works leads. */
export const leadsRouter = createTRPCRouter({
  list: orgProcedure
    .input(ZLeadList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listLeads(tx, ctx.organizationId, input))),
  counts: orgProcedure.query(({ ctx }) => ctx.tenantRead((tx) => countLeadsByStatus(tx, ctx.organizationId))),
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
