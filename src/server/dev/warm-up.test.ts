import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { scriptsOf, WARM_ROUTES, warmUpRoutes } from "./warm-up";

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

  it("also loads the sign-in page's scripts, so its browser code is compiled too", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/sign-in")
        return res.end(
          '<script src="/_next/static/chunks/a.js" async=""></script><script src="/b.js?x=1&amp;y=2"></script>',
        );
      if (req.url?.includes(".js")) return res.end("// a script");
      // Another page's scripts are not loaded (its answer here is a redirect anyway).
      res.writeHead(307, { location: "/sign-in" }).end('<script src="/_next/static/chunks/not-this.js"></script>');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await warmUpRoutes(base, ["/sign-in", "/warm-up"]);
      expect(seen).toEqual(["/sign-in", "/_next/static/chunks/a.js", "/b.js?x=1&y=2", "/warm-up"]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("reads a page's script files as absolute addresses, entities decoded, inline scripts left out", () => {
    expect(
      scriptsOf(
        '<script src="/a.js"></script><script>inline()</script><script async src="b.js?x=1&amp;y=2">',
        "http://h:1",
      ),
    ).toEqual(["http://h:1/a.js", "http://h:1/b.js?x=1&y=2"]);
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
