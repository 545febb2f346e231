import { expect, test, type Page } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 16: an operator connects their Stripe account (the fake's hosted onboarding), staff text a
 * move-in payment link from a reservation, the customer pays on the fake's Checkout page (which
 * posts the signed Connect webhooks to the app). Returns what the page must show afterwards.
 */
async function payMoveInByLink(page: Page, who: { name: string; first: string }) {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: who.name, email: uniqueEmail("payments"), organization: `Paid Storage ${stamp}` });
  await expectDashboard(page, new RegExp(`Welcome, ${who.first}`));
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
  const dueCents = booked.quote.dueAtMoveInCents;
  const due = dollars(dueCents);

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
  return { slug, customerId: booked.reservation.customerId, dueCents, due, url };
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

test("staff text a move-in pay link; the customer pays on Checkout; the customer page shows the payment and a zero balance", async ({
  page,
}) => {
  const { slug, customerId, due, url } = await payMoveInByLink(page, { name: "Paula Payments", first: "Paula" });

  // The customer page: the payment, and nothing left to pay.
  await page.goto(`/${slug}/customers/${customerId}`);
  await expect(page.getByTestId("customer-balance")).toHaveText("Balance: $0.00");
  const payments = page.getByRole("list", { name: "Payments" });
  await expect(payments).toContainText(`${due} by card`);
  await expect(payments).toContainText("succeeded");
  await expect(page.getByRole("list", { name: "Payment links" })).toContainText("paid");

  // Opening the link again says it is paid; nothing can be paid twice.
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Already paid" })).toBeVisible();
});

/** The Analytics page's whole-dollar money ("$1,234"). */
const wholeDollars = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;

test("an owner refunds part of a card payment: bad amounts are refused, the refund shows on the payment, the balance and Analytics", async ({
  page,
}) => {
  // Onboarding, Checkout, the refund and Analytics in one journey: more than the default 90 s on a busy machine.
  test.setTimeout(180_000);
  const { slug, customerId, dueCents, due } = await payMoveInByLink(page, { name: "Rene Refunds", first: "Rene" });

  await page.goto(`/${slug}/customers/${customerId}`);
  await expect(page.getByTestId("customer-balance")).toHaveText("Balance: $0.00");
  const row = page.getByTestId("payment-row").filter({ hasText: `${due} by card` });
  await row.getByRole("button", { name: "Refund" }).click();
  const form = page.getByRole("form", { name: "Refund payment" });
  const amount = form.getByLabel(`Amount to refund (up to ${due})`);
  await expect(amount).toHaveValue((dueCents / 100).toFixed(2)); // all that is left, by default
  const submit = form.getByRole("button", { name: "Refund", exact: true });

  // Amounts that cannot be refunded are named as such, and the form cannot be sent.
  await form.getByLabel("Reason").fill("Gate code did not work on day one");
  for (const [typed, message] of [
    ["ten", "Enter an amount such as 25.00."],
    ["0", "The refund must be more than $0.00."],
    [((dueCents + 1) / 100).toFixed(2), `At most ${due} is left to refund.`],
  ] as const) {
    await amount.fill(typed);
    await expect(form.getByText(message)).toBeVisible();
    await expect(submit).toBeDisabled();
  }
  // The server refuses them too, whatever the browser sends, and nothing is refunded.
  const { payments } = await trpc<{ payments: { id: string }[] }>(page, "payments.customer", { customerId }, "query");
  const tooMuch = await page.request.post("/api/trpc/payments.refund", {
    data: { json: { paymentId: payments[0]!.id, amountCents: dueCents + 1, reason: "Too much" } },
  });
  expect(tooMuch.status()).toBe(400);
  expect(await tooMuch.text()).toContain(`Only ${due} of this ${due} payment is left to refund.`);

  // $10.00 of it, confirmed.
  await amount.fill("10");
  await submit.click();
  await expect(form.getByRole("alert")).toHaveText("Refund $10.00 to the customer's card? This cannot be undone.");
  await form.getByRole("button", { name: "Confirm refund of $10.00" }).click();
  await expect(row.getByRole("status")).toHaveText("$10.00 refunded to the card.");
  await expect(row).toContainText("partially refunded");
  await expect(row).toContainText("$10.00 refunded");
  // The customer owes it again (unless staff add a credit), and the ledger says why.
  await expect(page.getByTestId("customer-balance")).toHaveText("Balance: $10.00");
  await expect(page.getByRole("table", { name: "Ledger" })).toContainText("Gate code did not work on day one");

  // Analytics > Payments: collected net of the refund, the refund, every attempt paid, the link converted.
  await page.goto(`/${slug}/analytics`);
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  await expect(page.getByTestId("stat-Payments collected")).toHaveText(wholeDollars(dueCents - 1_000));
  await expect(page.getByTestId("stat-Refunded")).toHaveText("$10");
  await expect(page.getByTestId("stat-Payment success rate")).toHaveText("100%");
  await expect(page.getByTestId("stat-Pay-link conversion")).toHaveText("100%");
  await expect(page.getByText("1 of 1 links paid")).toBeVisible();
  const byChannel = page.getByRole("table", { name: "Payments by channel" });
  await expect(byChannel.getByRole("row", { name: /Link from staff/ }).getByRole("cell")).toHaveText([
    "Link from staff",
    "1",
    wholeDollars(dueCents - 1_000),
    "$0",
  ]);
});

test("Settings > Payments: payments by phone and collections are saved, bad values refused with nothing saved; the Collections page", async ({
  page,
}) => {
  test.setTimeout(180_000); // two settings cards, an onboarding and a page: past 90 s on a busy machine
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Phil Phones", email: uniqueEmail("phonepay"), organization: `Keypad Storage ${stamp}` });
  await expectDashboard(page, /Welcome, Phil/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  await page.goto(`/${slug}/settings/payments`);
  await expect(page.getByRole("heading", { level: 1, name: "Payments" })).toBeVisible();

  // Payments by phone: off by default, with Twilio's default connector name.
  const phone = page.getByRole("form", { name: "Payments by phone" });
  await expect(phone.getByText("Off", { exact: true })).toBeVisible();
  const connector = phone.getByLabel("Pay Connector name");
  await expect(connector).toHaveValue("Stripe_Connector");
  await phone.getByText("Take payments by phone").click();
  await connector.fill("My Stripe connector!");
  await phone.getByRole("button", { name: "Save payments by phone" }).click();
  await expect(phone.getByText("A Pay Connector name has only letters, digits, - and _")).toBeVisible();
  expect(await trpc(page, "payments.phonePaySettings", undefined, "query")).toEqual({
    enabled: false,
    connector: "Stripe_Connector",
    active: false,
  });
  await connector.fill("Keypad_Stripe");
  await phone.getByRole("button", { name: "Save payments by phone" }).click();
  // Switched on, but the agent would not use it: no Stripe account takes charges yet.
  await expect(phone.getByText("On, but not in use: connect a Stripe account that can take charges")).toBeVisible();
  await expect(phone.getByText("Off", { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("form", { name: "Payments by phone" }).getByLabel("Pay Connector name")).toHaveValue(
    "Keypad_Stripe",
  );

  // Connected, with charges enabled: now it is in use.
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await page.getByRole("button", { name: "Submit details" }).click();
  await expect(page.getByText("Charges enabled")).toBeVisible();
  await expect(phone.getByText("On", { exact: true })).toBeVisible();
  await expect(phone.getByText("On, but not in use")).toHaveCount(0);

  // Collections: on by default, days 1, 5, 10; days out of order are refused and nothing changes.
  const collections = page.getByRole("form", { name: "Collections" });
  const days = collections.getByRole("spinbutton");
  await expect(collections.getByRole("checkbox", { name: "Send collections reminders" })).toBeChecked();
  for (const [i, v] of ["1", "5", "10"].entries()) await expect(days.nth(i)).toHaveValue(v);
  await days.nth(1).fill("12");
  await collections.getByRole("button", { name: "Save collections" }).click();
  await expect(
    collections.getByText("Each step must come later than the one before it (e.g. 1, 5, 10)."),
  ).toBeVisible();
  expect(await trpc(page, "payments.collectionSettings", undefined, "query")).toEqual({
    enabled: true,
    days: [1, 5, 10],
  });
  await days.nth(0).fill("3");
  await days.nth(1).fill("7");
  await days.nth(2).fill("14");
  await collections.getByRole("button", { name: "Save collections" }).click();
  await expect(collections.getByText("Saved. New cases use these days.")).toBeVisible();
  await page.reload();
  for (const [i, v] of ["3", "7", "14"].entries())
    await expect(page.getByRole("form", { name: "Collections" }).getByRole("spinbutton").nth(i)).toHaveValue(v);

  // The Collections page, from the navigation: nobody is past due in a new organization.
  await page.getByRole("link", { name: "Collections", exact: true }).first().click();
  await expectDashboard(page, "Collections");
  await expect(page.getByText("Nobody is past due.")).toBeVisible();
  await page.getByLabel("Show").selectOption("all");
  await expect(page.getByText("Nobody is past due.")).toBeVisible();
});
