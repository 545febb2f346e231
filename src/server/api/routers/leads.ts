import { z } from "zod";

import { createTRPCRouter } from "@/server/api/trpc";
import { LEAD_STATUSES } from "@/server/db/schema";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { changeLeadStatus } from "@/server/domain/leads/change-lead-status";
import { ZCaptureLead, ZLeadDetails, ZLeadStatusChange } from "@/server/domain/leads/lead-input";
import { countLeadsByStatus, listLeads, updateLead } from "@/server/domain/leads/update-lead";

import { actorOf, domainProcedure } from "./inventory-procedures";

export const ZLeadList = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  ownerMemberId: z.string().optional(),
  limit: z.number().int().min(1).max(2000).optional(),
});
export const ZLeadUpdate = z.object({ leadId: z.uuid(), patch: ZLeadDetails });

/** Every member (staff included) works leads. */
export const leadsRouter = createTRPCRouter({
  list: domainProcedure
    .input(ZLeadList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listLeads(tx, ctx.organizationId, input))),
  counts: domainProcedure.query(({ ctx }) => ctx.tenantRead((tx) => countLeadsByStatus(tx, ctx.organizationId))),
  capture: domainProcedure
    .input(ZCaptureLead)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => captureLead(tx, ctx.organizationId, actorOf(ctx), input))),
  changeStatus: domainProcedure
    .input(ZLeadStatusChange)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => changeLeadStatus(tx, ctx.organizationId, actorOf(ctx), input))),
  update: domainProcedure
    .input(ZLeadUpdate)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => updateLead(tx, ctx.organizationId, actorOf(ctx), input.leadId, input.patch)),
    ),
});
