/**
 * Inputs and outputs of the pricing engine. Plain data only: the engine never touches the database,
 * the clock or the network, so a quote is the same wherever it is computed (agent, dashboard, API).
 */
export type Channel = "phone" | "sms" | "chat" | "web" | "walk_in";
export type BillingMode = "first_of_month" | "anniversary";
export type PromotionKind = "first_month_fixed" | "percent_off" | "amount_off" | "free_months";

export interface PricingFacility {
  id: string;
  billingMode: BillingMode;
  adminFeeCents: number;
  depositCents: number;
  /** Basis points: 825 = 8.25 %. */
  taxRateBps: number;
}

export interface PricingUnitType {
  id: string;
  name: string;
  streetRateCents: number;
  webRateCents: number;
}

export interface PricingPromotion {
  id: string;
  name: string;
  kind: PromotionKind;
  /** Cents for first_month_fixed and amount_off, basis points for percent_off, ignored for free_months. */
  value: number;
  /** How many monthly periods the promotion covers (first_month_fixed always covers one). */
  months: number;
  facilityId: string | null;
  /** Empty: every unit type. */
  unitTypeIds: readonly string[];
  /** Inclusive "YYYY-MM-DD" bounds; null is open-ended. */
  startsOn: string | null;
  endsOn: string | null;
  /** Empty: every channel. */
  channels: readonly Channel[];
  active: boolean;
}

export interface PricingFee {
  id: string;
  name: string;
  amountCents: number;
  taxable: boolean;
}

export interface PricingProtectionPlan {
  id: string;
  name: string;
  coverageCents: number;
  monthlyCents: number;
}

export interface QuoteInput {
  facility: PricingFacility;
  unitType: PricingUnitType;
  channel: Channel;
  /** "YYYY-MM-DD" in the facility's time zone. */
  moveInDate: string;
  /** Candidate promotions; the engine checks eligibility itself and applies at most one. */
  promotions: readonly PricingPromotion[];
  /** One-time fees charged at move-in besides the facility's admin fee. */
  fees?: readonly PricingFee[];
  protectionPlan?: PricingProtectionPlan | null;
  /** Apply this promotion only (if eligible) instead of choosing the best one; null: none at all. */
  promotionId?: string | null;
}

export type QuoteLineCode = "rent" | "promotion" | "protection" | "admin_fee" | "fee" | "deposit" | "tax";

export interface QuoteLine {
  code: QuoteLineCode;
  label: string;
  amountCents: number;
}

export interface Quote {
  facilityId: string;
  unitTypeId: string;
  channel: Channel;
  moveInDate: string;
  billingMode: BillingMode;
  /** Day of the month rent is due after move-in. */
  billingDay: number;
  /** The rate for this channel before promotions (street or web rate). */
  monthlyRateCents: number;
  rateKind: "street" | "web";
  /** Due today: always the sum of `lines`. */
  lines: QuoteLine[];
  dueAtMoveInCents: number;
  /** Regular monthly charge (rent + protection + tax) once every promotion has ended. */
  monthlyAfterCents: number;
  /** Monthly charge during promoted months after the first, when the promotion lasts longer than one month. */
  promotionalMonthlyCents: number | null;
  promotion: { id: string; name: string; kind: PromotionKind; months: number } | null;
  explanation: string[];
}
