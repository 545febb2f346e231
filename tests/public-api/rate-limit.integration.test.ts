import { describe, expect, it } from "vitest";

/**
 * Rate limits per key, counted in Postgres. A low limit is configured before the app's env loads
 * (each test file runs in its own process). Fixed one-minute windows: the test sends enough
 * requests to pass the limit even if a window boundary falls in the middle, so it never depends on
 * the clock.
 */
process.env.API_RATE_LIMIT_PER_MINUTE = "5";

describe("rate limits", () => {
  it("announces the policy, counts down, answers 429 with Retry-After, and keeps keys apart", async () => {
    const { api, seedApiOrg, newKey } = await import("./helpers");
    const { key, org } = await seedApiOrg();
    let limited: Awaited<ReturnType<typeof api>> | null = null;
    const remaining: number[] = [];
    for (let i = 0; i < 11 && !limited; i++) {
      const r = await api(key, "GET", "/facilities");
      expect(r.headers.get("ratelimit-policy")).toBe('"per-key";q=5;w=60');
      const m = /^"per-key";r=(\d+);t=(\d+)$/.exec(r.headers.get("ratelimit") ?? "");
      expect(m, r.headers.get("ratelimit") ?? "no RateLimit header").not.toBeNull();
      expect(Number(m![2])).toBeGreaterThanOrEqual(1);
      expect(Number(m![2])).toBeLessThanOrEqual(60);
      if (r.status === 429) limited = r;
      else remaining.push(Number(m![1]));
    }
    expect(limited).not.toBeNull();
    expect(limited!.body.type).toBe("https://storage-agent.dev/problems/rate-limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get("ratelimit")).toMatch(/r=0;/);
    expect(remaining.slice(-1)[0]).toBe(0);
    // Another key of the same organization has its own budget.
    const other = await newKey(org, ["read"]);
    expect((await api(other, "GET", "/facilities")).status).toBe(200);
  });
});
