import { readFileSync } from "node:fs";

import { expect, test } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, trpc, uniqueEmail } from "./helpers";

test("Analytics: the figures follow the date range, and the CSV download has the seeded rows", async ({ page }) => {
  await signUp(page, {
    name: "Ana Lytics",
    email: uniqueEmail("analytics"),
    organization: `Analytics Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Ana/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Seed: a facility, a number, and two texts through the simulator (the real SMS webhook).
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Chart Street Storage",
    slug: `chart-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  await trpc(page, "phoneNumbers.attach", { phoneNumber: randomNumber(), facilityId: facility.id });
  for (const text of ["How much is a 10x10?", "What are your hours?"])
    await trpc(page, "calls.simulate", { channel: "sms", pauseMs: 0, utterances: [text] });
  await expect
    .poll(
      async () => (await trpc<{ items: unknown[] }>(page, "calls.list", { channel: "sms" }, "query")).items.length,
      { timeout: 20_000 },
    )
    .toBe(2);
  const { today } = await trpc<{ today: string }>(page, "analytics.today", undefined, "query");

  await page.goto(`/${slug}/analytics`);
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
  const period = page.getByTestId("analytics-period");
  await expect(period).toContainText(`to ${today}`);
  await expect(page.getByTestId("stat-Messages")).toHaveText("2");
  await expect(page.getByTestId("stat-Calls")).toHaveText("0");
  const daily = page.getByRole("table", { name: "Daily figures" });
  await expect(daily.getByRole("row")).toHaveCount(31); // header + 30 days

  // Today only.
  await page.getByLabel("Date range").selectOption("today");
  await expect(period).toHaveText(new RegExp(`^${today} to ${today}, compared with`));
  await expect(daily.getByRole("row")).toHaveCount(2);
  await expect(daily.getByRole("row").nth(1).getByRole("cell")).toHaveText([today, "0", "2", /^\d+$/]);
  // Whether the agent captured a lead from the texts is its business: the file must say what the metrics say.
  const leads = await trpc<{ current: { leads: number } }>(
    page,
    "analytics.leads",
    { from: today, to: today },
    "query",
  );

  const downloaded = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toBe(`analytics_${today}_${today}.csv`);
  const csv = readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, "");
  expect(csv.trim().split("\r\n")).toEqual([
    "date,calls,messages,conversations,leads",
    `${today},0,2,2,${leads.current.leads}`,
  ]);

  // A custom range that ends the day before: nothing seeded there.
  await page.getByLabel("Date range").selectOption("custom");
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(yesterday);
  await page.getByLabel("To", { exact: true }).fill(yesterday);
  await expect(period).toHaveText(new RegExp(`^${yesterday} to ${yesterday}`));
  await expect(page.getByTestId("stat-Messages")).toHaveText("0");
  const second = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const csv2 = readFileSync((await (await second).path())!, "utf8").replace(/^\uFEFF/, "");
  expect(csv2.trim().split("\r\n")).toEqual(["date,calls,messages,conversations,leads", `${yesterday},0,0,0,0`]);

  // The Overview shows the same count for today, linking to the list behind it.
  await page.goto(`/${slug}`);
  await expect(page.getByTestId("stat-Today's calls")).toHaveText("0");
  await expect(page.getByRole("link", { name: "See leads" })).toHaveAttribute("href", `/${slug}/leads`);
});
