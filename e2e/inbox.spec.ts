import { expect, test } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 22, item 2: a message the agent took on a call is a task in the inbox, on the Overview and
 * on its own page, with the caller's name, number and words; someone takes it, does it, and can
 * open it again.
 */
test("a message taken by the agent appears in the inbox, is assigned and done", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Ina Inbox", email: uniqueEmail("inbox"), organization: `Inbox Storage ${stamp}` });
  await expectDashboard(page, /Welcome, Ina/);
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Inbox Oak Storage",
    slug: `inbox-oak-${stamp}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  await trpc(page, "phoneNumbers.attach", { phoneNumber: randomNumber(), facilityId: facility.id });

  // A caller leaves a message (the simulated call rings the number through the real webhooks).
  const started = await trpc<{ from: string }>(page, "calls.simulate", {
    pauseMs: 0,
    utterances: [
      "I'd like to leave a message for the manager",
      "Maya Moss",
      "yes that's right",
      "please call me back about my gate code",
    ],
  });
  const digits = started.from.slice(2); // +1415... → 415...
  const formatted = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;

  // The Overview lists it among the next due.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("inbox-summary")).toContainText("Call back Maya Moss", { timeout: 10_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId("inbox-summary")).toContainText(formatted);
  await page.getByTestId("inbox-summary").getByRole("link", { name: "Inbox" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  const task = page.getByTestId("task").filter({ hasText: "Call back Maya Moss" });
  await expect(task).toBeVisible();
  await expect(task).toContainText("Message");
  await expect(task).toContainText(formatted);
  await expect(task).toContainText("please call me back about my gate code");
  await expect(task).toContainText("Inbox Oak Storage");

  // Taken by me: the "Me" filter holds it.
  await task.getByLabel(/^Assign/).selectOption({ label: "Ina Inbox (me)" });
  await expect(task).toContainText("assigned to Ina Inbox");
  await page.getByLabel("Assigned to", { exact: true }).selectOption("me");
  await expect(page.getByTestId("task").filter({ hasText: "Call back Maya Moss" })).toBeVisible();

  // Done: it leaves the open list and is under Done, from where it can be opened again.
  await page
    .getByTestId("task")
    .filter({ hasText: "Call back Maya Moss" })
    .getByRole("button", { name: "Done" })
    .click();
  await expect(page.getByTestId("task").filter({ hasText: "Call back Maya Moss" })).toHaveCount(0);
  await page.getByLabel("Show", { exact: true }).selectOption("done");
  const done = page.getByTestId("task").filter({ hasText: "Call back Maya Moss" });
  await expect(done).toContainText("Done");
  await done.getByRole("button", { name: "Open again" }).click();
  await expect(done).toHaveCount(0);
  await page.getByLabel("Show", { exact: true }).selectOption("open");
  await expect(page.getByTestId("task").filter({ hasText: "Call back Maya Moss" })).toBeVisible();

  // The conversation it came from is one click away.
  await page
    .getByTestId("task")
    .filter({ hasText: "Call back Maya Moss" })
    .getByRole("link", { name: "Conversation" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Call from/ })).toBeVisible();
  await expect(
    page.locator('[data-testid="transcript-turn"][data-role="caller"]').filter({ hasText: "gate code" }),
  ).toBeVisible();
});
