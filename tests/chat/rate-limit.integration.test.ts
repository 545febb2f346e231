import { describe, expect, it } from "vitest";

/**
 * Web chat rate limits, counted in Postgres (fixed one-minute windows): per visitor IP over every
 * request, and per conversation over messages. Low limits are set before the app's env loads (each
 * test file runs in its own process); each test sends enough to pass the limit even if a window
 * boundary falls in the middle, so it never depends on the clock.
 */
process.env.CHAT_RATE_LIMIT_PER_IP = "4";
process.env.CHAT_RATE_LIMIT_PER_CONVERSATION = "2";

describe("web chat rate limits", () => {
  it("limits requests per IP with 429, Retry-After and RateLimit headers; another IP has its own budget", async () => {
    const { chatJson, newIp, seedChatOrg } = await import("./helpers");
    const w = await seedChatOrg(["https://shop.example"]);
    const ip = newIp();
    let limited: Awaited<ReturnType<typeof chatJson>> | null = null;
    for (let i = 0; i < 9 && !limited; i++) {
      const r = await chatJson("GET", `/${w.key}/config`, { ip, origin: "https://shop.example" });
      expect(r.headers.get("ratelimit-policy")).toBe('"per-ip";q=4;w=60');
      if (r.status === 429) limited = r;
      else expect(r.status).toBe(200);
    }
    expect(limited).not.toBeNull();
    expect(limited!.body.type).toBe("https://storage-agent.dev/problems/rate-limited");
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get("ratelimit")).toMatch(/^"per-ip";r=0;t=\d+$/);
    // Guessing keys costs the same budget: the limit comes before the key lookup.
    expect((await chatJson("GET", `/pk_chat_${"y".repeat(32)}/config`, { ip })).status).toBe(429);
    expect((await chatJson("GET", `/${w.key}/config`, { ip: newIp() })).status).toBe(200);
  });

  it("counts preflights too: an address past its limit is refused before any key is looked up", async () => {
    const { chatJson, newIp, seedChatOrg } = await import("./helpers");
    const w = await seedChatOrg(["https://shop.example"]);
    const ip = newIp();
    const statuses: number[] = [];
    for (let i = 0; i < 9 && !statuses.includes(429); i++)
      statuses.push((await chatJson("OPTIONS", `/${w.key}/config`, { ip, origin: "https://shop.example" })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 204)).toBe(true);
    // A made-up key from the same address gets the same 429, not a 401 that would tell keys apart.
    expect(
      (await chatJson("OPTIONS", `/pk_chat_${"z".repeat(32)}/config`, { ip, origin: "https://x.example" })).status,
    ).toBe(429);
  });

  it("limits messages per conversation, whatever the IP, and a limited message makes no turn", async () => {
    const { chatJson, newIp, say, seedChatOrg, startChat } = await import("./helpers");
    const { db } = await import("@/server/db/client");
    const { conversation } = await import("@/server/db/schema");
    const { eq } = await import("drizzle-orm");
    const w = await seedChatOrg([]);
    const c = await startChat(w.key);
    const statuses: number[] = [];
    for (let i = 0; i < 5 && !statuses.includes(429); i++)
      statuses.push((await say(w.key, c.conversationId, c.token, "what are your hours?", { ip: newIp() })).res.status);
    expect(statuses.at(-1)).toBe(429);
    const [row] = await db
      .select({ turnCount: conversation.turnCount })
      .from(conversation)
      .where(eq(conversation.id, c.conversationId));
    expect(row?.turnCount).toBe(statuses.filter((s) => s === 200).length);
    // History still reads: only sending is limited per conversation.
    expect((await chatJson("GET", `/${w.key}/conversations/${c.conversationId}`, { token: c.token })).status).toBe(200);
    // Another conversation has its own budget.
    const other = await startChat(w.key);
    expect((await say(w.key, other.conversationId, other.token, "hi")).res.status).toBe(200);
  });
});
