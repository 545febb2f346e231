import { expect, test } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, trpc, uniqueEmail } from "./helpers";

test("a simulated call appears live in the Calls list and its turns arrive on the call page without reloading", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, {
    name: "Lena Live",
    email: uniqueEmail("live"),
    organization: `Live Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Lena/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // A facility and a number (attached: Twilio is not configured here, the simulator signs requests itself).
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Live Oak Storage",
    slug: `live-oak-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
    officeHours: Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "24:00" }]]),
    ),
  });
  await trpc(page, "phoneNumbers.attach", { phoneNumber: randomNumber(), facilityId: facility.id });

  await page.goto(`/${slug}/calls`);
  await expect(page.getByRole("heading", { level: 1, name: "Calls" })).toBeVisible();
  await expect(page.getByText("No calls yet")).toBeVisible();
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  // Watching a second tab of the list too: both must update by themselves.
  const watcher = await context.newPage();
  await watcher.goto(`/${slug}/calls`);
  await expect(watcher.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  await page.getByRole("button", { name: "Simulate a call" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Calling/ })).toBeVisible();
  const row = watcher.getByTestId("call-row").first();
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row).toContainText("Call");
  await expect(row).toContainText("Live Oak Storage");

  // Open the call while it is in progress: the caller's turns and the agent's replies arrive live.
  await row.getByRole("link").click();
  await expect(watcher.getByRole("heading", { level: 1, name: /^Call from/ })).toBeVisible();
  await expect(watcher.getByTestId("live-status")).toHaveAttribute("data-status", "live");
  const turns = watcher.getByTestId("transcript-turn");
  await expect(turns.first()).toContainText("Live Oak Storage");
  await expect(watcher.getByTestId("transcript-turn").filter({ hasText: "how much is a ten by ten" })).toBeVisible({
    timeout: 10_000,
  });
  await expect(
    watcher
      .getByTestId("transcript-turn")
      .filter({ hasText: /Goodbye/i })
      .first(),
  ).toBeVisible({ timeout: 10_000 });
  await expect(turns).toHaveCount(7);
  await expect(watcher.getByText("Ended", { exact: true })).toBeVisible({ timeout: 10_000 });
  // A caller who was quoted a price and whose number is known is never lost: the call ends as a lead.
  await expect(watcher.getByTestId("call-outcome")).toHaveText("Lead");

  // The list in the first tab shows the finished call without a reload.
  await expect(page.getByTestId("call-row").first()).toContainText("Lead", { timeout: 10_000 });
  await context.close();
});
