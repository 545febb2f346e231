import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 22, items 4, 5 and 9: the Overview checklist ticks off what is done and goes away; agent
 * settings per facility (transfer numbers validated as E.164) and a test call from the page; the
 * dashboard on a 390 px phone (tables as cards, the header naming the organization and the page).
 */
const stepDone = (page: Page, key: string) =>
  page.getByRole("region", { name: "Setup checklist" }).locator(`[data-step="${key}"]`);

async function operatorWithFacility(page: Page, name: string) {
  const stamp = Date.now().toString(36);
  await signUp(page, { name, email: uniqueEmail("setup"), organization: `Setup Storage ${stamp}` });
  await expectDashboard(page, new RegExp(`Welcome, ${name.split(" ")[0]}`));
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  return { slug, stamp };
}

test("the checklist ticks off finished steps; facility agent settings refuse a bad transfer number", async ({
  page,
}) => {
  await operatorWithFacility(page, "Sage Setup");
  const checklist = page.getByRole("region", { name: "Setup checklist" });
  await expect(checklist).toBeVisible();
  await expect(page.getByTestId("setup-progress")).toHaveText("0 of 7 done");
  await expect(stepDone(page, "facility")).toHaveAttribute("data-done", "false");

  // A facility by import (it brings units and a transfer number) and a number routed to it.
  const text = readFileSync(path.join(process.cwd(), "docs/examples/facility-import.json"), "utf8");
  await trpc(page, "inventory.import", { format: "json", text });
  const [facility] = await trpc<{ id: string }[]>(page, "facilities.list", undefined, "query");
  const number = randomNumber();
  await trpc(page, "phoneNumbers.attach", { phoneNumber: number, facilityId: facility!.id });
  await page.reload();
  for (const key of ["facility", "units", "phone_number", "transfer_number"])
    await expect(stepDone(page, key)).toHaveAttribute("data-done", "true");
  await expect(stepDone(page, "test_call")).toHaveAttribute("data-done", "false");

  // Settings > Agent: a transfer number that is not a phone number is refused, saying what to type.
  await stepDone(page, "test_call").getByRole("link", { name: "Place a test call" }).click();
  await expectDashboard(page, "Agent");
  const form = page.getByRole("form", { name: /Agent settings for/ });
  await form.getByLabel("Transfer number", { exact: true }).fill("the manager");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toContainText("E.164 format, e.g. +15125550123");
  // The agent's own line is refused too: a transfer there would ring the agent again.
  await form.getByLabel("Transfer number", { exact: true }).fill(number);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByRole("alert")).toContainText("agent's own numbers");
});

test("on a 390 px phone, tables are cards and the header names the organization and the page", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { slug, stamp } = await operatorWithFacility(page, "Pia Phone");
  const text = readFileSync(path.join(process.cwd(), "docs/examples/facility-import.json"), "utf8");
  await trpc(page, "inventory.import", { format: "json", text });
  const [facility] = await trpc<{ id: string }[]>(page, "facilities.list", undefined, "query");

  await page.goto(`/${slug}/facilities/${facility!.id}`);
  await expect(page.getByTestId("header-organization")).toHaveText(`Setup Storage ${stamp}`);
  await expect(page.getByTestId("header-page")).toHaveText("Facilities");
  const units = page.getByRole("table", { name: "Units" });
  await expect(units).toBeVisible();
  // The header row is hidden; each cell is labelled with its column and the row fits the screen.
  await expect(units.locator("thead")).toBeHidden();
  const firstRow = units.locator("tbody tr").first();
  await expect(firstRow.locator("td[data-label]").first()).toHaveAttribute("data-label", /\S/);
  const box = (await firstRow.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  const cells = await firstRow.locator("td").evaluateAll((tds) => tds.map((td) => getComputedStyle(td).display));
  expect(cells.every((d) => d === "flex")).toBe(true);

  await page.goto(`/${slug}/settings/team`);
  await expect(page.getByTestId("header-page")).toHaveText("Team");
  await expect(page.getByRole("table", { name: "Members" }).locator("thead")).toBeHidden();
});
