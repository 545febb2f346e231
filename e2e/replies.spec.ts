import http from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test, type Page } from "@playwright/test";

import { expectDashboard, randomNumber, signUp, textFromCustomer, trpc, uniqueEmail } from "./helpers";

/**
 * Issue 22, item 3: replying from the dashboard. A person takes a live text thread from the agent,
 * answers, sees the customer's answer arrive live without the agent replying, and hands it back; the
 * same with a web chat, where the visitor reads the person's answer in the widget; and a text to a
 * lead from their customer page.
 */
async function operator(page: Page, name: string) {
  const stamp = Date.now().toString(36);
  await signUp(page, { name, email: uniqueEmail("reply"), organization: `Reply Storage ${stamp}` });
  await expectDashboard(page, new RegExp(`Welcome, ${name.split(" ")[0]}`));
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Reply Oak Storage",
    slug: `reply-oak-${stamp}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
    officeHours: Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "24:00" }]]),
    ),
  });
  const unitType = await trpc<{ id: string }>(page, "inventory.createUnitType", {
    facilityId: facility.id,
    name: "10x10 climate",
    widthFt: 10,
    lengthFt: 10,
    features: ["climate_controlled"],
    streetRateCents: 12000,
    webRateCents: 11000,
  });
  await trpc(page, "inventory.bulkCreateUnits", { unitTypeId: unitType.id, range: "C1-C3" });
  const number = randomNumber();
  await trpc(page, "phoneNumbers.attach", { phoneNumber: number, facilityId: facility.id });
  // Texts may go at any hour the suite runs (quiet hours are tested in tests/replies).
  await trpc(page, "workflows.updateSettings", { quietHours: { start: "00:00", end: "24:00" } });
  return { slug, facility, number };
}

const turns = (page: Page, role: string) => page.locator(`[data-testid="transcript-turn"][data-role="${role}"]`);

test("takes a live text thread over, answers, sees the customer's reply live, and hands it back to the agent", async ({
  page,
}) => {
  const o = await operator(page, "Rita Reply");
  const started = await trpc<{ from: string }>(page, "calls.simulate", {
    channel: "sms",
    pauseMs: 0,
    utterances: ["hi do you have a 10x10 available?"],
  });

  await page.goto(`/${o.slug}/calls`);
  const row = page.getByTestId("call-row").filter({ hasText: "Text" }).first();
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: /^Text from/ })).toBeVisible();
  await expect(turns(page, "agent")).toHaveCount(1);
  await expect(page.getByTestId("live-status")).toHaveAttribute("data-status", "live");

  const panel = page.getByTestId("reply-panel");
  await expect(panel.getByTestId("thread-handler")).toHaveText("The agent is answering");
  await panel.getByRole("button", { name: "Take over" }).click();
  await expect(panel.getByTestId("thread-handler")).toHaveText(/You are answering/);

  await panel.getByRole("textbox").fill("Hi! This is Rita at the desk: yes, C2 is free. Want me to hold it?");
  await panel.getByRole("button", { name: "Send text" }).click();
  await expect(turns(page, "staff")).toHaveText(/This is Rita at the desk/);
  await expect(panel.getByRole("textbox")).toHaveValue("");

  // The customer answers: the line appears without a reload, and the agent stays silent.
  const twiml = await textFromCustomer(page, {
    from: started.from,
    to: o.number,
    body: "yes please, hold it for Friday",
  });
  expect(twiml).not.toContain("<Message>");
  await expect(turns(page, "caller").last()).toHaveText(/hold it for Friday/);
  await expect(turns(page, "agent")).toHaveCount(1);

  // Handed back: the agent answers the next text.
  await panel.getByRole("button", { name: "Hand back to the agent" }).click();
  await expect(panel.getByTestId("thread-handler")).toHaveText("The agent is answering");
  const answered = await textFromCustomer(page, { from: started.from, to: o.number, body: "what are your hours?" });
  expect(answered).toContain("<Message>");
  await expect(turns(page, "agent")).toHaveCount(2);
});

/** The operator's website: one static page with the widget's snippet. */
async function serveSite(snippet: string) {
  const server = http.createServer((req, res) => {
    if (req.url === "/")
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Oak</title></head><body><h1>Oak</h1>${snippet}</body></html>`,
        );
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("takes a web chat over: the visitor reads the person's answer in the widget, and the agent answers again once handed back", async ({
  browser,
}) => {
  const page = await browser.newPage();
  const o = await operator(page, "Cora Chat");
  const widget = await trpc<{ publicKey: string }>(page, "chatWidget.save", {
    facilityId: o.facility.id,
    allowedOrigins: [],
  });
  const base = new URL(page.url()).origin;
  const site = await serveSite(`<script src="${base}/widget.js" data-key="${widget.publicKey}" async></script>`);
  try {
    const visitor = await browser.newPage();
    await visitor.goto(site.origin);
    await visitor.getByRole("button", { name: "Chat with us" }).click();
    const panel = visitor.getByRole("dialog", { name: "Chat with Reply Oak Storage" });
    const log = panel.getByRole("log", { name: "Chat messages" });
    const input = panel.getByLabel("Your message");
    await input.fill("how much is a 10x10?");
    await input.press("Enter");
    await expect(log.locator('[data-role="agent"]').nth(1)).toContainText("$110", { timeout: 20_000 });

    await page.goto(`/${o.slug}/calls`);
    await page.getByTestId("call-row").filter({ hasText: "Chat" }).first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: /^Chat from/ })).toBeVisible();
    const reply = page.getByTestId("reply-panel");
    await expect(reply.getByTestId("thread-handler")).toHaveText("The agent is answering");

    // Answering takes the chat over.
    await reply.getByRole("textbox").fill("Hi, Cora here at the front desk. I can give you 10% off today.");
    await reply.getByRole("button", { name: "Send" }).click();
    await expect(turns(page, "staff")).toHaveText(/Cora here at the front desk/);
    await expect(reply.getByTestId("thread-handler")).toHaveText(/You are answering/);

    // The widget shows it (it polls the history) with a note that a person is answering.
    await expect(log.locator('[data-role="staff"]')).toContainText("Cora here at the front desk", { timeout: 20_000 });
    await expect(panel.locator(".status")).toHaveText("A member of our team is answering you here.");

    // The visitor's answer reaches the operator live; the agent does not answer it.
    await input.fill("great, I'll take it");
    await input.press("Enter");
    await expect(turns(page, "caller").last()).toHaveText(/great, I'll take it/);
    await expect(log.locator(".msg")).toHaveCount(5);
    await expect(turns(page, "agent")).toHaveCount(2);

    // Handed back: the agent answers the visitor's next message in the widget.
    await reply.getByRole("button", { name: "Hand back to the agent" }).click();
    await expect(reply.getByTestId("thread-handler")).toHaveText("The agent is answering");
    await expect(panel.locator(".status")).toBeEmpty({ timeout: 20_000 });
    await input.fill("what are your hours?");
    await input.press("Enter");
    await expect(log.locator(".msg")).toHaveCount(7, { timeout: 20_000 });
    await expect(log.locator(".msg").last()).toHaveAttribute("data-role", "agent");
    await expect(turns(page, "agent")).toHaveCount(3);
  } finally {
    await site.close();
  }
});

test("texts a lead from their customer page; the thread is the staff's", async ({ page }) => {
  const o = await operator(page, "Tia Text");
  const phone = randomNumber();
  const { customer } = await trpc<{ customer: { id: string } }>(page, "customers.upsert", {
    name: "Lee Lead",
    phone,
  });
  await page.goto(`/${o.slug}/customers/${customer.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Lee Lead" })).toBeVisible();
  const box = page.getByTestId("customer-text");
  await box.getByRole("textbox").fill("Hi Lee, your 10x10 quote of $110 is good until Friday.");
  await box.getByRole("button", { name: "Send text" }).click();
  await box.getByRole("link", { name: "Open the text thread" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Text from/ })).toBeVisible();
  await expect(turns(page, "staff")).toHaveText(/quote of \$110/);
  await expect(page.getByTestId("thread-handler")).toHaveText(/You are answering/);

  // Their answer lands in that thread, for the person, not the agent.
  expect(await textFromCustomer(page, { from: phone, to: o.number, body: "thanks, see you Friday" })).not.toContain(
    "<Message>",
  );
  await expect(turns(page, "caller")).toHaveText(/see you Friday/);
});
