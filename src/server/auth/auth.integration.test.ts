import { eq } from "drizzle-orm";
import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";

import { env } from "@/env";
import { auth } from "@/server/auth";
import { hashSessionToken } from "@/server/auth/hashed-session-tokens";
import { db } from "@/server/db/client";
import { emailOutbox, user } from "@/server/db/schema";

import { PASSWORD, seedUser, signIn, unique } from "../../../tests/factories";

const BASE = "http://localhost:3000/api/auth";

function post(path: string, body: unknown, ip: string, cookie?: string) {
  return auth.handler(
    new Request(`${BASE}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        "x-forwarded-for": ip,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
}
const randomIp = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function latestMail(to: string, kind: string) {
  const rows = await db.select().from(emailOutbox).where(eq(emailOutbox.to, to));
  return rows.filter((r) => r.kind === kind).sort((x, y) => +y.createdAt - +x.createdAt)[0];
}

describe("sign-up, verification and password reset", () => {
  it("sends a verification e-mail whose link verifies the address", async () => {
    const u = await seedUser("Vera");
    const mail = await latestMail(u.email, "verify-email");
    expect(mail).toBeDefined();
    const url = new URL(mail!.text.match(/https?:\/\/\S+/)![0]);
    await auth.api.verifyEmail({ query: { token: url.searchParams.get("token")! } });
    const [row] = await db.select().from(user).where(eq(user.email, u.email));
    expect(row!.emailVerified).toBe(true);
  });

  it("resets a password through the e-mailed link and signs other sessions out", async () => {
    const u = await seedUser("Rita");
    await auth.api.requestPasswordReset({ body: { email: u.email, redirectTo: "/reset-password" } });
    const mail = await latestMail(u.email, "password-reset");
    const link = mail!.text.match(/https?:\/\/\S+/)![0];
    const token = new URL(link).pathname.split("/").pop()!;
    await auth.api.resetPassword({ body: { newPassword: "a-brand-new-password", token } });
    expect(await auth.api.getSession({ headers: u.headers })).toBeNull();
    await expect(signIn(u.email, PASSWORD)).rejects.toThrow();
    await expect(signIn(u.email, "a-brand-new-password")).resolves.toMatchObject({ email: u.email });
  });
});

describe("sessions", () => {
  it("lists a user's sessions and revokes one", async () => {
    const first = await seedUser("Sam");
    const before = await auth.api.listSessions({ headers: first.headers });
    const second = await signIn(first.email);
    const sessions = await auth.api.listSessions({ headers: first.headers });
    expect(sessions).toHaveLength(before.length + 1);
    // Another session is listed by a handle of its stored hash, never its token (tests/security/session-tokens).
    const token = decodeURIComponent(/session_token=([^;]+)/.exec(second.headers.get("cookie")!)![1]!).split(".")[0]!;
    const target = sessions.find((s) => s.token === `h:${hashSessionToken(token)}`);
    expect(target).toBeDefined();
    await auth.api.revokeSession({ headers: first.headers, body: { token: target!.token } });
    expect(await auth.api.listSessions({ headers: first.headers })).toHaveLength(before.length);
    expect(await auth.api.getSession({ headers: second.headers })).toBeNull();
    expect(await auth.api.getSession({ headers: first.headers })).not.toBeNull();
  });
});

describe("two-factor (TOTP)", () => {
  it("enrolls with a QR URI and backup codes, then challenges at sign-in", async () => {
    const u = await seedUser("Tess");
    const enabled = await auth.api.enableTwoFactor({ headers: u.headers, body: { password: PASSWORD } });
    if (!("totpURI" in enabled)) throw new Error("expected TOTP enrollment");
    expect(enabled.backupCodes).toHaveLength(10);
    const totp = OTPAuth.URI.parse(enabled.totpURI) as OTPAuth.TOTP;
    await auth.api.verifyTOTP({ headers: u.headers, body: { code: totp.generate() } });

    const res = await post("/sign-in/email", { email: u.email, password: PASSWORD }, randomIp());
    expect(await res.json()).toMatchObject({ twoFactorRedirect: true });
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const wrong = await post("/two-factor/verify-totp", { code: "000000" }, randomIp(), cookie);
    expect(wrong.status).toBe(401);
    const ok = await post("/two-factor/verify-totp", { code: totp.generate() }, randomIp(), cookie);
    expect(ok.status).toBe(200);
    const backup = await post("/sign-in/email", { email: u.email, password: PASSWORD }, randomIp());
    const backupCookie = backup.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const viaBackup = await post(
      "/two-factor/verify-backup-code",
      { code: enabled.backupCodes[0] },
      randomIp(),
      backupCookie,
    );
    expect(viaBackup.status).toBe(200);
  });
});

// Per account: tests/security/sign-in-throttle.integration.test.ts (growing delays, no lockout).
describe("brute-force protection", () => {
  const perIp = env.AUTH_RATE_LIMIT_PER_IP;

  it("limits attempts per IP, whatever the account", { timeout: 120_000 }, async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < perIp + 2; i++)
      statuses.push(
        (await post("/sign-in/email", { email: `${unique("nobody")}@example.test`, password: "whatever-password" }, ip))
          .status,
      );
    expect(statuses.indexOf(429)).toBe(perIp);
    expect(statuses.slice(perIp)).toEqual([429, 429]);
  });
});
