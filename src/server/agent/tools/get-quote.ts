import { z } from "zod";

import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";

import { pricingChannel } from "./channel";
import { defineTool } from "./types";
import { isoDate } from "@/lib/zod-dates";

export const getQuote = defineTool({
  name: "get_quote",
  description:
    "The exact price of a unit type for this caller: monthly rate, the best promotion, and everything due at move-in (prorated rent, fees, tax). The only source of prices.",
  args: z.object({
    unitTypeId: z.uuid(),
    moveInDate: isoDate().optional().describe("YYYY-MM-DD; defaults to today at the facility."),
  }),
  async run(ctx, args) {
    const q = await quoteUnitType(ctx.tx, ctx.organizationId, {
      unitTypeId: args.unitTypeId,
      channel: pricingChannel(ctx.state),
      moveInDate: args.moveInDate,
    });
    // What was quoted is remembered for the end of the conversation: a caller who hangs up after
    // hearing a price is still a lead, with the unit and the price in its notes.
    ctx.state.quoted = {
      facilityId: q.facilityId,
      unitTypeId: q.unitTypeId,
      unitTypeName: q.unitTypeName,
      widthFt: q.widthFt,
      lengthFt: q.lengthFt,
      monthlyRateCents: q.monthlyRateCents,
    };
    // The promotion's terms, to say it in words of the caller's language (its name is the operator's English).
    const promo = q.promotion && (await ctx.facts.promotions(q.facilityId)).find((p) => p.id === q.promotion!.id);
    return {
      ok: true as const,
      facilityId: q.facilityId,
      facilityName: q.facilityName,
      unitTypeId: q.unitTypeId,
      unitTypeName: q.unitTypeName,
      widthFt: q.widthFt,
      lengthFt: q.lengthFt,
      moveInDate: q.moveInDate,
      monthlyRateCents: q.monthlyRateCents,
      dueAtMoveInCents: q.dueAtMoveInCents,
      monthlyAfterCents: q.monthlyAfterCents,
      promotionalMonthlyCents: q.promotionalMonthlyCents,
      promotion: q.promotion
        ? {
            name: q.promotion.name,
            months: q.promotion.months,
            kind: q.promotion.kind,
            value: promo ? promo.value : null,
          }
        : null,
      lines: q.lines,
    };
  },
});
