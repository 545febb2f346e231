import path from "node:path";

import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, uniqueEmail } from "./helpers";

test("an operator imports a facility file, books a reservation from the dashboard and cancels it", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Ivy Inventory", email: uniqueEmail("inventory"), organization: `Lakeside Co ${stamp}` });
  await expectDashboard(page, /Welcome, Ivy/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Import: upload → preview of what will change → confirm.
  await page.goto(`/${slug}/facilities`);
  await expectDashboard(page, "Facilities");
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByLabel("Import file").setInputFiles(path.join(process.cwd(), "docs/examples/facility-import.json"));
  const preview = page.getByRole("table", { name: "Changes the import will make" });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole("row").filter({ hasText: "Facilities" })).toContainText("1");
  await page.getByRole("button", { name: "Confirm import" }).click();
  await expect(page.getByText("Imported facility-import.json.")).toBeVisible();

  // A file with a mistake is refused with the line and field named, and changes nothing.
  await page.getByLabel("Import file").setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{\n  "version": 1,\n  "facilities": [\n    { "name": "X", "slug": "Bad Slug" }\n  ]\n}\n') });
  await expect(page.getByRole("alert").filter({ hasText: /line 4.*facilities\.0\./ })).toBeVisible();

  // The facility shows its units; open it and start a reservation there.
  const card = page.getByRole("article", { name: "Lakeside Self Storage" });
  await expect(card).toContainText(/\d+ of \d+ units available/);
  await card.getByRole("link", { name: "Lakeside Self Storage" }).click();
  await expectDashboard(page, "Lakeside Self Storage");
  await expect(page.getByRole("table", { name: "Unit types" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Units" })).toBeVisible();
  await page.getByRole("link", { name: "New reservation" }).click();
  await expectDashboard(page, "New reservation");

  // The live quote appears once a unit type is chosen (the first bookable one by default).
  await expect(page.getByTestId("due-at-move-in")).toContainText("$");
  await page.getByLabel("Customer name").fill("Rita Renter");
  await page.getByLabel("Customer phone").fill("(512) 555-0142");
  await page.getByLabel("Customer e-mail").fill(`rita-${stamp}@example.test`);
  await page.getByRole("button", { name: "Reserve" }).click();

  // The reservation page shows its confirmation code and the stored quote.
  await expect(page).toHaveURL(new RegExp(`/${slug}/reservations/[0-9a-f-]{36}$`));
  const code = (await page.getByTestId("confirmation-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4,12}$/);
  await expectDashboard(page, `Reservation ${code}`);
  await expect(page.getByTestId("reservation-status")).toHaveText("active");
  await expect(page.getByRole("table", { name: "Quote lines" })).toContainText("Due at move-in");

  // Cancel it.
  await page.getByRole("button", { name: "Cancel reservation" }).click();
  await page.getByLabel("Cancellation reason").fill("Customer changed plans");
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await expect(page.getByTestId("reservation-status")).toHaveText("cancelled");
  await expect(page.getByRole("button", { name: "Move in" })).toHaveCount(0);

  // The list shows it cancelled too.
  await page.goto(`/${slug}/reservations`);
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText("cancelled");
});
