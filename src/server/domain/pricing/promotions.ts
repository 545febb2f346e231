import type { Channel, PricingPromotion } from "./types";
import { bpsOf, formatBps, formatCents } from "./money";

export interface EligibilityContext {
  facilityId: string;
  unitTypeId: string;
  channel: Channel;
  /** The move-in date decides the window: a promotion running on that day applies. */
  moveInDate: string;
}

/** Why a promotion does not apply, or null when it does. ISO dates compare correctly as strings. */
export function ineligibilityReason(p: PricingPromotion, c: EligibilityContext): string | null {
  if (!p.active) return "inactive";
  if (p.facilityId && p.facilityId !== c.facilityId) return "other facility";
  if (p.unitTypeIds.length > 0 && !p.unitTypeIds.includes(c.unitTypeId)) return "not for this unit type";
  if (p.channels.length > 0 && !p.channels.includes(c.channel)) return `not offered by ${c.channel}`;
  if (p.startsOn && c.moveInDate < p.startsOn) return `starts ${p.startsOn}`;
  if (p.endsOn && c.moveInDate > p.endsOn) return `ended ${p.endsOn}`;
  return null;
}

export function isEligible(p: PricingPromotion, c: EligibilityContext): boolean {
  return ineligibilityReason(p, c) === null;
}

/** Number of monthly periods the promotion touches (first_month_fixed: always the first only). */
export function promotionMonths(p: PricingPromotion): number {
  return p.kind === "first_month_fixed" ? 1 : Math.max(1, Math.floor(p.months));
}

/**
 * Discount on one period's rent, `periodIndex` 0 being the (possibly prorated) first period.
 * Always within [0, rentCents], so a promotion can only lower a price, never below zero.
 */
export function periodDiscount(p: PricingPromotion, rentCents: number, periodIndex: number): number {
  if (periodIndex >= promotionMonths(p)) return 0;
  switch (p.kind) {
    case "first_month_fixed":
      return Math.max(0, rentCents - Math.max(0, p.value));
    case "percent_off":
      return Math.min(rentCents, bpsOf(rentCents, Math.min(10_000, Math.max(0, p.value))));
    case "amount_off":
      return Math.min(rentCents, Math.max(0, p.value));
    case "free_months":
      return rentCents;
  }
}

/** Total saved over the promotion's months: how the engine ranks eligible promotions. */
export function totalSavings(p: PricingPromotion, firstPeriodRentCents: number, monthlyRateCents: number): number {
  let total = periodDiscount(p, firstPeriodRentCents, 0);
  for (let i = 1; i < promotionMonths(p); i++) total += periodDiscount(p, monthlyRateCents, i);
  return total;
}

/**
 * The eligible promotion that saves the most; ties go to the lower id so the choice never depends
 * on the order rows came back from the database.
 */
export function bestPromotion(
  promotions: readonly PricingPromotion[],
  c: EligibilityContext,
  firstPeriodRentCents: number,
  monthlyRateCents: number,
): PricingPromotion | null {
  let best: PricingPromotion | null = null;
  let bestSavings = -1;
  for (const p of promotions) {
    if (!isEligible(p, c)) continue;
    const s = totalSavings(p, firstPeriodRentCents, monthlyRateCents);
    if (s > bestSavings || (s === bestSavings && best && p.id < best.id)) {
      best = p;
      bestSavings = s;
    }
  }
  return best && bestSavings > 0 ? best : null;
}

export function describePromotion(p: PricingPromotion): string {
  const months = promotionMonths(p);
  const forMonths = months === 1 ? "the first month" : `the first ${months} months`;
  switch (p.kind) {
    case "first_month_fixed":
      return `first month for ${formatCents(p.value)}`;
    case "percent_off":
      return `${formatBps(p.value)} off ${forMonths}`;
    case "amount_off":
      return `${formatCents(p.value)} off ${forMonths}`;
    case "free_months":
      return months === 1 ? "first month free" : `first ${months} months free`;
  }
}
