import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";
import { STOREDGE_E2E } from "./pms-fake";

/**
 * Issue 16, collections with rows: an operator whose storEDGE books show a tenant behind on rent
 * (the fake storEDGE's Pat Pastdue: $129.00, paid through 12 days ago) connects Stripe and storEDGE,
 * rents Pat a unit at the synced facility, and the collections sweep (every 10 s on the e2e server,
 * COLLECTIONS_SWEEP_SCHEDULE) reads storEDGE's balance and opens a case. The operator sees Pat in
 * Payments > Collections, puts the case on hold, and the queue (after a reload too) says so.
 */
test("a tenant past due in storEDGE appears in the collections queue; Hold puts the case on hold", async ({ page }) => {
  // Two onboardings, a sync and a sweep of up to 10 s: more than the default 90 s on a busy machine.
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const email = uniqueEmail("collections");
  await signUp(page, { name: "Cora Collects", email, organization: `Late Storage ${stamp}` });
  await expectDashboard(page, /Welcome, Cora/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Settings > Payments: the organization's Stripe account (collections need charges enabled).
  await page.goto(`/${slug}/settings/payments`);
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await expect(page.getByRole("heading", { name: "Fake Stripe onboarding" })).toBeVisible();
  await page.getByRole("button", { name: "Submit details" }).click();
  await expect(page.getByText("Charges enabled")).toBeVisible();

  // Settings > Integrations: storEDGE, its facility synced here.
  await page.goto(`/${slug}/settings/integrations`);
  await expectDashboard(page, "Integrations");
  await page.getByLabel("Property management system").selectOption("storedge");
  await page.getByLabel("API access ID").fill(STOREDGE_E2E.key);
  await page.getByLabel("Facility IDs").fill(STOREDGE_E2E.facilityId);
  await page.getByLabel("API secret key").fill(STOREDGE_E2E.secret);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected: the credentials see 1 facilities.")).toBeVisible();
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  const card = page.getByRole("article", { name: "storEDGE connection" });
  await expect(card.getByTestId("pms-counts")).toHaveText(`1 facilities, 6 unit types, ${STOREDGE_E2E.units} units`, {
    timeout: 60_000,
  });

  // Pat rents a unit at the synced facility (booked, then moved in: the dashboard's own API).
  const facilities = await trpc<{ id: string; name: string }[]>(page, "facilities.list", {}, "query");
  const facility = facilities.find((f) => f.name === STOREDGE_E2E.facilityName)!;
  const types = await trpc<{ id: string }[]>(page, "inventory.unitTypes", { facilityId: facility.id }, "query");
  const booked = await trpc<{ reservation: { id: string; customerId: string } }>(page, "reservations.create", {
    unitTypeId: types[0]!.id,
    moveInDate: new Date().toISOString().slice(0, 10),
    channel: "phone",
    customer: { name: STOREDGE_E2E.pastDue.name, phone: STOREDGE_E2E.pastDue.phone },
  });
  await trpc(page, "reservations.moveIn", { reservationId: booked.reservation.id });

  // The sweep reads storEDGE and opens Pat's case (asked of the API: a page reload on a busy machine
  // can take longer than the wait between two polls, and then no reload ever got to show the row).
  await expect
    .poll(
      async () => {
        const cases = await trpc<{ customerName: string | null }[]>(
          page,
          "payments.collections",
          { status: "open" },
          "query",
        );
        return cases.map((c) => c.customerName);
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toContain(STOREDGE_E2E.pastDue.name);

  // Payments > Collections shows it.
  await page.goto(`/${slug}/collections`);
  await expectDashboard(page, "Collections");
  const table = page.getByRole("table", { name: "Collections" });
  const row = table.getByRole("row").filter({ hasText: STOREDGE_E2E.pastDue.name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(STOREDGE_E2E.facilityName);
  // Past due and the balance now: storEDGE's figure, not the move-in charges on our own ledger.
  await expect(row.getByRole("cell").nth(3)).toHaveText(STOREDGE_E2E.pastDue.balance);
  await expect(row.getByRole("cell").nth(4)).toHaveText(STOREDGE_E2E.pastDue.balance);
  await expect(row.getByRole("cell").nth(7)).toHaveText("active");

  // Hold: the case stops, the queue says by whom, and Resume is offered.
  await row.getByRole("button", { name: "Hold" }).click();
  await expect(row.getByRole("cell").nth(7)).toContainText("on hold");
  await expect(row.getByRole("cell").nth(7)).toContainText(`by ${email}`);
  await expect(row.getByRole("button", { name: "Resume" })).toBeVisible();
  await expect(row.getByRole("cell").nth(6)).toHaveText("–");
  // Still held after a reload (and after the next sweeps), in the open queue.
  await page.waitForTimeout(11_000);
  await page.reload();
  await expect(row.getByRole("cell").nth(7)).toContainText("on hold");

  // The customer page shows the same balance, from storEDGE.
  await row.getByRole("link", { name: STOREDGE_E2E.pastDue.name }).click();
  await expect(page.getByTestId("customer-balance")).toHaveText(`Balance: ${STOREDGE_E2E.pastDue.balance}`);
  await expect(page.getByTestId("balance-source")).toContainText("From storEDGE, read");
  // The rental says where its balance is kept, not our ledger's move-in charges.
  await expect(page.getByText("balance kept in storEDGE (see Payments)")).toBeVisible();

  // Disconnected at the end: a later e2e server on this database must not sweep a fake that is gone.
  const [conn] = await trpc<{ id: string }[]>(page, "integrations.list", {}, "query");
  await trpc(page, "integrations.disconnect", { connectionId: conn!.id });
});
