import http from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * The web chat end to end: an operator sets up the widget in Settings > Web chat, a plain HTML page
 * on another loopback port (another origin, like the operator's own website) embeds the snippet, a
 * visitor asks for prices and reads the streamed answer, reloads and finds the thread again, and the
 * chat is in the dashboard's Calls list.
 */

/** The operator's website: one static page, served from its own port; the snippet is pasted in later. */
async function serveSite() {
  let snippet = "";
  const page = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Oak Street Storage</title>
<style>body{font-family:serif;color:#333} button{background:hotpink}</style></head>
<body><h1>Oak Street Storage</h1><p>Clean, safe units downtown.</p>${snippet}</body></html>`;
  const server = http.createServer((req, res) => {
    if (req.url === "/") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paste: (html: string) => void (snippet = html),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test("a visitor chats on the operator's website: streamed prices, the thread survives a reload, and the chat shows under Calls", async ({
  browser,
}) => {
  const operator = await browser.newPage();
  await signUp(operator, {
    name: "Wendy Web",
    email: uniqueEmail("webchat"),
    organization: `Web Chat Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(operator, /Welcome, Wendy/);
  const slug = new URL(operator.url()).pathname.split("/")[1]!;

  const facility = await trpc<{ id: string }>(operator, "facilities.create", {
    name: "Oak Street Storage",
    slug: `oak-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
  });
  const unitType = await trpc<{ id: string }>(operator, "inventory.createUnitType", {
    facilityId: facility.id,
    name: "10x10 climate",
    widthFt: 10,
    lengthFt: 10,
    features: ["climate_controlled"],
    streetRateCents: 12000,
    webRateCents: 11000,
  });
  await trpc(operator, "inventory.bulkCreateUnits", { unitTypeId: unitType.id, range: "C1-C3" });

  const site = await serveSite();

  // Settings > Web chat: allow only the operator's site, set a greeting and a colour, create the widget.
  await operator.goto(`/${slug}/settings/web-chat`);
  await expect(operator.getByRole("heading", { level: 1, name: "Web chat" })).toBeVisible();
  await operator.getByLabel("Allowed sites").fill(site.origin);
  await operator.getByLabel("Greeting").fill("Hello from Oak Street! Ask me about sizes and prices.");
  await expect(operator.getByTestId("preview-greeting")).toHaveText(
    "Hello from Oak Street! Ask me about sizes and prices.",
  );
  await operator.getByLabel("Colour as #rrggbb").fill("#0f766e");
  await operator.getByRole("button", { name: "Create widget" }).click();
  const snippetBox = operator.getByTestId("embed-snippet");
  await expect(snippetBox).toContainText('data-key="pk_chat_');
  const snippet = (await snippetBox.textContent())!;
  expect(snippet).toMatch(
    /^<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-key="pk_chat_[\w-]{32}" async><\/script>$/,
  );
  site.paste(snippet);

  try {
    const visitor = await browser.newPage();
    await visitor.goto(site.origin);
    const launcher = visitor.getByRole("button", { name: "Chat with us" });
    await expect(launcher).toBeVisible();
    await launcher.click();
    const panel = visitor.getByRole("dialog", { name: "Chat with Oak Street Storage" });
    await expect(panel).toBeVisible();
    const log = panel.getByRole("log", { name: "Chat messages" });
    await expect(log).toContainText("Hello from Oak Street! Ask me about sizes and prices.");

    const input = panel.getByLabel("Your message");
    await expect(input).toBeFocused();
    await input.fill("how much is a 10x10?");
    await input.press("Enter");
    await expect(log.locator('[data-role="visitor"]')).toHaveText(/how much is a 10x10\?/);
    // The web rate, streamed into the agent's bubble.
    const answer = log.locator('[data-role="agent"]').nth(1);
    await expect(answer).toContainText("$110", { timeout: 20_000 });
    await expect(answer).not.toHaveAttribute("aria-busy", "true");

    // A reload continues the thread: the panel reopens with the whole history.
    await visitor.reload();
    await expect(panel).toBeVisible();
    await expect(log.locator(".msg")).toHaveCount(3);
    await expect(log.locator('[data-role="visitor"]')).toHaveText(/how much is a 10x10\?/);
    await expect(log.locator('[data-role="agent"]').nth(1)).toContainText("$110");
    // Escape closes it and gives focus back to the launcher.
    await panel.getByLabel("Your message").press("Escape");
    await expect(panel).toBeHidden();
    await expect(launcher).toBeFocused();

    // The operator sees the chat under Calls, with its transcript.
    await operator.goto(`/${slug}/calls`);
    const row = operator.getByTestId("call-row").first();
    await expect(row).toContainText("Chat");
    await expect(row).toContainText("Oak Street Storage");
    await row.getByRole("link").click();
    await expect(operator.getByRole("heading", { level: 1, name: /^Chat from/ })).toBeVisible();
    await expect(operator.getByTestId("transcript-turn").filter({ hasText: "how much is a 10x10?" })).toBeVisible();

    // The same snippet on a site that is not allowed: the browser gets no CORS grant and the widget stays hidden.
    const elsewhere = await serveSite();
    try {
      elsewhere.paste(snippet);
      const stranger = await browser.newPage();
      await stranger.goto(elsewhere.origin);
      await expect(stranger.locator("[data-storage-agent-chat]")).toBeAttached();
      await expect(stranger.getByRole("button", { name: "Chat with us", includeHidden: true })).toHaveAttribute(
        "hidden",
        "",
      );
    } finally {
      await elsewhere.close();
    }
  } finally {
    await site.close();
  }
});
