export * from "./types";
export { computeQuote, rateForChannel } from "./quote";
export { bestPromotion, describePromotion, ineligibilityReason, isEligible, periodDiscount } from "./promotions";
export { firstPeriod, prorate } from "./proration";
export { bpsOf, formatCents, mulDivRound } from "./money";
