import { describe, expect, it } from "vitest";

import { looksLikeId, normaliseRoute } from "./routes";

describe("normaliseRoute", () => {
  it.each([
    ["/", 200, "/"],
    ["/acme-storage", 200, "/:org"],
    ["/acme-storage/leads/Xk29dLq0aPzQ?tab=notes", 200, "/:org/leads/:id"],
    ["/acme-storage/settings/team", 200, "/:org/settings/team"],
    ["/api/trpc/team.list?batch=1&input=%7B%7D", 200, "/api/trpc/team.list"],
    ["/api/trpc/team.list,organization.current?batch=1", 200, "/api/trpc/:batch"],
    ["/api/trpc/%3Cscript%3E", 400, "/api/trpc/:procedure"],
    ["/api/twilio/sms?token=abc", 200, "/api/twilio/sms"],
    ["/api/auth/reset-password/7f3kQ9zLm2Pq8rT1", 302, "/api/auth/reset-password/:id"],
    ["/accept-invitation/4c1e2f0a-9b7d-4e2a-8f6b-0c3d5e7f9a1b", 200, "/accept-invitation/:id"],
    ["/_next/static/chunks/app-1234.js", 200, "/_next/static"],
    ["/_next/webpack-hmr", 101, "/_next"],
    ["/metrics", 401, "/metrics"],
    ["/anything/at/all", 404, "(unmatched)"],
    ["/acme/calls/+15551234567", 200, "/:org/calls/:id"],
    ["/a/b/c/d/e/f/g/h", 200, "/:org/b/c/d/e/f/*"],
  ])("%s (%i) -> %s", (url, status, route) => {
    expect(normaliseRoute(url, status)).toBe(route);
  });

  it("never keeps a query string or an organization slug", () => {
    const route = normaliseRoute("/secret-org-name/leads?token=hunter2hunter2", 200);
    expect(route).not.toContain("secret-org-name");
    expect(route).not.toContain("hunter2");
  });

  it("tells ids from page names", () => {
    expect(looksLikeId("settings")).toBe(false);
    expect(looksLikeId("phone-numbers")).toBe(false);
    expect(looksLikeId("12345")).toBe(true);
    expect(looksLikeId("deadbeefcafe01")).toBe(true);
    expect(looksLikeId("someone@example.com")).toBe(true);
  });

  // Last: it fills the module's route table.
  it("stops adding new patterns after 500 so crawlers cannot grow the label set", () => {
    const word = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => "qrstuvwxyz"[Number(d)]!);
    const routes = new Set(Array.from({ length: 700 }, (_, i) => normaliseRoute(`/acme/page${word(i)}`, 200)));
    expect(routes.has("(other)")).toBe(true);
    expect(routes.size).toBeLessThanOrEqual(501);
    expect(normaliseRoute("/acme/settings/team", 200)).toBe("/:org/settings/team"); // seen before: still labelled
  });
});
