import { z } from "zod";

import { UNIT_FEATURES } from "@/server/db/schema";
import { ZFacilityInput, ZSlug } from "@/server/domain/facilities/facility-input";
import { ZKnowledgeBaseInput } from "@/server/domain/facilities/knowledge-base";
import { ZClosure } from "@/server/domain/facilities/set-closures";
import { checkPromotion, ZFeeInput, ZPromotionBase, ZProtectionPlanInput } from "@/server/domain/rates/rate-inputs";

/**
 * The organization import/export file (docs/import-format.md). Natural keys make it idempotent:
 * facility slug, unit type name within its facility, unit number within its facility, promotion /
 * fee / protection plan name, knowledge base (facility, kind, question), closure (facility, date).
 * Importing never deletes: rows missing from the file are left alone.
 */
const cents = z.number().int().min(0).max(100_000_000);

export const ZImportUnit = z
  .object({
    number: z.string().trim().min(1).max(20),
    floor: z.number().int().min(-5).max(200).nullish(),
    /** Only these two can be imported; reserved/occupied come from reservations and rentals. */
    status: z.enum(["available", "unavailable"]).default("available"),
  })
  .strict();

export const ZImportUnitType = z
  .object({
    name: z.string().trim().min(1).max(80),
    widthFt: z.number().int().min(1).max(500),
    lengthFt: z.number().int().min(1).max(500),
    heightFt: z.number().int().min(1).max(100).nullish(),
    features: z.array(z.enum(UNIT_FEATURES)).default([]),
    whatFits: z.string().trim().max(2000).nullish(),
    streetRateCents: cents,
    webRateCents: cents,
    active: z.boolean().default(true),
    /** Units as a range ("A101-A130"), as a list, or just a count (numbered NAME-01, NAME-02, ...). */
    unitRange: z.string().trim().max(40).optional(),
    units: z.array(ZImportUnit).optional(),
    count: z.number().int().min(0).max(5000).optional(),
  })
  .strict();

/** The dashboard's entry (Spanish versions included) without its facility: the file's nesting gives that. */
const ZImportKb = ZKnowledgeBaseInput.omit({ facilityId: true }).strict();

export const ZImportFacility = ZFacilityInput.extend({
  closures: z.array(ZClosure.strict()).default([]),
  /** Numbers already provisioned in the organization are assigned to this facility. */
  phoneNumbers: z.array(z.string().trim()).default([]),
  unitTypes: z.array(ZImportUnitType).default([]),
  knowledgeBase: z.array(ZImportKb).default([]),
}).strict();

/**
 * `facility` is a facility slug (null or omitted: every facility); unit types are "slug/name".
 * Strict like every object of the file: a misspelt `unitTypes` must not silently widen a promotion.
 */
const withFacilityRef = { facility: ZSlug.nullish() };
export const ZImportPromotion = ZPromotionBase.omit({ facilityId: true, unitTypeIds: true })
  .extend({ ...withFacilityRef, unitTypes: z.array(z.string()).default([]) })
  .strict()
  .superRefine(checkPromotion);
export const ZImportFee = ZFeeInput.omit({ facilityId: true }).extend(withFacilityRef).strict();
export const ZImportProtectionPlan = ZProtectionPlanInput.omit({ facilityId: true }).extend(withFacilityRef).strict();

export const ZImportFile = z
  .object({
    version: z.literal(1),
    facilities: z.array(ZImportFacility).default([]),
    promotions: z.array(ZImportPromotion).default([]),
    fees: z.array(ZImportFee).default([]),
    protectionPlans: z.array(ZImportProtectionPlan).default([]),
    /** Organization-wide policies and FAQ. */
    knowledgeBase: z.array(ZImportKb).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const slugs = new Map<string, Set<string>>();
    file.facilities.forEach((f, i) => {
      if (slugs.has(f.slug))
        ctx.addIssue({
          code: "custom",
          path: ["facilities", i, "slug"],
          message: `Duplicate facility slug "${f.slug}".`,
        });
      const names = new Set<string>();
      slugs.set(f.slug, names);
      const numbers = new Set<string>();
      f.unitTypes.forEach((t, j) => {
        if (names.has(t.name))
          ctx.addIssue({
            code: "custom",
            path: ["facilities", i, "unitTypes", j, "name"],
            message: `Duplicate unit type "${t.name}" in ${f.slug}.`,
          });
        names.add(t.name);
        const given = (t.units ? 1 : 0) + (t.unitRange ? 1 : 0);
        if (given > 1)
          ctx.addIssue({
            code: "custom",
            path: ["facilities", i, "unitTypes", j],
            message: "Give units or unitRange, not both.",
          });
        for (const u of t.units ?? []) {
          if (numbers.has(u.number))
            ctx.addIssue({
              code: "custom",
              path: ["facilities", i, "unitTypes", j, "units"],
              message: `Unit ${u.number} appears twice in ${f.slug}.`,
            });
          numbers.add(u.number);
        }
        if (t.units && t.count !== undefined && t.count !== t.units.length) {
          ctx.addIssue({
            code: "custom",
            path: ["facilities", i, "unitTypes", j, "count"],
            message: `count is ${t.count} but ${t.units.length} units are listed.`,
          });
        }
      });
    });
    const refs = (list: { facility?: string | null }[], key: string) =>
      list.forEach((item, i) => {
        if (item.facility && !slugs.has(item.facility))
          ctx.addIssue({
            code: "custom",
            path: [key, i, "facility"],
            message: `No facility with slug "${item.facility}" in this file.`,
          });
      });
    refs(file.promotions, "promotions");
    refs(file.fees, "fees");
    refs(file.protectionPlans, "protectionPlans");
    file.promotions.forEach((p, i) =>
      p.unitTypes.forEach((ref, j) => {
        const [slug, name] = ref.split("/", 2);
        if (!slug || !name || !slugs.get(slug)?.has(name)) {
          ctx.addIssue({
            code: "custom",
            path: ["promotions", i, "unitTypes", j],
            message: `"${ref}" is not a facility-slug/unit-type-name in this file.`,
          });
        }
      }),
    );
  });
export type ImportFile = z.output<typeof ZImportFile>;

export interface ImportIssue {
  /** 1-based line in the file, when known. */
  line: number | null;
  /** Dotted path ("facilities.0.unitTypes.2.webRateCents") or CSV column name. */
  field: string;
  message: string;
}
