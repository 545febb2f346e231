import { assertCents, bpsOf, formatBps, formatCents } from "./money";
import { firstPeriod, prorate } from "./proration";
import { bestPromotion, describePromotion, isEligible, periodDiscount, promotionMonths } from "./promotions";
import type { Channel, PricingPromotion, PricingUnitType, Quote, QuoteInput, QuoteLine } from "./types";

/** Online channels get the web rate; phone, SMS and walk-ins pay the street rate. */
export function rateForChannel(unitType: PricingUnitType, channel: Channel): { cents: number; kind: "street" | "web" } {
  return channel === "web" || channel === "chat"
    ? { cents: unitType.webRateCents, kind: "web" }
    : { cents: unitType.streetRateCents, kind: "street" };
}

/**
 * The one place a price is computed. Lines due at move-in, in this order:
 *   rent        first period's rent (prorated for first-of-month billing)
 *   promotion   negative: the chosen promotion's discount on that rent (never more than the rent)
 *   protection  the protection plan for the first period, prorated like rent
 *   admin_fee   the facility's admin fee; fee: other one-time fees
 *   deposit     refundable, never taxed
 *   tax         taxRateBps of (rent − promotion + protection + taxable fees), rounded half up once
 *               on the sum, not per line. The admin fee and deposit are not taxed.
 * `monthlyAfterCents` is rate + protection + tax on both, once every promotion has ended.
 */
export function computeQuote(input: QuoteInput): Quote {
  const { facility, unitType, channel, moveInDate } = input;
  assertCents("streetRateCents", unitType.streetRateCents);
  assertCents("webRateCents", unitType.webRateCents);
  assertCents("adminFeeCents", facility.adminFeeCents);
  assertCents("depositCents", facility.depositCents);
  if (!Number.isInteger(facility.taxRateBps) || facility.taxRateBps < 0 || facility.taxRateBps > 10_000) {
    throw new RangeError("taxRateBps must be an integer between 0 and 10000");
  }
  const plan = input.protectionPlan ?? null;
  if (plan) assertCents("protection monthlyCents", plan.monthlyCents);
  const fees = input.fees ?? [];
  for (const f of fees) assertCents(`fee ${f.name}`, f.amountCents);

  const rate = rateForChannel(unitType, channel);
  const period = firstPeriod(facility.billingMode, moveInDate);
  const rent = prorate(rate.cents, period);
  const explanation: string[] = [];

  explanation.push(
    rate.kind === "web"
      ? `Web rate ${formatCents(rate.cents)}/month for online bookings (street rate ${formatCents(unitType.streetRateCents)}).`
      : `Street rate ${formatCents(rate.cents)}/month.`,
  );
  explanation.push(
    period.prorated
      ? `Billing is on the 1st: moving in on ${moveInDate} pays ${period.days} of ${period.ofDays} days, ${formatCents(rent)}.`
      : facility.billingMode === "first_of_month"
        ? `Billing is on the 1st: moving in on the 1st pays a full month.`
        : `Anniversary billing: rent is due on day ${period.billingDay} of each month.`,
  );

  const ctx = { facilityId: facility.id, unitTypeId: unitType.id, channel, moveInDate };
  let promo: PricingPromotion | null;
  if (input.promotionId === null) promo = null;
  else if (input.promotionId !== undefined) {
    const wanted = input.promotions.find((p) => p.id === input.promotionId) ?? null;
    promo = wanted && isEligible(wanted, ctx) ? wanted : null;
    if (!promo) explanation.push("The requested promotion does not apply to this unit, date or channel.");
  } else promo = bestPromotion(input.promotions, ctx, rent, rate.cents);

  const lines: QuoteLine[] = [
    {
      code: "rent",
      label: period.prorated ? `First month rent (${period.days}/${period.ofDays} days)` : "First month rent",
      amountCents: rent,
    },
  ];
  const discount = promo ? periodDiscount(promo, rent, 0) : 0;
  if (promo && discount > 0) {
    lines.push({ code: "promotion", label: `Promotion: ${promo.name}`, amountCents: -discount });
    explanation.push(`Promotion "${promo.name}" (${describePromotion(promo)}) saves ${formatCents(discount)} today.`);
  }
  const protectionToday = plan ? prorate(plan.monthlyCents, period) : 0;
  if (plan) {
    lines.push({
      code: "protection",
      label: `Protection plan: ${plan.name} (${formatCents(plan.coverageCents)} coverage)`,
      amountCents: protectionToday,
    });
  }
  if (facility.adminFeeCents > 0)
    lines.push({ code: "admin_fee", label: "Administrative fee", amountCents: facility.adminFeeCents });
  for (const f of fees) if (f.amountCents > 0) lines.push({ code: "fee", label: f.name, amountCents: f.amountCents });
  if (facility.depositCents > 0)
    lines.push({ code: "deposit", label: "Refundable deposit", amountCents: facility.depositCents });

  const taxableToday =
    rent - discount + protectionToday + fees.filter((f) => f.taxable).reduce((s, f) => s + f.amountCents, 0);
  if (facility.taxRateBps > 0) {
    lines.push({
      code: "tax",
      label: `Tax (${formatBps(facility.taxRateBps)})`,
      amountCents: bpsOf(taxableToday, facility.taxRateBps),
    });
    explanation.push(
      `Tax of ${formatBps(facility.taxRateBps)} applies to rent and protection (not to the admin fee or deposit).`,
    );
  }

  const monthly = (rentCents: number) => {
    const base = rentCents + (plan?.monthlyCents ?? 0);
    return base + bpsOf(base, facility.taxRateBps);
  };
  const monthlyAfterCents = monthly(rate.cents);
  const months = promo ? promotionMonths(promo) : 0;
  const promotionalMonthlyCents =
    promo && months > 1 ? monthly(rate.cents - periodDiscount(promo, rate.cents, 1)) : null;
  if (promotionalMonthlyCents !== null) {
    explanation.push(
      `Months 2 to ${months}: ${formatCents(promotionalMonthlyCents)}/month, then ${formatCents(monthlyAfterCents)}/month.`,
    );
  } else explanation.push(`Then ${formatCents(monthlyAfterCents)}/month.`);

  return {
    facilityId: facility.id,
    unitTypeId: unitType.id,
    channel,
    moveInDate,
    billingMode: facility.billingMode,
    billingDay: period.billingDay,
    monthlyRateCents: rate.cents,
    rateKind: rate.kind,
    lines,
    dueAtMoveInCents: lines.reduce((s, l) => s + l.amountCents, 0),
    monthlyAfterCents,
    promotionalMonthlyCents,
    promotion: promo ? { id: promo.id, name: promo.name, kind: promo.kind, months } : null,
    explanation,
  };
}
