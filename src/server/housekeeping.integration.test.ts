import { randomBytes } from "node:crypto";

import { inArray, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { auth } from "@/server/auth";
import { countInWindow } from "@/server/auth/rate-limit";
import { db } from "@/server/db/client";
import { apiKey, apiRateLimit, authAttempt, rateLimit, session, verification } from "@/server/db/schema";

import { seedOrganization, unique } from "../../tests/factories";

import { pruneStaleRows } from "./housekeeping";

const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe("housekeeping", () => {
  it("deletes counters untouched for an hour, and sessions and tokens expired a day ago, in batches; keeps everything still in use", async () => {
    const org = await seedOrganization();
    const tag = unique("hk");

    // Rate-limit counters: one stale and one fresh of each kind, plus enough stale ones to need a second batch.
    await db.insert(authAttempt).values([
      { key: `${tag}:stale`, windowStart: ago(2 * HOUR), count: 4 },
      { key: `${tag}:fresh`, windowStart: ago(60_000), count: 2 },
    ]);
    await db.execute(
      sql`insert into auth_attempt (key, window_start, count) select ${tag} || ':bulk:' || g, now() - interval '3 hours', 1 from generate_series(1, 5003) g`,
    );
    await db.insert(rateLimit).values([
      { id: `${tag}-rl-stale`, key: `${tag}:rl:stale`, count: 9, lastRequest: Date.now() - 2 * HOUR },
      { id: `${tag}-rl-fresh`, key: `${tag}:rl:fresh`, count: 1, lastRequest: Date.now() - 30_000 },
    ]);
    const [key] = await db
      .insert(apiKey)
      .values({
        organizationId: org.id,
        name: "hk",
        prefix: `sa_${randomBytes(6).toString("hex")}`,
        secretHash: randomBytes(32).toString("hex"),
        scopes: ["read"],
      })
      .returning({ id: apiKey.id });
    await db.insert(apiRateLimit).values([
      { organizationId: org.id, apiKeyId: key!.id, windowStart: ago(2 * HOUR), count: 30 },
      {
        organizationId: org.id,
        apiKeyId: key!.id,
        windowStart: new Date(Math.floor(Date.now() / 60_000) * 60_000),
        count: 3,
      },
    ]);

    // Sessions and tokens: expired two days ago (gone), an hour ago (kept a day), still valid (kept).
    const sessions = [`${tag}-s-old`, `${tag}-s-recent`];
    await db.insert(session).values([
      { id: sessions[0]!, token: `${tag}-t-old`, userId: org.owner.id, expiresAt: ago(48 * HOUR) },
      { id: sessions[1]!, token: `${tag}-t-recent`, userId: org.owner.id, expiresAt: ago(HOUR) },
    ]);
    await db.insert(verification).values([
      { id: `${tag}-v-old`, identifier: `${tag}-v`, value: "x", expiresAt: ago(48 * HOUR) },
      { id: `${tag}-v-recent`, identifier: `${tag}-v`, value: "y", expiresAt: ago(HOUR) },
      { id: `${tag}-v-valid`, identifier: `${tag}-v`, value: "z", expiresAt: new Date(Date.now() + HOUR) },
    ]);

    const counts = await pruneStaleRows();
    expect(counts.authAttempts).toBeGreaterThanOrEqual(5004);
    expect(counts.authRateLimits).toBeGreaterThanOrEqual(1);
    expect(counts.apiRateLimits).toBeGreaterThanOrEqual(1);
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(counts.verifications).toBeGreaterThanOrEqual(1);

    const attempts = await db
      .select({ key: authAttempt.key })
      .from(authAttempt)
      .where(like(authAttempt.key, `${tag}:%`));
    expect(attempts.map((r) => r.key)).toEqual([`${tag}:fresh`]);
    const limits = await db
      .select({ key: rateLimit.key })
      .from(rateLimit)
      .where(like(rateLimit.key, `${tag}:%`));
    expect(limits.map((r) => r.key)).toEqual([`${tag}:rl:fresh`]);
    const windows = await db
      .select({ count: apiRateLimit.count })
      .from(apiRateLimit)
      .where(inArray(apiRateLimit.apiKeyId, [key!.id]));
    expect(windows.map((r) => r.count)).toEqual([3]);
    const left = await db.select({ id: session.id }).from(session).where(inArray(session.id, sessions));
    expect(left.map((r) => r.id)).toEqual([`${tag}-s-recent`]);
    const tokens = await db
      .select({ id: verification.id })
      .from(verification)
      .where(like(verification.identifier, `${tag}-v`));
    expect(tokens.map((r) => r.id).sort()).toEqual([`${tag}-v-recent`, `${tag}-v-valid`]);

    // What is left still works: the owner's live session, and the fresh counter keeps counting.
    expect((await auth.api.getSession({ headers: org.owner.headers }))?.user.id).toBe(org.owner.id);
    expect((await countInWindow(`${tag}:fresh`, 15 * 60)).count).toBe(3);
    // A pruned key simply starts a new window, as its expired row would have.
    expect((await countInWindow(`${tag}:stale`, 15 * 60)).count).toBe(1);

    // Nothing stale is left to delete on a second run among this test's rows.
    await pruneStaleRows();
    expect(
      await db
        .select({ key: authAttempt.key })
        .from(authAttempt)
        .where(like(authAttempt.key, `${tag}:%`)),
    ).toHaveLength(2);
  }, 60_000);
});
