import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";

import { newIp, seedChatOrg } from "../chat/helpers";
import { newKey, seedApiOrg } from "../public-api/helpers";
import { processGroup } from "./processes";

/**
 * Rate limits hold across app servers: two app processes (tests/cluster/app-process.ts, on loopback
 * ports) behind no balancer, the test alternating between them as a round-robin one would. Each
 * limit's budget is spent once in total, not once per process: the counters are rows in Postgres
 * (api_rate_limit for the public API, auth_attempt for the chat widget), never process memory. With
 * per-process counters every request below up to twice the limit would pass.
 */
const LIMIT = 6;
const group = processGroup();
const env = {
  API_RATE_LIMIT_PER_MINUTE: String(LIMIT),
  CHAT_RATE_LIMIT_PER_IP: String(LIMIT),
  // Behind a balancer: the client's address comes from X-Forwarded-For (each test's own).
  TRUST_PROXY: "true",
  SHUTDOWN_READINESS_DELAY_MS: "0",
};
let apps: Awaited<ReturnType<typeof group.startApp>>[] = [];
beforeAll(async () => {
  apps = await Promise.all([group.startApp(env), group.startApp(env)]);
}, 240_000);
afterAll(async () => {
  const exits = await Promise.all(apps.map((a) => a.stop()));
  expect(exits).toEqual(apps.map(() => ({ code: 0, signal: null })));
});

/** The public API's windows are calendar minutes: start a burst well inside one. */
async function awayFromMinuteBoundary() {
  const { rows } = await db.execute<{ s: number }>(sql`select extract(second from now())::float8 as s`);
  const second = Number(rows[0]!.s);
  if (second > 50) await new Promise((r) => setTimeout(r, (60.5 - second) * 1000));
}

const get = (base: string, path: string, headers: Record<string, string>) =>
  fetch(base + path, { headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() }));

describe("rate limits across app processes", () => {
  it("public API: one key's budget is spent once across both servers, in turn and all at once", async () => {
    const { org, key } = await seedApiOrg(["read"]);
    await awayFromMinuteBoundary();
    const results = [];
    for (let i = 0; i < LIMIT * 2; i++)
      results.push(await get(apps[i % 2]!.url, "/api/v1/facilities", { authorization: `Bearer ${key}` }));
    // The first LIMIT pass, half on each server, counting down one shared budget; then both refuse.
    expect(results.map((r) => r.status)).toEqual([...Array(LIMIT).fill(200), ...Array(LIMIT).fill(429)]);
    expect(results.map((r) => /r=(\d+)/.exec(r.headers.get("ratelimit") ?? "")?.[1])).toEqual(
      [...Array(LIMIT).keys()].map((i) => String(LIMIT - 1 - i)).concat(Array(LIMIT).fill("0")),
    );
    expect(results.filter((r, i) => r.status === 200 && i % 2 === 1)).toHaveLength(LIMIT / 2);

    // A burst on another key, every request at once on both servers: still exactly LIMIT pass.
    const other = await newKey(org, ["read"]);
    await awayFromMinuteBoundary();
    const burst = await Promise.all(
      Array.from({ length: LIMIT * 3 }, (_, i) =>
        get(apps[i % 2]!.url, "/api/v1/facilities", { authorization: `Bearer ${other}` }),
      ),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(LIMIT);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(LIMIT * 2);
  }, 60_000);

  it("web chat: a visitor's per-IP budget is spent once across both servers", async () => {
    const w = await seedChatOrg(["https://shop.example"]);
    const ip = newIp();
    const headers = { origin: "https://shop.example", "x-forwarded-for": ip };
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++)
      statuses.push((await get(apps[i % 2]!.url, `/api/chat/${w.key}/config`, headers)).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), ...Array(4).fill(429)]);
    // Another visitor, on either server, has a budget of its own.
    const fresh = { ...headers, "x-forwarded-for": newIp() };
    expect((await get(apps[1]!.url, `/api/chat/${w.key}/config`, fresh)).status).toBe(200);
  }, 60_000);
});
