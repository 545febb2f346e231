import http from "node:http";
import type { AddressInfo } from "node:net";

import { describe, expect, it } from "vitest";

import { WARM_ROUTES, warmUpRoutes } from "./warm-up";

describe("development route warm-up", () => {
  it("requests every route once, in order, without following redirects, and survives a dead server", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      // Answers as the dashboard does without a session: a redirect that must not be followed.
      res.writeHead(307, { location: "/sign-in?next=%2Fwarm-up" }).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await warmUpRoutes(base);
    expect(seen).toEqual([...WARM_ROUTES]);
    await new Promise<void>((r) => server.close(() => r()));
    // Nothing listens any more: each request fails, the warm-up still completes.
    await expect(warmUpRoutes(base, ["/a", "/b"])).resolves.toBeUndefined();
  });

  it("covers the pages people open first", () => {
    for (const page of ["calls", "leads", "reservations", "analytics", "facilities"])
      expect(WARM_ROUTES).toContain(`/warm-up/${page}`);
  });
});
