import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, uniqueEmail } from "./helpers";
import { STORA_E2E, STOREDGE_E2E } from "./pms-fake";

test("an owner connects storEDGE from Settings > Integrations and sees the synced units", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Pat Manager", email: uniqueEmail("pms"), organization: `PMS Co ${stamp}` });
  await expectDashboard(page, /Welcome, Pat/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  await page.goto(`/${slug}/settings/integrations`);
  await expectDashboard(page, "Integrations");
  await page.getByLabel("Property management system").selectOption("storedge");
  await page.getByLabel("API access ID").fill(STOREDGE_E2E.key);
  await page.getByLabel("Facility IDs").fill(STOREDGE_E2E.facilityId);

  // A wrong secret: storEDGE's refusal in words an operator can act on, nothing connected.
  await page.getByLabel("API secret key").fill("not-the-secret");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "did not accept these credentials" })).toBeVisible();

  await page.getByLabel("API secret key").fill(STOREDGE_E2E.secret);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected: the credentials see 1 facilities.")).toBeVisible();
  await expect(page.getByLabel(`${STOREDGE_E2E.facilityName} (${STOREDGE_E2E.facilityId})`)).toHaveValue("");
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  // The first full sync runs as a workflow; the page follows it.
  const card = page.getByRole("article", { name: "storEDGE connection" });
  await expect(card.getByTestId("pms-counts")).toHaveText(`1 facilities, 6 unit types, ${STOREDGE_E2E.units} units`, {
    timeout: 60_000,
  });
  await expect(card.locator(".chakra-badge").filter({ hasText: "Active" })).toBeVisible();
  await expect(card.getByRole("table", { name: "storEDGE sync runs" })).toContainText("succeeded");
  // The secret never comes back to the browser.
  expect(await page.content()).not.toContain(STOREDGE_E2E.secret);

  // The synced facility with its units, read-only where storEDGE owns them.
  await card.getByRole("link", { name: new RegExp(STOREDGE_E2E.facilityName) }).click();
  await expectDashboard(page, STOREDGE_E2E.facilityName);
  const units = page.getByRole("table", { name: "Units" });
  await expect(units).toBeVisible();
  await expect(units.getByRole("cell", { name: "U1", exact: true })).toBeVisible();
  await expect(units.getByRole("row")).toHaveCount(STOREDGE_E2E.units + 1);
  // Read-only where storEDGE owns it, and the page says so.
  await expect(page.getByText("storEDGE is the source of truth for this facility")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add unit type" })).toHaveCount(0);
  await page.getByRole("button", { name: "Edit facility" }).click();
  await expect(page.getByLabel("Facility name")).toHaveAttribute("readonly", "");

  // Sync now, then disconnect: the data stays, marked as no longer synced.
  await page.goto(`/${slug}/settings/integrations`);
  await card.getByRole("button", { name: "Sync now" }).click();
  await expect(card.getByRole("table", { name: "storEDGE sync runs" }).getByRole("row")).toHaveCount(3, {
    timeout: 60_000,
  });
  await card.getByRole("button", { name: "Disconnect" }).click();
  await page
    .getByRole("alertdialog", { name: /^Disconnect / })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expect(card.locator(".chakra-badge").filter({ hasText: "Disconnected" })).toBeVisible();
  await expect(card).toContainText("the data stays, no longer synced");
});

test("an owner connects Stora with an OAuth application, tests it and sees the first sync's units", async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Sam Operator", email: uniqueEmail("stora"), organization: `Stora Co ${stamp}` });
  await expectDashboard(page, /Welcome, Sam/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  await page.goto(`/${slug}/settings/integrations`);
  await expectDashboard(page, "Integrations");
  await page.getByLabel("Property management system").selectOption("stora");
  await page.getByLabel("OAuth client ID").fill(STORA_E2E.clientId);

  // A wrong client secret: Stora's token endpoint refuses it, said in an operator's words.
  await page.getByLabel("OAuth client secret").fill("not-the-secret");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Stora did not accept these credentials" })).toBeVisible();

  await page.getByLabel("OAuth client secret").fill(STORA_E2E.clientSecret);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Connected: the credentials see 1 facilities.")).toBeVisible();
  await expect(page.getByLabel(`${STORA_E2E.siteName} (${STORA_E2E.siteId})`)).toHaveValue("");
  await page.getByRole("button", { name: "Connect", exact: true }).click();

  // The first full sync, through a client-credentials token the server fetched and keeps.
  const card = page.getByRole("article", { name: "Stora connection" });
  await expect(card.getByTestId("pms-counts")).toHaveText(
    `1 facilities, ${STORA_E2E.unitTypes} unit types, ${STORA_E2E.units} units`,
    { timeout: 60_000 },
  );
  await expect(card.locator(".chakra-badge").filter({ hasText: "Active" })).toBeVisible();
  await expect(card.getByRole("table", { name: "Stora sync runs" })).toContainText("succeeded");
  expect(await page.content()).not.toContain(STORA_E2E.clientSecret);

  // The synced site is a facility here, with Stora's units by their reference.
  await card.getByRole("link", { name: new RegExp(STORA_E2E.siteName) }).click();
  await expectDashboard(page, STORA_E2E.siteName);
  const units = page.getByRole("table", { name: "Units" });
  await expect(units.getByRole("cell", { name: "A-1", exact: true })).toBeVisible();
  await expect(units.getByRole("row")).toHaveCount(STORA_E2E.units + 1);
  await expect(page.getByText("Stora is the source of truth for this facility")).toBeVisible();

  // Disconnected, so the server's sweep leaves the fake alone after this test.
  await page.goto(`/${slug}/settings/integrations`);
  await card.getByRole("button", { name: "Disconnect" }).click();
  await page
    .getByRole("alertdialog", { name: /^Disconnect / })
    .getByRole("button", { name: "Disconnect" })
    .click();
  await expect(card.locator(".chakra-badge").filter({ hasText: "Disconnected" })).toBeVisible();
});
