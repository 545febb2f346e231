import { expect, test } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, textFromCustomer, trpc, uniqueEmail } from "./helpers";

/**
 * The Calls page (issue 22, item 1) as an operator who clicks everything: search by a number typed
 * any way, filter by channel and dates, sort; state in the address survives a reload; an empty result
 * says so and clears; backwards dates are refused; a mangled address shows the plain list.
 */
test("calls: search, filters and sort, kept in the address", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, {
    name: "Cal Caller",
    email: uniqueEmail("calls"),
    organization: `Calls Co ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Cal/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Dial Street Storage",
    slug: `dial-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  const ours = randomNumber();
  await trpc(page, "phoneNumbers.attach", { phoneNumber: ours, facilityId: facility.id });
  await page.goto(`/${slug}/calls`);
  await expectDashboard(page, "Calls");
  // Three texters and one simulated call.
  await textFromCustomer(page, { from: "+15125550177", to: ours, body: "How much is a 10x10?" });
  await textFromCustomer(page, { from: "+17375550123", to: ours, body: "What are your hours?" });
  await textFromCustomer(page, { from: "+17375550123", to: ours, body: "And on Sunday?" });
  await textFromCustomer(page, { from: "+12105550199", to: ours, body: "Do you have boat storage?" });
  await trpc(page, "calls.simulate", { channel: "voice", pauseMs: 0, utterances: ["What are your hours?"] });
  const rows = page.getByTestId("call-row");
  await expect(rows).toHaveCount(4);

  // A number as people write it.
  await page.getByLabel("Search calls").fill("(737) 555-0123");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("(737) 555-0123");
  await expect(page).toHaveURL(/q=%28737%29/);
  await page.reload();
  await expect(page.getByLabel("Search calls")).toHaveValue("(737) 555-0123");
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Search calls").fill("");
  await expect(rows).toHaveCount(4);

  // Channel, then sort: the texter with two messages has the most turns.
  await page.getByLabel("Channel").selectOption("sms");
  await expect(rows).toHaveCount(3);
  await page.getByLabel("Sort by").selectOption("turns");
  await expect(rows.first()).toContainText("(737) 555-0123");
  await page.getByLabel("Sort by").selectOption("oldest");
  await expect(rows.first()).toContainText("(512) 555-0177");
  await expect(page).toHaveURL(/channel=sms/);
  await expect(page).toHaveURL(/sort=oldest/);
  await page.reload();
  await expect(page.getByLabel("Channel")).toHaveValue("sms");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("(512) 555-0177");

  // Dates: backwards is refused in words; a day with no calls says so and clears.
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From date").fill(tomorrow);
  await page.getByLabel("To date").fill(yesterday);
  await expect(page.getByText("The From date is after the To date.")).toBeVisible();
  await page.getByLabel("To date").fill("");
  await expect(page.getByText("No calls match")).toBeVisible();
  await page.getByRole("button", { name: "clear them" }).click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByLabel("Channel")).toHaveValue("");
  await page.getByLabel("Search calls").fill("nothing like this");
  await expect(page.getByText("No calls match")).toBeVisible();

  // A mangled address shows the plain list.
  await page.goto(`/${slug}/calls?sort=loudest&channel=fax&from=yesterday&facility=%27--&q=${"9".repeat(300)}`);
  await expectDashboard(page, "Calls");
  await expect(rows).toHaveCount(4);
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
});
