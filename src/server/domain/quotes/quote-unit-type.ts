import { and, eq, isNull, or } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { CHANNELS, facility, fee, promotion, protectionPlan, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { localDate } from "@/server/domain/facilities/local-date";
import { computeQuote, type Quote } from "@/server/domain/pricing";

export const ZQuoteRequest = z.object({
  unitTypeId: z.uuid(),
  channel: z.enum(CHANNELS),
  /** Defaults to today in the facility's time zone. */
  moveInDate: z.iso.date().optional(),
  protectionPlanId: z.uuid().nullish(),
  /** A specific promotion; null for none; omitted: the best eligible one. */
  promotionId: z.uuid().nullish(),
});
export type QuoteRequest = z.input<typeof ZQuoteRequest>;

export type UnitTypeQuote = Quote & { facilityName: string; unitTypeName: string; widthFt: number; lengthFt: number };

/**
 * Loads what a price depends on and hands it to the pricing engine: the only route to a price, so
 * the agent, dashboard and public API quote the same number.
 */
export async function quoteUnitType(tx: Executor, organizationId: string, input: QuoteRequest): Promise<UnitTypeQuote> {
  const q = ZQuoteRequest.parse(input);
  const [row] = await tx
    .select({ ut: unitType, f: facility })
    .from(unitType)
    .innerJoin(facility, eq(facility.id, unitType.facilityId))
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, q.unitTypeId)));
  if (!row) throw notFound("Unit type");
  const { ut, f } = row;
  const promotions = await tx
    .select()
    .from(promotion)
    .where(and(eq(promotion.organizationId, organizationId), eq(promotion.active, true), or(isNull(promotion.facilityId), eq(promotion.facilityId, f.id))));
  const allFees = await tx
    .select()
    .from(fee)
    .where(and(eq(fee.organizationId, organizationId), eq(fee.active, true), or(isNull(fee.facilityId), eq(fee.facilityId, f.id))));
  const fees = allFees.filter((x) => x.kind === "other");
  let plan = null;
  if (q.protectionPlanId) {
    [plan] = await tx
      .select()
      .from(protectionPlan)
      .where(and(eq(protectionPlan.organizationId, organizationId), eq(protectionPlan.id, q.protectionPlanId), eq(protectionPlan.active, true)));
    if (!plan) throw notFound("Protection plan");
  }
  // An org-level admin fee row, when present, overrides the facility's admin fee setting.
  // A facility-specific one wins over an org-wide one.
  const adminFee = allFees
    .filter((x) => x.kind === "admin")
    .sort((a, b) => (a.facilityId ? 0 : 1) - (b.facilityId ? 0 : 1))[0];

  const quote = computeQuote({
    facility: { id: f.id, billingMode: f.billingMode, adminFeeCents: adminFee?.amountCents ?? f.adminFeeCents, depositCents: f.depositCents, taxRateBps: f.taxRateBps },
    unitType: { id: ut.id, name: ut.name, streetRateCents: ut.streetRateCents, webRateCents: ut.webRateCents },
    channel: q.channel,
    moveInDate: q.moveInDate ?? localDate(f.timeZone),
    promotions,
    fees,
    protectionPlan: plan ?? null,
    promotionId: q.promotionId,
  });
  return { ...quote, facilityName: f.name, unitTypeName: ut.name, widthFt: ut.widthFt, lengthFt: ut.lengthFt };
}
