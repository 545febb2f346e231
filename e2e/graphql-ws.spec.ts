import { expect, test } from "@playwright/test";
import { createClient } from "graphql-ws";
import WebSocket from "ws";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * GraphQL subscriptions through the production server (server.ts in front of Next), after pages
 * have been served: Next must not also answer the WebSocket upgrade. It did, for any path with a
 * route file, and ended /api/graphql's sockets within milliseconds of opening, so no subscriber
 * ever heard an event (the Vitest subscription tests serve the socket without Next).
 */
test("a subscriber stays connected and hears a lead created after it subscribed", async ({ page, baseURL }) => {
  await signUp(page, {
    name: "Gail Graph",
    email: uniqueEmail("graphql-ws"),
    organization: `Graph Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Gail/);
  const { key } = await trpc<{ key: string }>(page, "apiKeys.create", { name: "subscriber", scopes: ["read"] });

  const closed: number[] = [];
  const client = createClient({
    url: `${baseURL!.replace(/^http/, "ws")}/api/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
    on: { closed: (e) => closed.push((e as { code: number }).code) },
    onNonLazyError: () => {},
  });
  try {
    const events = client.iterate<{ leadChanged: { name: string | null } }>({
      query: "subscription { leadChanged { name } }",
    });
    // Longer than Next took to end the socket, and a page served through Next meanwhile.
    await page.waitForTimeout(1_500);
    await page.goto("/");
    expect(closed).toEqual([]);

    await trpc(page, "leads.capture", { source: "walk_in", name: "Wes Socket", phone: "+15125550166" });
    const next = await Promise.race([
      events.next(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event within 15 s")), 15_000)),
    ]);
    expect(next.done).toBe(false);
    expect(next.value?.data?.leadChanged).toEqual({ name: "Wes Socket" });
    expect(closed).toEqual([]);
    await events.return?.();
  } finally {
    await client.dispose();
  }
});
