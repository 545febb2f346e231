import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { env } from "@/env";
import { auth } from "@/server/auth";
import { ACCOUNT_CAP_SECONDS, throttleKeys } from "@/server/auth/sign-in-throttle";
import { db } from "@/server/db/client";
import { authAttempt, rateLimit } from "@/server/db/schema";

import { PASSWORD, seedUser } from "../factories";

/**
 * Issue 20, item 12: ten wrong passwords locked the real owner out for 15 minutes, from anywhere. Now
 * failures slow the guesser with growing delays, per address (or known browser) and, for guessers
 * spread over many addresses, per account, while the owner's browser that signed in before is never
 * delayed by anyone else's failures.
 */
const BASE = "http://localhost:3000/api/auth";

function signInPost(email: string, password: string, ip: string, cookie?: string) {
  return auth.handler(
    new Request(`${BASE}/sign-in/email`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        "x-forwarded-for": ip,
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}
const octet = () => Math.floor(Math.random() * 250) + 1;
const newIp = () => `10.${octet()}.${octet()}.${octet()}`;
const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
/** Moves the counters' last failure `seconds` into the past, as if the guesser had waited. */
const wait = (keys: string[], seconds: number) =>
  db
    .update(authAttempt)
    .set({ windowStart: sql`${authAttempt.windowStart} - make_interval(secs => ${seconds})` })
    .where(inArray(authAttempt.key, keys));

describe("sign-in throttling", () => {
  it("a guesser on many addresses never delays the owner's browser, and delays a new one only briefly", async () => {
    const u = await seedUser("Owen");
    const home = newIp();
    const first = await signInPost(u.email, PASSWORD, home);
    expect(first.status).toBe(200);
    const knownDevice = cookiesOf(first)
      .split("; ")
      .filter((c) => c.includes("known_device"))
      .join("; ");
    expect(knownDevice).toContain("known_device=");

    // Twelve failures from as many addresses, each attempt made once the throttle lets it.
    const keys = throttleKeys(u.email, null, null);
    let failures = 0;
    let refusals = 0;
    while (failures < 12) {
      const res = await signInPost(u.email, `wrong-${failures}-password`, newIp());
      if (res.status === 401) failures++;
      else {
        expect(res.status).toBe(429);
        refusals++;
        await wait([keys.account!], Number(res.headers.get("retry-after")));
      }
    }
    // The first AUTH_RATE_LIMIT_PER_ACCOUNT were free; every later one had to wait.
    expect(refusals).toBe(12 - env.AUTH_RATE_LIMIT_PER_ACCOUNT);

    // The owner's browser (its known-device cookie, no session) signs in at once, from home or elsewhere.
    expect((await signInPost(u.email, PASSWORD, home, knownDevice)).status).toBe(200);
    expect((await signInPost(u.email, PASSWORD, newIp(), knownDevice)).status).toBe(200);
    // A new browser is slowed like the guesser, for seconds to minutes, never locked out.
    const fresh = await signInPost(u.email, PASSWORD, newIp());
    expect(fresh.status).toBe(429);
    const retryAfter = Number(fresh.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(ACCOUNT_CAP_SECONDS);
    await wait([keys.account!], retryAfter);
    expect((await signInPost(u.email, PASSWORD, newIp())).status).toBe(200);
  });

  it("a guesser on one address waits longer after each failure; the right password still works after the wait", async () => {
    const u = await seedUser("Gail");
    const ip = newIp();
    const keys = throttleKeys(u.email, ip, null);
    const both = [keys.client, keys.account!];
    // Better Auth's per-address limit (AUTH_RATE_LIMIT_PER_IP a minute, 8 in tests) is another
    // control: its minute is made to pass whenever the guesser waits.
    const waitHere = async (seconds: number) => {
      await wait(both, seconds);
      await db.delete(rateLimit).where(eq(rateLimit.key, `${ip}|/sign-in/email`));
    };
    for (let i = 0; i < 3; i++) expect((await signInPost(u.email, `wrong-${i}-password`, ip)).status).toBe(401);
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await signInPost(u.email, PASSWORD, ip);
      expect(refused.status).toBe(429);
      expect(await refused.text()).toMatch(/Try again in \d+ seconds?/);
      const after = Number(refused.headers.get("retry-after"));
      delays.push(after);
      await waitHere(after);
      expect((await signInPost(u.email, `wrong-again-${i}-password`, ip)).status).toBe(401);
    }
    expect(delays).toEqual([1, 2, 4]);
    const last = Number((await signInPost(u.email, PASSWORD, ip)).headers.get("retry-after"));
    expect(last).toBe(8);
    await waitHere(last);
    const signedIn = await signInPost(u.email, PASSWORD, ip);
    expect(signedIn.status).toBe(200);
    // That browser is now a known device: a typo costs it nothing, whatever the account's failures.
    const device = cookiesOf(signedIn)
      .split("; ")
      .filter((c) => c.includes("known_device"))
      .join("; ");
    expect((await signInPost(u.email, "a-typo-password", ip, device)).status).toBe(401);
    expect((await signInPost(u.email, PASSWORD, ip, device)).status).toBe(200);
  });
});
