import { expect } from "vitest";

import { callerFor, type TestOrg } from "../factories";

/**
 * The organization's owner connects its Stripe account (Settings > Payments) and finishes the fake's
 * onboarding, so charges are enabled. Returns the acct_ id on the fake Stripe.
 */
export async function linkStripeAccount(org: TestOrg): Promise<string> {
  const owner = await callerFor(org.owner);
  const { url, stripeAccountId } = await owner.payments.connect();
  const res = await fetch(`${url}/submit`, { method: "POST", redirect: "manual" });
  expect(res.status).toBe(303);
  return stripeAccountId;
}
