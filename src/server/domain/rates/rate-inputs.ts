import { z } from "zod";

import { CHANNELS, FEE_KINDS, PROMOTION_KINDS } from "@/server/db/schema";
import { isoDate } from "@/lib/zod-dates";

const cents = z.number().int().min(0).max(100_000_000);

export const ZPromotionBase = z.object({
  facilityId: z.uuid().nullable().default(null),
  name: z.string().trim().min(1).max(120),
  kind: z.enum(PROMOTION_KINDS),
  value: z.number().int().min(0).max(100_000_000).default(0),
  months: z.number().int().min(1).max(24).default(1),
  unitTypeIds: z.array(z.uuid()).default([]),
  startsOn: isoDate().nullable().default(null),
  endsOn: isoDate().nullable().default(null),
  channels: z.array(z.enum(CHANNELS)).default([]),
  active: z.boolean().default(true),
});

/** Rules across fields, shared with the importer's variant of the schema. */
export function checkPromotion(
  p: { kind: string; value: number; startsOn: string | null; endsOn: string | null },
  ctx: z.RefinementCtx,
) {
  if (p.kind === "percent_off" && p.value > 10_000)
    ctx.addIssue({
      code: "custom",
      message: "Percent off is in basis points: at most 10000 (100 %).",
      path: ["value"],
    });
  if (p.startsOn && p.endsOn && p.startsOn > p.endsOn)
    ctx.addIssue({ code: "custom", message: "The promotion ends before it starts.", path: ["endsOn"] });
}
export const ZPromotionInput = ZPromotionBase.superRefine(checkPromotion);
export type PromotionInput = z.input<typeof ZPromotionInput>;

export const ZFeeInput = z.object({
  facilityId: z.uuid().nullable().default(null),
  kind: z.enum(FEE_KINDS).default("other"),
  name: z.string().trim().min(1).max(120),
  amountCents: cents,
  taxable: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type FeeInput = z.input<typeof ZFeeInput>;

export const ZProtectionPlanInput = z.object({
  facilityId: z.uuid().nullable().default(null),
  name: z.string().trim().min(1).max(120),
  coverageCents: cents,
  monthlyCents: cents,
  active: z.boolean().default(true),
});
export type ProtectionPlanInput = z.input<typeof ZProtectionPlanInput>;
