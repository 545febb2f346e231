import { expect, test, type Page } from "@playwright/test";

import { expectDashboard, PASSWORD, signUp, uniqueEmail } from "./helpers";

/**
 * Issue 20, item 4: the `next` parameter of the sign-in page must never take the browser off this
 * site. Each form is tried in a real browser, raw in the query and percent-encoded, because the
 * browser's own URL parser (backslashes, dot segments, protocol-relative paths) is what decides where
 * `router.push` lands.
 */
const attacks = [
  "/..//evil.example/x",
  "/.//evil.example/x",
  "/./\\evil.example/x",
  "/%2e%2e//evil.example/x",
  "//evil.example/x",
  "/\\evil.example/x",
  "https://evil.example/x",
];

let email: string;

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  email = uniqueEmail("redirect");
  await signUp(page, { name: "Rhea Redirect", email, organization: `Redirect Storage ${Date.now().toString(36)}` });
  await expectDashboard(page, /Welcome, Rhea/);
  await page.context().close();
});

async function signInWith(page: Page, query: string) {
  const offSite: string[] = [];
  // Nothing may be fetched from the attacker's host; abort so the test never leaves the machine.
  await page.context().route(
    (url) => url.hostname.endsWith("evil.example"),
    (route) => {
      offSite.push(route.request().url());
      return route.abort();
    },
  );
  await page.goto(`/sign-in?${query}`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectDashboard(page, /Welcome, Rhea/);
  return offSite;
}

for (const next of attacks) {
  for (const [form, query] of [
    ["raw", `next=${next}`],
    ["encoded", `next=${encodeURIComponent(next)}`],
  ] as const) {
    test(`sign-in with next=${next} (${form}) stays on this site`, async ({ browser, baseURL }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const offSite = await signInWith(page, query);
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      expect(offSite).toEqual([]);
      await context.close();
    });
  }
}

test("a same-site next is still followed after sign-in", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWith(page, `next=${encodeURIComponent("/app?from=link")}`);
  expect(new URL(page.url()).pathname).not.toBe("/sign-in");
  await context.close();
});
