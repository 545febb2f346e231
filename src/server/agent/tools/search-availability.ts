import { z } from "zod";

import { UNIT_FEATURES } from "@/server/db/schema";
import { searchUnits } from "@/server/domain/inventory/search-units";

import { pricingChannel, resolveFacilityId } from "./channel";
import { defineTool } from "./types";

export const searchAvailability = defineTool({
  name: "search_availability",
  description:
    "Find unit types with free units now, cheapest first, with their monthly rate for this conversation's channel. Give a size (widthFt/lengthFt) and/or features. When the exact size is sold out, `alternatives` lists the nearest free sizes.",
  args: z.object({
    facilityId: z
      .uuid()
      .optional()
      .describe("Facility to search; omit to search the conversation's facility (or all when it has none)."),
    widthFt: z.number().int().min(1).max(100).optional(),
    lengthFt: z.number().int().min(1).max(100).optional(),
    features: z.array(z.enum(UNIT_FEATURES)).max(5).optional(),
  }),
  async run(ctx, args) {
    const facilityId = await resolveFacilityId(ctx, args.facilityId);
    const { results, alternatives } = await searchUnits(ctx.tx, ctx.organizationId, {
      facilityIds: facilityId ? [facilityId] : undefined,
      widthFt: args.widthFt,
      lengthFt: args.lengthFt,
      features: args.features ?? [],
      channel: pricingChannel(ctx.state),
      limit: 10,
    });
    const slim = (r: (typeof results)[number]) => ({
      facilityId: r.facilityId,
      facilityName: r.facilityName,
      unitTypeId: r.unitTypeId,
      unitTypeName: r.unitTypeName,
      widthFt: r.widthFt,
      lengthFt: r.lengthFt,
      features: r.features,
      monthlyRateCents: r.rateCents,
      available: r.available,
    });
    return { ok: true as const, results: results.map(slim), alternatives: alternatives.map(slim) };
  },
});
