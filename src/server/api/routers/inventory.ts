import { z } from "zod";

import { createTRPCRouter, managerProcedure, orgProcedure } from "@/server/api/trpc";
import { UNIT_STATUSES } from "@/server/db/schema";
import { exportData, exportUnitsCsv } from "@/server/domain/import/export-data";
import { IMPORT_MAX_BYTES } from "@/server/domain/import/parse-import";
import { runImport } from "@/server/domain/import/run-import";
import { getAvailability } from "@/server/domain/inventory/availability";
import { searchUnits, ZSearchUnits } from "@/server/domain/inventory/search-units";
import { changeUnitStatus } from "@/server/domain/inventory/unit-status";
import { ZUnitTypeInput, ZUnitTypePatch } from "@/server/domain/inventory/unit-type-input";
import { createUnitType, deleteUnitType, listUnitTypes, updateUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits, deleteUnit, listUnits, unitHistory } from "@/server/domain/inventory/units";
import { quoteUnitType, ZQuoteRequest } from "@/server/domain/quotes/quote-unit-type";
import { ZFeeInput, ZPromotionInput, ZProtectionPlanInput } from "@/server/domain/rates/rate-inputs";
import { deleteRateItem, listRateItems, saveRateItem } from "@/server/domain/rates/save-rate-item";

export const ZUnitTypeUpdate = z.object({ unitTypeId: z.uuid(), patch: ZUnitTypePatch });
export const ZUnitList = z.object({
  facilityId: z.uuid(),
  unitTypeId: z.uuid().optional(),
  status: z.enum(UNIT_STATUSES).optional(),
  freeOnly: z.boolean().optional(),
});
export const ZBulkCreateUnits = z.object({
  unitTypeId: z.uuid(),
  range: z.string().min(1).max(40),
  floor: z.number().int().min(-5).max(200).nullish(),
});
export const ZUnitStatusChange = z.object({
  unitIds: z.array(z.uuid()).min(1).max(2000),
  status: z.enum(["available", "unavailable"]),
  reason: z.string().trim().max(500).nullish(),
});
export const ZAvailability = z.object({ facilityId: z.uuid(), unitTypeId: z.uuid().optional() });
export const ZRateItemSave = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("promotion"), id: z.uuid().optional(), data: ZPromotionInput }),
  z.object({ kind: z.literal("fee"), id: z.uuid().optional(), data: ZFeeInput }),
  z.object({ kind: z.literal("protection_plan"), id: z.uuid().optional(), data: ZProtectionPlanInput }),
]);
export const ZImportRequest = z.object({
  format: z.enum(["json", "units_csv"]),
  text: z.string().min(1).max(IMPORT_MAX_BYTES),
});
export const ZExportRequest = z.object({ format: z.enum(["json", "units_csv"]) });
export const ZRateItemDelete = z.object({ kind: z.enum(["promotion", "fee", "protection_plan"]), id: z.uuid() });

export const inventoryRouter = createTRPCRouter({
  unitTypes: orgProcedure
    .input(z.object({ facilityId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => listUnitTypes(tx, ctx.organizationId, input.facilityId))),
  createUnitType: managerProcedure
    .input(ZUnitTypeInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createUnitType(tx, ctx.organizationId, ctx.actor, input))),
  updateUnitType: managerProcedure
    .input(ZUnitTypeUpdate)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => updateUnitType(tx, ctx.organizationId, ctx.actor, input.unitTypeId, input.patch)),
    ),
  deleteUnitType: managerProcedure
    .input(z.object({ unitTypeId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteUnitType(tx, ctx.organizationId, ctx.actor, input.unitTypeId)),
    ),

  units: orgProcedure
    .input(ZUnitList)
    .query(({ ctx, input }) => ctx.tenant((tx) => listUnits(tx, ctx.organizationId, input))),
  unitHistory: orgProcedure
    .input(z.object({ unitId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => unitHistory(tx, ctx.organizationId, input.unitId))),
  bulkCreateUnits: managerProcedure
    .input(ZBulkCreateUnits)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => bulkCreateUnits(tx, ctx.organizationId, ctx.actor, input))),
  changeUnitStatus: managerProcedure
    .input(ZUnitStatusChange)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => changeUnitStatus(tx, ctx.organizationId, ctx.actor, input))),
  deleteUnit: managerProcedure
    .input(z.object({ unitId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => deleteUnit(tx, ctx.organizationId, ctx.actor, input.unitId))),

  availability: orgProcedure
    .input(ZAvailability)
    .query(({ ctx, input }) => ctx.tenant((tx) => getAvailability(tx, ctx.organizationId, input))),
  search: orgProcedure
    .input(ZSearchUnits)
    .query(({ ctx, input }) => ctx.tenant((tx) => searchUnits(tx, ctx.organizationId, input))),
  /** The live quote preview: what the agent and the booking flow would charge. */
  quote: orgProcedure
    .input(ZQuoteRequest)
    .query(({ ctx, input }) => ctx.tenant((tx) => quoteUnitType(tx, ctx.organizationId, input))),

  rates: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => listRateItems(tx, ctx.organizationId))),
  saveRateItem: managerProcedure
    .input(ZRateItemSave)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) =>
        input.kind === "promotion"
          ? saveRateItem(tx, ctx.organizationId, ctx.actor, "promotion", input.data, input.id)
          : input.kind === "fee"
            ? saveRateItem(tx, ctx.organizationId, ctx.actor, "fee", input.data, input.id)
            : saveRateItem(tx, ctx.organizationId, ctx.actor, "protection_plan", input.data, input.id),
      ),
    ),
  deleteRateItem: managerProcedure
    .input(ZRateItemDelete)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteRateItem(tx, ctx.organizationId, ctx.actor, input.kind, input.id)),
    ),

  /** Upload → preview (validated and applied in a transaction that is rolled back) → confirm (import). */
  importPreview: managerProcedure
    .input(ZImportRequest)
    .mutation(({ ctx, input }) => runImport(ctx.organizationId, ctx.actor, { ...input, dryRun: true })),
  import: managerProcedure
    .input(ZImportRequest)
    .mutation(({ ctx, input }) => runImport(ctx.organizationId, ctx.actor, input)),
  export: orgProcedure
    .input(ZExportRequest)
    .query(({ ctx, input }) =>
      ctx.tenant(async (tx) =>
        input.format === "json"
          ? { format: "json" as const, file: await exportData(tx, ctx.organizationId) }
          : { format: "units_csv" as const, csv: await exportUnitsCsv(tx, ctx.organizationId) },
      ),
    ),
});
