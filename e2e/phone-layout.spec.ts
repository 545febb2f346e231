import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Phones (issue 22, item 9): at 390 px every main page fits the screen (no sideways scrolling), its
 * tables are stacked as cards (each row a block, each cell led by its column's name), and the header
 * names the organization and the page.
 */
test.use({ viewport: { width: 390, height: 844 } });

test("at 390 px the main pages fit, tables become cards, the header names organization and page", async ({ page }) => {
  const organization = `Pocket Storage ${Date.now().toString(36)}`;
  await signUp(page, { name: "Pat Phone", email: uniqueEmail("phone"), organization });
  await expectDashboard(page, /Welcome, Pat/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Rows for the lists: a facility, a lead with a long e-mail, a customer with a note, a task.
  await trpc(page, "facilities.create", {
    name: "Pocket Storage Downtown",
    slug: `pocket-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
  });
  const lead = await trpc<{ customer: { id: string } }>(page, "leads.capture", {
    source: "call",
    name: "Priya Longname-Whitfield",
    phone: "(512) 555-0166",
    email: "priya.longname-whitfield@a-rather-long-domain.example",
  });
  await trpc(page, "customers.addNote", { customerId: lead.customer.id, body: "Wants a 10x10 near the gate." });
  await trpc(page, "tasks.create", { kind: "callback", title: "Call Priya back", customerId: lead.customer.id });

  for (const [path, heading, pageLabel, table] of [
    ["/customers", "Customers", "Customers", "Customers"],
    ["/facilities", "Facilities", "Facilities", null],
    ["/calls", "Calls", "Calls", null],
    ["/reservations", "Reservations", "Reservations", null],
    ["/inbox", "Inbox", "Inbox", null],
    ["/settings/team", "Team", "Team", null],
    ["/settings/audit-log", "Audit log", "Audit log", "Audit log"],
    [`/customers/${lead.customer.id}`, "Priya Longname-Whitfield", "Customer", null],
  ] as const) {
    await page.goto(`/${slug}${path}`);
    await expectDashboard(page, heading);
    await page.waitForLoadState("networkidle");
    await expect(page.getByTestId("header-organization")).toHaveText(organization);
    await expect(page.getByTestId("header-page")).toHaveText(pageLabel);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
    if (table) {
      const t = page.getByRole("table", { name: table });
      const row = t.locator("tbody tr").first();
      await expect(row).toBeVisible();
      expect(await row.evaluate((r) => getComputedStyle(r).display), `${path}: a row is a card`).toBe("block");
      await expect(t.locator("thead")).toBeHidden();
      // Each cell carries its column's name, shown before its value.
      const labelled = await t.locator("tbody tr").first().locator("td[data-label]").count();
      expect(labelled, `${path}: cells labelled`).toBeGreaterThan(1);
    }
  }

  // The leads list view stacks too.
  await page.goto(`/${slug}/leads`);
  await expectDashboard(page, "Leads");
  await page.getByRole("button", { name: "List" }).click();
  const leads = page.getByRole("table", { name: "Leads" });
  await expect(leads.getByText("Priya Longname-Whitfield")).toBeVisible();
  expect(
    await leads
      .locator("tbody tr")
      .first()
      .evaluate((r) => getComputedStyle(r).display),
  ).toBe("block");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "/leads list scrolls sideways").toBeLessThanOrEqual(1);
});
