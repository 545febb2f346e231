import { z } from "zod";

import { patchOf } from "@/lib/zod-patch";
import { UNIT_FEATURES } from "@/server/db/schema";

const cents = z.number().int().min(0).max(100_000_000);

export const ZUnitTypeInput = z.object({
  facilityId: z.uuid(),
  name: z.string().trim().min(1).max(80),
  widthFt: z.number().int().min(1).max(500),
  lengthFt: z.number().int().min(1).max(500),
  heightFt: z.number().int().min(1).max(100).nullish(),
  features: z
    .array(z.enum(UNIT_FEATURES))
    .max(UNIT_FEATURES.length)
    .default([])
    .transform((f) => [...new Set(f)].sort()),
  whatFits: z.string().trim().max(2000).nullish(),
  streetRateCents: cents,
  webRateCents: cents,
  active: z.boolean().default(true),
});
export type UnitTypeInput = z.input<typeof ZUnitTypeInput>;
/** Changes only the fields it names (no defaults: see patchOf). */
export const ZUnitTypePatch = patchOf(ZUnitTypeInput.omit({ facilityId: true }));
export type UnitTypePatch = z.input<typeof ZUnitTypePatch>;
