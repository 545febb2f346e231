import { describe, expect, it } from "vitest";

import { parseStripeForm } from "./stripe-server";

describe("parseStripeForm", () => {
  it("decodes bracketed keys into objects and arrays as Stripe's API does", () => {
    const body = new URLSearchParams({
      mode: "subscription",
      "line_items[0][price]": "price_a",
      "line_items[0][quantity]": "1",
      "line_items[1][price]": "price_b",
      "subscription_data[metadata][organizationId]": "org_1",
      "subscription_data[trial_period_days]": "14",
    }).toString();
    expect(parseStripeForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_a", quantity: "1" }, { price: "price_b" }],
      subscription_data: { metadata: { organizationId: "org_1" }, trial_period_days: "14" },
    });
  });
});
