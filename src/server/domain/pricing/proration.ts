import type { BillingMode } from "./types";
import { daysInMonth, parseIsoDate } from "./dates";
import { mulDivRound } from "./money";

export interface FirstPeriod {
  /** Days charged in the first period and the days of that month (equal when not prorated). */
  days: number;
  ofDays: number;
  prorated: boolean;
  billingDay: number;
}

/**
 * The first rent period. With first-of-month billing the tenant pays for the days left in the
 * move-in month, move-in day included (moving in on the 18th of a 31-day month pays 14/31), and
 * rent is due on the 1st after that. With anniversary billing the first period is a full month and
 * rent is due on the move-in day of each month (the 29th-31st fall back to the month's last day,
 * which the billing system handles; we report the move-in day).
 */
export function firstPeriod(billingMode: BillingMode, moveInDate: string): FirstPeriod {
  const d = parseIsoDate(moveInDate);
  const dim = daysInMonth(d.year, d.month);
  if (billingMode === "anniversary") return { days: dim, ofDays: dim, prorated: false, billingDay: d.day };
  const days = dim - d.day + 1;
  return { days, ofDays: dim, prorated: days !== dim, billingDay: 1 };
}

/** `monthlyCents` × days / ofDays, rounded half up: always within [0, monthlyCents]. */
export function prorate(monthlyCents: number, period: FirstPeriod): number {
  return period.prorated ? mulDivRound(monthlyCents, period.days, period.ofDays) : monthlyCents;
}
