import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/** Issue 22, "find anyone": the header's one search box, by name, by a phone typed any way, by e-mail. */
test("an operator finds a customer from the header by name, phone in another format and e-mail", async ({ page }) => {
  await signUp(page, {
    name: "Sid Search",
    email: uniqueEmail("search"),
    organization: `Search Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Sid/);
  const email = uniqueEmail("maria");
  const { customer: maria } = await trpc<{ customer: { id: string } }>(page, "customers.upsert", {
    name: "Maria Quintero",
    phone: "+15125550177",
    email,
  });
  await trpc(page, "customers.upsert", { name: "Mario Quinn", phone: "+15125550188" });

  const box = page.getByRole("combobox", { name: "Find anyone" });
  // "/" focuses the box from anywhere on the page.
  await page.locator("main").click();
  await page.keyboard.press("/");
  await expect(box).toBeFocused();

  // By name words in another order and case: only Maria, and Enter opens her page.
  await box.fill("quintero maria");
  const results = page.getByTestId("search-result");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText("Maria Quintero");
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/customers/${maria.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Maria Quintero" })).toBeVisible();

  // By phone, typed the way people write it: the digits find her, not Mario.
  await box.fill("(512) 555-0177");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText("Maria Quintero");

  // A part both share finds both; a click opens the one picked.
  await box.fill("555 01");
  await expect(results).toHaveCount(2);
  await results.filter({ hasText: "Mario Quinn" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mario Quinn" })).toBeVisible();

  // By e-mail, and nothing for someone who is not there.
  await box.fill(email.toUpperCase());
  await expect(results).toHaveCount(1);
  await box.fill("Nobody Here");
  await expect(page.getByText("Nobody found for “Nobody Here”.")).toBeVisible();
  await expect(results).toHaveCount(0);
});
