import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * The Leads page (issue 22, item 1) as an operator who clicks everything: search by a phone typed
 * any way, filter by status, owner and source, sort, "Show more" on a board column and in the list
 * past a page, collapse a column; the state survives a reload and a shared link; an empty result
 * says so; a mangled address shows the plain list, never an error.
 */
test("leads: search, filters, sort, show more and collapsed columns, kept in the address", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, {
    name: "Lena Leads",
    email: uniqueEmail("leads"),
    organization: `Leads Co ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Lena/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const team = await trpc<{ members: { id: string; name: string }[] }>(page, "team.list", undefined, "query");
  const me = team.members[0]!.id;

  await trpc(page, "leads.capture", { source: "call", name: "Ana Zamora", phone: "+15125550101" });
  const ben = await trpc<{ lead: { id: string } }>(page, "leads.capture", {
    source: "sms",
    name: "Ben Young",
    phone: "+15125550102",
  });
  await trpc(page, "leads.changeStatus", { leadId: ben.lead.id, status: "contacted" });
  const cy = await trpc<{ lead: { id: string } }>(page, "leads.capture", {
    source: "web",
    name: "Cy Xu",
    email: "cy@example.test",
  });
  await trpc(page, "leads.update", { leadId: cy.lead.id, patch: { ownerMemberId: me } });
  // 52 more new leads: more than a board column's 25 and the list's 50.
  for (let i = 0; i < 52; i++)
    await trpc(page, "leads.capture", {
      source: "chat",
      name: `Zed Person ${String(i).padStart(2, "0")}`,
      email: `zed${i}@example.test`,
    });

  await page.goto(`/${slug}/leads`);
  await expectDashboard(page, "Leads");
  const newColumn = page.getByRole("region", { name: "new leads" });
  await expect(newColumn.getByRole("article")).toHaveCount(25);
  await expect(newColumn).toContainText("25 of 54 shown");
  await newColumn.getByRole("button", { name: "Show more new" }).click();
  await expect(newColumn.getByRole("article")).toHaveCount(50);
  await newColumn.getByRole("button", { name: "Show more new" }).click();
  await expect(newColumn.getByRole("article")).toHaveCount(54);
  await expect(newColumn.getByRole("button", { name: "Show more new" })).toHaveCount(0);

  // Collapse "lost": its heading and count stay, and a reload keeps it collapsed.
  const lost = page.getByRole("region", { name: "lost leads" });
  await lost.getByRole("button", { name: "Collapse lost" }).click();
  await expect(page).toHaveURL(/collapsed=lost/);
  await page.reload();
  await expect(lost.getByRole("button", { name: "Expand lost" })).toHaveAttribute("aria-expanded", "false");
  await lost.getByRole("button", { name: "Expand lost" }).click();
  await expect(page).not.toHaveURL(/collapsed=/);

  // A phone as people write it: Ben alone, in his column; the search is in the address.
  await page.getByLabel("Search leads").fill("(512) 555-0102");
  const contacted = page.getByRole("region", { name: "contacted leads" });
  await expect(newColumn.getByRole("article")).toHaveCount(0);
  await expect(contacted.getByRole("article", { name: "Ben Young" })).toBeVisible();
  await expect(page).toHaveURL(/q=%28512%29/);
  // Shared with a colleague (the same address in a fresh page) it shows the same.
  const shared = await page.context().newPage();
  await shared.goto(page.url());
  await expect(shared.getByLabel("Search leads")).toHaveValue("(512) 555-0102");
  await expect(shared.getByRole("region", { name: "contacted leads" }).getByRole("article")).toHaveCount(1);
  await shared.close();

  // Nothing found says so, and "Clear them" brings every lead back.
  await page.getByLabel("Search leads").fill("nobody by this name");
  await expect(page.getByText("No leads match")).toBeVisible();
  await page.getByRole("button", { name: "Clear them" }).click();
  await expect(page.getByLabel("Search leads")).toHaveValue("");
  await expect(newColumn.getByRole("article")).toHaveCount(25);

  // The list view: a page of 50 of 55, then the rest.
  await page.getByRole("button", { name: "List" }).click();
  const table = page.getByRole("table", { name: "Leads" });
  await expect(page.getByTestId("leads-range")).toHaveText("50 of 55 leads");
  await page.getByRole("button", { name: "Show more leads" }).click();
  await expect(page.getByTestId("leads-range")).toHaveText("55 of 55 leads");
  await expect(table.locator("tbody tr")).toHaveCount(55);

  // Filters: status, owner, source; sort by name.
  await page.getByLabel("Status").selectOption("contacted");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Ben Young");
  await page.getByLabel("Status").selectOption("");
  await page.getByLabel("Owner").selectOption("me");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Cy Xu");
  await expect(table).toContainText("Lena Leads");
  await page.getByLabel("Owner").selectOption("anyone");
  await page.getByLabel("Source").selectOption("call");
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table).toContainText("Ana Zamora");
  await page.getByLabel("Source").selectOption("");
  await page.getByLabel("Sort by").selectOption("name");
  await expect(table.locator("tbody tr").first()).toContainText("Ana Zamora");
  await expect(page).toHaveURL(/view=list/);
  await expect(page).toHaveURL(/sort=name/);
  await page.reload();
  await expect(page.getByLabel("Sort by")).toHaveValue("name");
  await expect(table.locator("tbody tr").first()).toContainText("Ana Zamora");

  // A mangled address (unknown sort and status, a bad id, an over-long search) shows the plain board.
  await page.goto(
    `/${slug}/leads?sort=drop_table&status=nope&facility=1%27%20or%201%3D1&owner=%3Cscript%3E&q=${"x".repeat(150)}`,
  );
  await expectDashboard(page, "Leads");
  await expect(newColumn.getByRole("article")).toHaveCount(25);
  await expect(page.getByLabel("Sort by")).toHaveValue("follow_up");
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
});
