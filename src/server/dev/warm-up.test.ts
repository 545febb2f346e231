import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

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

  it("names only routes the app has: each is a page or a route handler under src/app", () => {
    const app = path.resolve(import.meta.dirname, "../../app");
    // The folders a path segment can be in: its own name, a [param] or [...catch-all], or the same
    // segment inside a (group), as Next's App Router resolves them.
    const resolve = (dir: string, segments: string[]): string | null => {
      if (segments.length === 0)
        for (const file of ["page.tsx", "route.ts"]) if (existsSync(path.join(dir, file))) return path.join(dir, file);
      const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
      const [head, ...rest] = segments;
      for (const e of entries) {
        let found: string | null = null;
        if (e.name.startsWith("(")) found = resolve(path.join(dir, e.name), segments);
        else if (head === undefined) continue;
        else if (e.name.startsWith("[...")) found = resolve(path.join(dir, e.name), []);
        else if (e.name === head || e.name.startsWith("[")) found = resolve(path.join(dir, e.name), rest);
        if (found) return found;
      }
      return null;
    };
    for (const route of WARM_ROUTES) {
      const segments = new URL(route, "http://x").pathname.split("/").filter(Boolean);
      expect(resolve(app, segments), `${route} is no page or route handler of src/app`).not.toBeNull();
    }
    // The resolver itself: a made-up route and a folder without a page are refused.
    expect(resolve(app, ["warm-up", "no-such-page"])).toBeNull();
    expect(resolve(app, ["warm-up", "settings"])).toBeNull();
  });

  it("covers the pages people open first", () => {
    for (const page of ["calls", "leads", "reservations", "analytics", "facilities"])
      expect(WARM_ROUTES).toContain(`/warm-up/${page}`);
  });
});
