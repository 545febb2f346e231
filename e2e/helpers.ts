import { randomBytes } from "node:crypto";

import { expect, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";

export const PASSWORD = "e2e-password-123";
export const uniqueEmail = (who: string) => `${who}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}@example.test`;

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
