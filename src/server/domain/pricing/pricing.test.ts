import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { computeQuote, firstPeriod, prorate, type PricingPromotion, type QuoteInput } from "./index";

const FACILITY = {
  id: "f1",
  billingMode: "first_of_month" as const,
  adminFeeCents: 2500,
  depositCents: 0,
  taxRateBps: 0,
};
const UNIT_TYPE = { id: "ut1", name: "10x10", streetRateCents: 12_000, webRateCents: 10_000 };
const promo = (p: Partial<PricingPromotion>): PricingPromotion => ({
  id: "p1",
  name: "Promo",
  kind: "amount_off",
  value: 0,
  months: 1,
  facilityId: null,
  unitTypeIds: [],
  startsOn: null,
  endsOn: null,
  channels: [],
  active: true,
  ...p,
});
const base = (over: Partial<QuoteInput> = {}): QuoteInput => ({
  facility: FACILITY,
  unitType: UNIT_TYPE,
  channel: "web",
  moveInDate: "2025-03-01",
  promotions: [],
  ...over,
});

describe("pricing examples", () => {
  it("charges the web rate online and the street rate by phone", () => {
    expect(computeQuote(base()).monthlyRateCents).toBe(10_000);
    expect(computeQuote(base({ channel: "phone" })).monthlyRateCents).toBe(12_000);
  });

  it("prorates first-of-month billing by days left including the move-in day", () => {
    const q = computeQuote(base({ moveInDate: "2025-03-18" })); // 14 of 31 days
    expect(q.lines[0]).toEqual({ code: "rent", label: "First month rent (14/31 days)", amountCents: 4516 }); // 4516.13
    expect(q.dueAtMoveInCents).toBe(4516 + 2500);
    expect(q.billingDay).toBe(1);
    expect(q.monthlyAfterCents).toBe(10_000);
  });

  it("charges a full first month with anniversary billing, due on the move-in day", () => {
    const q = computeQuote(base({ facility: { ...FACILITY, billingMode: "anniversary" }, moveInDate: "2025-03-18" }));
    expect(q.lines[0]!.amountCents).toBe(10_000);
    expect(q.billingDay).toBe(18);
  });

  it("applies a $1 first month, tax on rent and protection but not on fees or deposit", () => {
    const q = computeQuote(
      base({
        facility: { ...FACILITY, depositCents: 1000, taxRateBps: 825 },
        promotions: [promo({ id: "one", name: "$1 first month", kind: "first_month_fixed", value: 100 })],
        protectionPlan: { id: "pp", name: "Basic", coverageCents: 200_000, monthlyCents: 1200 },
      }),
    );
    expect(q.lines.map((l) => [l.code, l.amountCents])).toEqual([
      ["rent", 10_000],
      ["promotion", -9_900],
      ["protection", 1200],
      ["admin_fee", 2500],
      ["deposit", 1000],
      ["tax", 107], // 8.25 % of (100 rent after promotion + 1200 protection) = 107.25
    ]);
    expect(q.dueAtMoveInCents).toBe(100 + 1200 + 2500 + 1000 + 107);
    expect(q.monthlyAfterCents).toBe(11_200 + 924); // 8.25 % of 11,200 = 924
    expect(q.promotion).toMatchObject({ id: "one", kind: "first_month_fixed" });
  });

  it("chooses the promotion that saves the most and respects eligibility", () => {
    const promotions = [
      promo({ id: "a", name: "10 off", kind: "amount_off", value: 1000, months: 1 }),
      promo({ id: "b", name: "2 months half", kind: "percent_off", value: 5000, months: 2 }),
      promo({ id: "c", name: "3 free, phone only", kind: "free_months", months: 3, channels: ["phone"] }),
      promo({ id: "d", name: "other type", kind: "free_months", months: 3, unitTypeIds: ["ut2"] }),
      promo({ id: "e", name: "expired", kind: "free_months", months: 3, endsOn: "2025-02-28" }),
      promo({ id: "f", name: "inactive", kind: "free_months", months: 3, active: false }),
    ];
    const web = computeQuote(base({ promotions }));
    expect(web.promotion?.id).toBe("b");
    expect(web.promotionalMonthlyCents).toBe(5_000);
    expect(computeQuote(base({ promotions, channel: "phone" })).promotion?.id).toBe("c");
    expect(computeQuote(base({ promotions, promotionId: null })).promotion).toBeNull();
    expect(computeQuote(base({ promotions, promotionId: "a" })).promotion?.id).toBe("a");
    expect(computeQuote(base({ promotions, promotionId: "e" })).promotion).toBeNull();
  });

  it("rejects invalid input", () => {
    expect(() => computeQuote(base({ moveInDate: "2025-02-30" }))).toThrow(/calendar date/);
    expect(() => computeQuote(base({ unitType: { ...UNIT_TYPE, webRateCents: -1 } }))).toThrow(RangeError);
  });
});

const cents = fc.integer({ min: 0, max: 500_000 });
const dateArb = fc
  .record({
    y: fc.integer({ min: 2020, max: 2030 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ y, m, d }) => {
    const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, "0")}-${String(Math.min(d, dim)).padStart(2, "0")}`;
  });
const channelArb = fc.constantFrom("phone", "sms", "chat", "web", "walk_in" as const);
const promoArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  name: fc.constant("P"),
  kind: fc.constantFrom("first_month_fixed", "percent_off", "amount_off", "free_months" as const),
  value: fc.integer({ min: 0, max: 20_000 }),
  months: fc.integer({ min: 1, max: 6 }),
  facilityId: fc.constant(null),
  unitTypeIds: fc.constantFrom([], ["ut1"], ["other"]),
  startsOn: fc.option(dateArb, { nil: null }),
  endsOn: fc.option(dateArb, { nil: null }),
  channels: fc.subarray(["phone", "sms", "chat", "web", "walk_in"] as const),
  active: fc.boolean(),
});
const inputArb: fc.Arbitrary<QuoteInput> = fc.record({
  facility: fc.record({
    id: fc.constant("f1"),
    billingMode: fc.constantFrom("first_of_month", "anniversary" as const),
    adminFeeCents: cents,
    depositCents: cents,
    taxRateBps: fc.integer({ min: 0, max: 2_000 }),
  }),
  unitType: fc.record({ id: fc.constant("ut1"), name: fc.constant("U"), streetRateCents: cents, webRateCents: cents }),
  channel: channelArb,
  moveInDate: dateArb,
  promotions: fc.array(promoArb, { maxLength: 4 }),
  fees: fc.array(fc.record({ id: fc.string(), name: fc.constant("Lock"), amountCents: cents, taxable: fc.boolean() }), {
    maxLength: 2,
  }),
  protectionPlan: fc.option(
    fc.record({ id: fc.constant("pp"), name: fc.constant("Plan"), coverageCents: cents, monthlyCents: cents }),
    { nil: null },
  ),
});

describe("pricing invariants", () => {
  it("due at move-in is the sum of the lines and nothing is negative except the discount", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const q = computeQuote(input);
        expect(q.dueAtMoveInCents).toBe(q.lines.reduce((s, l) => s + l.amountCents, 0));
        expect(q.dueAtMoveInCents).toBeGreaterThanOrEqual(0);
        expect(q.monthlyAfterCents).toBeGreaterThanOrEqual(0);
        for (const l of q.lines) {
          expect(Number.isInteger(l.amountCents)).toBe(true);
          if (l.code !== "promotion") expect(l.amountCents).toBeGreaterThanOrEqual(0);
        }
        const rent = q.lines.find((l) => l.code === "rent")!.amountCents;
        const discount = q.lines.find((l) => l.code === "promotion")?.amountCents ?? 0;
        expect(rent + discount).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("a promotion never increases any price", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const withPromo = computeQuote(input);
        const without = computeQuote({ ...input, promotionId: null });
        expect(withPromo.dueAtMoveInCents).toBeLessThanOrEqual(without.dueAtMoveInCents);
        expect(withPromo.monthlyAfterCents).toBe(without.monthlyAfterCents);
        if (withPromo.promotionalMonthlyCents !== null)
          expect(withPromo.promotionalMonthlyCents).toBeLessThanOrEqual(without.monthlyAfterCents);
      }),
    );
  });

  it("proration stays within [0, rate] and a move-in on the 1st pays the full rate", () => {
    fc.assert(
      fc.property(cents, dateArb, fc.constantFrom("first_of_month", "anniversary" as const), (rate, date, mode) => {
        const p = prorate(rate, firstPeriod(mode, date));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(rate);
        if (date.endsWith("-01") || mode === "anniversary") expect(p).toBe(rate);
      }),
    );
  });

  it("is deterministic and does not depend on the order of promotions", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const a = computeQuote(input);
        expect(computeQuote(structuredClone(input))).toEqual(a);
        expect(computeQuote({ ...input, promotions: [...input.promotions].reverse() }).dueAtMoveInCents).toBe(
          a.dueAtMoveInCents,
        );
      }),
    );
  });
});
