import { z } from "zod";

import { createTRPCRouter, managerProcedure, orgProcedure } from "@/server/api/trpc";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { deleteFacility } from "@/server/domain/facilities/delete-facility";
import { ZFacilityInput, ZFacilityPatch } from "@/server/domain/facilities/facility-input";
import {
  deleteKnowledgeBaseEntry,
  saveKnowledgeBaseEntry,
  ZKnowledgeBaseInput,
} from "@/server/domain/facilities/knowledge-base";
import { getFacility, listFacilities } from "@/server/domain/facilities/list-facilities";
import { setFacilityClosures, ZClosure } from "@/server/domain/facilities/set-closures";
import { updateFacility } from "@/server/domain/facilities/update-facility";
import { managedBy } from "@/server/pms/managed";

export const ZFacilityId = z.object({ facilityId: z.uuid() });
export const ZFacilityUpdate = z.object({ facilityId: z.uuid(), patch: ZFacilityPatch });
export const ZClosuresSet = z.object({ facilityId: z.uuid(), closures: z.array(ZClosure).max(366) });
export const ZKnowledgeBaseSave = z.object({ entryId: z.uuid().optional(), entry: ZKnowledgeBaseInput });
export const ZKnowledgeBaseDelete = z.object({ entryId: z.uuid() });

export const facilitiesRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => listFacilities(tx, ctx.organizationId))),
  /** The facility, and the PMS that manages it if one does ("Managed in storEDGE": its synced fields are read-only). */
  get: orgProcedure.input(ZFacilityId).query(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      const f = await getFacility(tx, ctx.organizationId, input.facilityId);
      const managed = await managedBy(tx, ctx.organizationId, "facility", [f.id]);
      return { ...f, managedBy: managed.get(f.id) ?? null };
    }),
  ),
  create: managerProcedure
    .input(ZFacilityInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createFacility(tx, ctx.organizationId, ctx.actor, input))),
  update: managerProcedure
    .input(ZFacilityUpdate)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => updateFacility(tx, ctx.organizationId, ctx.actor, input.facilityId, input.patch)),
    ),
  delete: managerProcedure
    .input(ZFacilityId)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteFacility(tx, ctx.organizationId, ctx.actor, input.facilityId)),
    ),
  setClosures: managerProcedure
    .input(ZClosuresSet)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => setFacilityClosures(tx, ctx.organizationId, ctx.actor, input.facilityId, input.closures)),
    ),
  saveKnowledgeBaseEntry: managerProcedure
    .input(ZKnowledgeBaseSave)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => saveKnowledgeBaseEntry(tx, ctx.organizationId, ctx.actor, input.entry, input.entryId)),
    ),
  deleteKnowledgeBaseEntry: managerProcedure
    .input(ZKnowledgeBaseDelete)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteKnowledgeBaseEntry(tx, ctx.organizationId, ctx.actor, input.entryId)),
    ),
});
