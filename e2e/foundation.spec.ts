import { expect, test } from "@playwright/test";

import { expectDashboard, PASSWORD, signIn, signUp, totpCode, uniqueEmail } from "./helpers";

test("an operator signs up, invites a manager who accepts, enrolls TOTP and signs in with a code", async ({
  browser,
}) => {
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  const ownerEmail = uniqueEmail("owner");
  const orgName = `Harbor Storage ${Date.now().toString(36)}`;

  // Sign up creates the account and the organization in one flow, and lands in the dashboard.
  await signUp(owner, { name: "Olive Owner", email: ownerEmail, organization: orgName });
  await expectDashboard(owner, /Welcome, Olive/);
  await expect(owner.getByRole("button", { name: "Switch organization" })).toContainText(orgName);
  const slug = new URL(owner.url()).pathname.split("/")[1]!;

  // Invite a manager; the invitation lands in the organization's outbox (no SMTP here).
  await owner.getByRole("link", { name: "Team" }).first().click();
  const managerEmail = uniqueEmail("manager");
  await owner.getByLabel("E-mail").fill(managerEmail);
  await owner.getByLabel("Role for the invitee").selectOption("manager");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByText(`Invitation sent to ${managerEmail}.`)).toBeVisible();
  await owner.goto(`/${slug}/settings/outbox`);
  const invitation = owner.getByRole("article").filter({ hasText: managerEmail }).first();
  const link = await invitation.getByRole("link").first().getAttribute("href");
  expect(link).toContain("/accept-invitation/");
  const invitePath = new URL(link!).pathname;

  // The manager accepts in a second browser context as a new user.
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await manager.goto(invitePath);
  await expect(manager.getByRole("heading", { name: `Join ${orgName}` })).toBeVisible();
  await manager.getByRole("link", { name: /Create an account/ }).click();
  await signUp(manager, { name: "Manny Manager", email: managerEmail, next: invitePath });
  await manager.getByRole("button", { name: "Accept invitation" }).click();
  await expectDashboard(manager, /Welcome, Manny/);
  await expect(manager.getByRole("button", { name: "Switch organization" })).toContainText("manager");

  // The owner sees the manager on the team.
  await owner.goto(`/${slug}/settings/team`);
  await expect(owner.getByRole("row").filter({ hasText: managerEmail })).toBeVisible();

  // A manager is refused team and billing administration, on the page and on the server.
  await expect(manager.getByRole("link", { name: "Billing" })).toHaveCount(0);
  await manager.goto(`/${slug}/settings/team`);
  await expect(manager.getByText("Only owners and admins can invite or change members.")).toBeVisible();
  const refused = await manager.request.post("/api/trpc/team.invite", {
    data: { json: { email: "x@example.test", role: "staff" } },
  });
  expect(refused.status()).toBe(403);
  await manager.goto(`/${slug}/settings/billing`);
  await expect(manager.getByText("Only owners and admins can see billing")).toBeVisible();
  const billingChange = await manager.request.post("/api/trpc/billing.checkout", {
    data: { json: { plan: "growth", interval: "month" } },
  });
  expect(billingChange.status()).toBe(403);
  // An admin-only page opened by address says whose it is rather than failing its queries.
  await manager.goto(`/${slug}/settings/audit-log`);
  await expect(manager.getByText("Only owners and admins can see Audit log.")).toBeVisible();
  await expect(manager.getByText("Something went wrong")).toHaveCount(0);

  // The owner enrolls TOTP, signs out, and signs back in with a code.
  await owner.goto(`/${slug}/settings/security`);
  await owner.getByLabel("Your password").fill(PASSWORD);
  await owner.getByRole("button", { name: "Set up" }).click();
  const secret = (await owner.getByTestId("totp-secret").textContent())!.trim();
  await expect(owner.getByTestId("backup-codes").locator("code")).toHaveCount(10);
  await owner.getByLabel("Code from your app").fill(totpCode(secret));
  await owner.getByRole("button", { name: "Turn on" }).click();
  await expect(owner.getByText("Two-factor authentication is on.")).toBeVisible();

  await owner.getByRole("button", { name: "Olive Owner" }).click();
  await owner.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(owner).toHaveURL(/\/sign-in/);
  await signIn(owner, ownerEmail);
  await expect(owner).toHaveURL(/\/two-factor/);
  await owner.getByLabel("Authentication code").fill(totpCode(secret));
  await owner.getByRole("button", { name: "Verify" }).click();
  await expectDashboard(owner, /Welcome, Olive/);

  await ownerContext.close();
  await managerContext.close();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  const email = uniqueEmail("locked");
  await signUp(page, { name: "Lou Locked", email, organization: `Lock Co ${Date.now().toString(36)}` });
  await expectDashboard(page, /Welcome, Lou/);
  await page.context().clearCookies();
  await signIn(page, email, "not-the-password");
  await expect(page.getByRole("alert").filter({ hasText: /invalid|wrong/i })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});
