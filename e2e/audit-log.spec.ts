import { readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Settings > Audit log (issue 22, item 7): changes read as sentences with who and when, filtered by
 * area, by who and by dates, "Show more" past 50, and "Export CSV" of the same filter with times in
 * the organization's zone.
 */
test("audit log: readable entries, filters, show more and the CSV export", async ({ page }) => {
  test.setTimeout(240_000);
  const email = uniqueEmail("audit");
  await signUp(page, { name: "Audra Auditor", email, organization: `Audit Co ${Date.now().toString(36)}` });
  await expectDashboard(page, /Welcome, Audra/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  await trpc(page, "facilities.create", {
    name: "Ledger Lane Storage",
    slug: `ledger-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  const ana = await trpc<{ lead: { id: string } }>(page, "leads.capture", {
    source: "call",
    name: "Ana Zamora",
    phone: "+15125550101",
  });
  // 30 moves back and forth: 60 lead entries, more than a page of 50.
  for (let i = 0; i < 30; i++) {
    await trpc(page, "leads.changeStatus", { leadId: ana.lead.id, status: "contacted" });
    await trpc(page, "leads.changeStatus", { leadId: ana.lead.id, status: "quoted" });
  }

  await page.goto(`/${slug}/settings/audit-log`);
  await expectDashboard(page, "Audit log");
  const entries = page.getByTestId("audit-entry");
  await expect(entries).toHaveCount(50);
  // The newest first, as a sentence, with who did it.
  await expect(entries.first()).toContainText("Lead status changed: quoted");
  await expect(entries.first()).toContainText(email);
  await page.getByRole("button", { name: "Show more" }).click();
  await expect.poll(() => entries.count()).toBeGreaterThan(60);
  await expect(page.getByText("Facility created: Ledger Lane Storage")).toBeVisible();

  // Only facility changes.
  await page.getByLabel("What").selectOption("facility");
  await expect(entries.first()).toContainText("Facility created: Ledger Lane Storage");
  for (const code of await entries
    .locator("code")
    .filter({ hasText: /^[a-z_]+\.[a-z_.]+$/ })
    .allTextContents())
    expect(code.startsWith("facility.")).toBe(true);
  await page.getByLabel("What").selectOption("lead.status_changed");
  await expect(entries).toHaveCount(50);

  // By who: nobody by that name, then the owner's address.
  await page.getByLabel("Who").fill("nobody-such");
  await expect(page.getByText("No changes recorded for this filter.")).toBeVisible();
  await page.getByLabel("Who").fill(email.slice(0, 10));
  await expect(entries).toHaveCount(50);

  // Dates: tomorrow holds nothing yet; today holds everything.
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From").fill(day(2));
  await expect(page.getByText("No changes recorded for this filter.")).toBeVisible();
  await page.getByLabel("From").fill(day(-2));
  await expect(entries).toHaveCount(50);

  // The CSV: the same filter, a header naming the organization's zone, one line per change.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await (await download).path();
  const lines = readFileSync(file, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toContain("When (America/Chicago)");
  expect(lines).toHaveLength(61);
  expect(lines.slice(1).every((l) => l.includes("lead.status_changed"))).toBe(true);
});
