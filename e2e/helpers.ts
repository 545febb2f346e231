import { randomBytes } from "node:crypto";

import { expect, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";

export const PASSWORD = "e2e-password-123";
/** tRPC over HTTP with the page's session cookie, as the dashboard itself calls it. */
export async function trpc<T>(
  page: Page,
  path: string,
  input: unknown,
  method: "query" | "mutation" = "mutation",
): Promise<T> {
  const res =
    method === "query"
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await page.request.post(`/api/trpc/${path}`, { data: { json: input } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** A US number no one else in the run uses, for attaching to a facility. */
export const randomNumber = () =>
  `+1512${200 + Math.floor(Math.random() * 800)}${String(Math.floor(Math.random() * 10000)).padStart(4, "0")}`;

export const uniqueEmail = (who: string) =>
  `${who}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.test`;

export async function signUp(page: Page, opts: { name: string; email: string; organization?: string; next?: string }) {
  await page.goto(opts.next ? `/sign-up?next=${encodeURIComponent(opts.next)}` : "/sign-up");
  await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("Work e-mail").fill(opts.email);
  await page.getByLabel("Password").fill(PASSWORD);
  if (opts.organization) await page.getByLabel("Company name").fill(opts.organization);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export function totpCode(secret: string) {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate();
}

export async function expectDashboard(page: Page, heading: RegExp | string) {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/**
 * A customer's text arriving at the app as Twilio would post it, signed with the key the server
 * checks (Twilio is not configured in the browser tests, so that is the local signing key derived
 * from the app's secret in DATA_DIR, as `npm run call` does). Returns the TwiML answer.
 */
export async function textFromCustomer(page: Page, opts: { from: string; to: string; body: string }): Promise<string> {
  const { createHmac } = await import("node:crypto");
  const { readFileSync } = await import("node:fs");
  const { default: twilio } = await import("twilio");
  const secret = process.env.BETTER_AUTH_SECRET ?? readFileSync(".data/e2e/auth-secret", "utf8").trim();
  const token = createHmac("sha256", secret).update("twilio-webhook-signing/v1").digest("base64url");
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params = {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: `AC${randomBytes(16).toString("hex")}`,
    From: opts.from,
    To: opts.to,
    Body: opts.body,
    NumMedia: "0",
  };
  const url = new URL("/api/twilio/sms", page.url()).href;
  const res = await page.request.post(url, {
    form: params,
    headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(token, url, params) },
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.text();
}
