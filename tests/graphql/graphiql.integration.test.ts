import { afterEach, describe, expect, it, vi } from "vitest";

import { GET } from "@/app/api/graphql/route";

import { seedOrganization, seedUser } from "../factories";

/**
 * GraphiQL at /api/graphql: always in development; in production only for a signed-in member of an
 * organization (a session alone, or no session, gets no page).
 */
async function page(headers: Headers = new Headers()) {
  headers.set("accept", "text/html");
  const res = await GET(new Request("http://localhost:3000/api/graphql", { headers }));
  const text = await res.text();
  const html = res.headers.get("content-type")?.includes("text/html") ?? false;
  return { status: res.status, graphiql: html && /graphiql/i.test(text) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("GraphiQL", () => {
  it("is served in development to anyone", async () => {
    expect((await page()).graphiql).toBe(true);
  });

  it("in production, only to a signed-in member", async () => {
    const owner = (await seedOrganization()).owner;
    const loner = await seedUser("No organization");
    vi.stubEnv("NODE_ENV", "production");
    expect((await page()).graphiql).toBe(false);
    expect((await page(new Headers(loner.headers))).graphiql).toBe(false);
    const member = await page(new Headers(owner.headers));
    expect(member).toEqual({ status: 200, graphiql: true });
  });
});
