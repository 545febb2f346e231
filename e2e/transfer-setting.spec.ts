import { expect, test } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 22, item 4: the facility form takes the transfer number (the agent's own line refused), and a
 * caller who asks for a person is transferred to that number.
 */
test("the transfer number set on the facility form is the one a transferred call rings", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signUp(page, {
    name: "Tom Transfer",
    email: uniqueEmail("transfer"),
    organization: `Transfer Storage ${stamp}`,
  });
  await expectDashboard(page, /Welcome, Tom/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Transfer Oak Storage",
    slug: `transfer-oak-${stamp}`,
    timeZone: "America/Chicago",
    officeHours: Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "24:00" }]]),
    ),
  });
  const line = randomNumber();
  await trpc(page, "phoneNumbers.attach", { phoneNumber: line, facilityId: facility.id });

  await page.goto(`/${slug}/facilities/${facility.id}`);
  await page.getByRole("button", { name: "Edit facility" }).click();
  const form = page.getByRole("form", { name: "Edit facility" });
  const transfer = form.getByLabel("Transfer calls to");
  await expect(transfer).toHaveValue("");
  // The agent's own line would ring the agent again: refused, with the reason.
  await transfer.fill(line);
  await form.getByRole("button", { name: "Save facility" }).click();
  await expect(form.getByRole("alert")).toContainText("agent's own numbers");
  await transfer.fill("(512) 555-0177");
  await form.getByRole("button", { name: "Save facility" }).click();
  await expect(form).toBeHidden();
  // Settings > Agent shows the same number.
  const settings = await trpc<{ transferPhones: string[] }>(
    page,
    "agent.facilitySettings",
    { facilityId: facility.id },
    "query",
  );
  expect(settings.transferPhones).toEqual(["+15125550177"]);

  // A caller asks for a person: the call is transferred to that number.
  const started = await trpc<{ from: string }>(page, "calls.simulate", {
    pauseMs: 0,
    utterances: ["can I talk to a real person please"],
  });
  await page.goto(`/${slug}/calls`);
  const row = page.getByTestId("call-row").first();
  await expect(row).toContainText("Transferred", { timeout: 30_000 });
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Call from/ })).toBeVisible();
  const call = await trpc<{ call: { fromAddress: string; outcome: string } }>(
    page,
    "calls.get",
    { id: new URL(page.url()).pathname.split("/").pop() },
    "query",
  );
  expect(call.call).toMatchObject({ fromAddress: started.from, outcome: "transfer" });
  await expect(page.getByRole("log", { name: "Transcript" })).toContainText("+15125550177");
});
