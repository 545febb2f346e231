import { expect, test, type Page } from "@playwright/test";

import { signUp, uniqueEmail } from "./helpers";

/**
 * Issue 20, item 7, against the production build served by server.ts: a page, the sign-in page, an
 * API route and the chat widget's script all carry the headers, and the dashboard cannot be framed
 * by another site.
 */
test("every page type carries the security headers", async ({ request }) => {
  for (const path of ["/", "/sign-in", "/api/health", "/widget.js"]) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
  }
});

test("another site cannot frame the sign-in page", async ({ page, baseURL }) => {
  await page.setContent(`<iframe id="f" src="${baseURL}/sign-in"></iframe>`);
  const frame = page.frame({ url: /sign-in/ });
  // The browser refuses to render it: the frame stays empty (no sign-in form inside).
  await page.waitForTimeout(1500);
  const inputs = frame ? await frame.locator("input").count() : 0;
  expect(inputs).toBe(0);
});

/** Every CSP violation the page reports (console errors and securitypolicyviolation events). */
async function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Content-Security-Policy/i.test(m.text()))
      violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

test("pages carry a nonce-based script policy, and render and run with no violation", async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await page.goto("/sign-in");
  const policy = first!.headers()["content-security-policy"]!;
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  // Next put this response's nonce on its own scripts.
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  // A fresh nonce for every request.
  const second = await page.request.get("/sign-in");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce!);

  // Hydrated: the form works (sign-up, then the dashboard the new account lands in).
  const email = uniqueEmail("csp");
  await signUp(page, { name: "Cass Policy", email, organization: "CSP Storage" });
  await expect(page).not.toHaveURL(/sign-up/, { timeout: 30_000 });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  // Pages of each kind, navigated in the browser (client-side) and loaded afresh.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Calls" }).click();
  await expect(page).toHaveURL(/\/calls$/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  for (const path of [`/${slug}`, `/${slug}/settings/team`, `/${slug}/analytics`, "/sign-in", "/"]) {
    await page.goto(path);
    await expect(page.locator("body")).not.toBeEmpty();
  }
  expect(violations).toEqual([]);
});

test("injected markup cannot run script: an inline handler is refused by the browser", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/sign-in");
  await page.evaluate(() => {
    (window as unknown as { injected?: boolean }).injected = false;
    document.body.insertAdjacentHTML("beforeend", '<img alt="" src="data:," onerror="window.injected = true">');
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBe(false);
});
