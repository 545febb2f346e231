import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 16: an operator connects their Stripe account (the fake's hosted onboarding), staff text a
 * move-in payment link from a reservation, the customer pays on the fake's Checkout page (which
 * posts the signed Connect webhooks to the app), and the customer page shows the payment and a
 * zero balance. The link then opens on "Already paid".
 */
test("staff text a move-in pay link; the customer pays on Checkout; the customer page shows the payment and a zero balance", async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Paula Payments", email: uniqueEmail("payments"), organization: `Paid Storage ${stamp}` });
  await expectDashboard(page, /Welcome, Paula/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Settings > Payments: connect the organization's Stripe account through the hosted onboarding.
  await page.goto(`/${slug}/settings/payments`);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();
  await expect(page.getByText("Card payments are not configured on this server")).toHaveCount(0);
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe onboarding" })).toBeVisible();
  await page.getByRole("button", { name: "Submit details" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/payments\\?connect=return`));
  await expect(page.getByText("Charges enabled")).toBeVisible();
  await expect(page.getByText("Details submitted")).toBeVisible();

  // A facility with a unit, and a reservation for a customer (the dashboard's own API).
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Payline Storage",
    slug: `payline-${stamp}`,
    timeZone: "America/Chicago",
    adminFeeCents: 2_500,
  });
  const unitType = await trpc<{ id: string }>(page, "inventory.createUnitType", {
    facilityId: facility.id,
    name: "10x10",
    widthFt: 10,
    lengthFt: 10,
    streetRateCents: 12_000,
    webRateCents: 10_000,
  });
  await trpc(page, "inventory.bulkCreateUnits", { unitTypeId: unitType.id, range: "P1-P2" });
  const booked = await trpc<{ reservation: { id: string; customerId: string }; quote: { dueAtMoveInCents: number } }>(
    page,
    "reservations.create",
    {
      unitTypeId: unitType.id,
      moveInDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      channel: "phone",
      customer: { name: "Casey Customer", phone: "+15125550177", email: `casey-${stamp}@example.test` },
    },
  );
  const due = `$${(booked.quote.dueAtMoveInCents / 100).toFixed(2)}`;

  // Staff send the move-in link from the reservation.
  await page.goto(`/${slug}/reservations/${booked.reservation.id}`);
  await page.getByRole("button", { name: "Text move-in payment link" }).click();
  const sent = page.getByRole("status").filter({ hasText: "Payment link for" });
  await expect(sent).toContainText(`${due} texted to +15125550177`);

  // The customer opens the texted link (from the SMS outbox, as Twilio is not configured here).
  const links = await trpc<{ links: { url: string | null }[] }>(
    page,
    "payments.customer",
    { customerId: booked.reservation.customerId },
    "query",
  );
  const url = links.links[0]!.url!;
  expect(url).toMatch(/\/pay\/[A-Za-z0-9_-]{20,}$/);
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  await expect(page.getByText(`Total ${due}`)).toBeVisible();
  await page.getByRole("button", { name: `Pay ${due}` }).click();

  // Back on the link: the webhooks were processed before the redirect.
  await expect(page.getByRole("heading", { name: "Already paid" })).toBeVisible();

  // The customer page: the payment, and nothing left to pay.
  await page.goto(`/${slug}/customers/${booked.reservation.customerId}`);
  await expect(page.getByTestId("customer-balance")).toHaveText("Balance: $0.00");
  const payments = page.getByRole("list", { name: "Payments" });
  await expect(payments).toContainText(`${due} by card`);
  await expect(payments).toContainText("succeeded");
  await expect(page.getByRole("list", { name: "Payment links" })).toContainText("paid");

  // Opening the link again says it is paid; nothing can be paid twice.
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Already paid" })).toBeVisible();
});
