import { describe, expect, it } from "vitest";

import { POST as pusherAuth } from "@/app/api/realtime/pusher-auth/route";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";

import { seedOrganization } from "../factories";

/**
 * Issue 20, item 15: a tRPC mutation (and a session route that changes something) from another
 * site's page is refused with 403 even though the browser attaches the member's cookie; our own
 * pages and requests that no browser sent (no Origin, no Sec-Fetch-Site) go through.
 */
const SAME = "http://localhost:3000";

async function preview(cookie: string, headers: Record<string, string>) {
  const res = await trpcPost(
    new Request(`${SAME}/api/trpc/inventory.importPreview`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, ...headers },
      body: JSON.stringify({ json: { format: "units_csv", text: "facility,unit_type,number\n" } }),
    }),
  );
  return { status: res.status, body: await res.text() };
}

describe("requests from other sites", () => {
  it("tRPC mutations refuse a foreign or opaque Origin and a cross-site fetch", async () => {
    const org = await seedOrganization();
    const cookie = org.owner.headers.get("cookie")!;
    const foreign: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { origin: "http://localhost:3000.evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of foreign) {
      const res = await preview(cookie, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body).toContain("other sites");
    }
    const ours: Record<string, string>[] = [{ origin: SAME }, { "sec-fetch-site": "same-origin" }, {}];
    for (const headers of ours) {
      expect((await preview(cookie, headers)).status, JSON.stringify(headers)).toBe(200);
    }
  });

  it("session routes that change something refuse a foreign Origin before anything else", async () => {
    const org = await seedOrganization();
    const cookie = org.owner.headers.get("cookie")!;
    const res = await pusherAuth(
      new Request(`${SAME}/api/realtime/pusher-auth`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, origin: "https://evil.example" },
        body: "socket_id=1.2&channel_name=private-x",
      }),
    );
    expect(res.status).toBe(403);
  });
});
