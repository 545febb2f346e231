import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, uniqueEmail } from "./helpers";

/**
 * Issue 7: a trial organization buys a plan. The app's Stripe SDK talks to the local fake Stripe
 * (playwright.config.ts starts it): Checkout is its hosted page, whose "Pay" posts the signed
 * checkout.session.completed and customer.subscription.created webhooks to the app and redirects
 * back; the subscription exists only once the app has processed them.
 */
test("a trial organization subscribes to Growth through Checkout and the Billing page shows the paid plan", async ({
  page,
}) => {
  await signUp(page, {
    name: "Bea Billing",
    email: uniqueEmail("billing"),
    organization: `Billing Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Bea/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // On the sign-up trial: the trial plan's allowance, no subscription, the plans on offer.
  await page.getByRole("link", { name: "Billing" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Billing" })).toBeVisible();
  await expect(page.getByText("Billing is not configured on this server")).toHaveCount(0);
  await expect(page.getByText("Starter plan")).toBeVisible();
  await expect(page.getByText(/Your free trial runs until/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toHaveCount(0);
  await expect(page.getByText("0 / 1", { exact: true })).toBeVisible(); // facilities on the trial

  await page.getByRole("button", { name: "Choose Growth" }).click();

  // Stripe's hosted Checkout (the fake's page), for the Growth monthly price with the rest of the trial.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_test_/);
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await expect(page.getByText("price_growth_month")).toBeVisible();
  await expect(page.getByText(/Free trial: 1[34] days/)).toBeVisible();
  await page.getByRole("button", { name: "Pay" }).click();

  // Back on Settings > Billing once the webhooks were processed.
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/billing\\?checkout=success`));
  await expect(page.getByText("Thank you: your subscription is active.")).toBeVisible();
  await expect(page.getByText("Growth plan")).toBeVisible();
  await expect(page.getByText("Billed monthly.")).toBeVisible();
  await expect(page.getByText(/Trial ends /)).toBeVisible();
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Choose / })).toHaveCount(0);
  // Growth's allowance applies: five facilities instead of the trial's one.
  await expect(page.getByText("0 / 5", { exact: true })).toBeVisible();

  // It holds after a reload (the state is the app's, not the redirect's).
  await page.goto(`/${slug}/settings/billing`);
  await expect(page.getByText("Growth plan")).toBeVisible();
  await expect(page.getByText("Trial", { exact: true })).toBeVisible();
});
