import { expect, test } from "@playwright/test";

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
