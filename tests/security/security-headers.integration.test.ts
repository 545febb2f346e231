import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { applySecurityHeaders, securityHeaders } from "@/server/http/security-headers";

/**
 * Issue 20, item 7: server.ts sets these on every response before Next (a page, an API route, a
 * static file such as widget.js) or a direct Twilio handler writes it. Here a real HTTP server does
 * the same with handlers that answer the ways those do (writeHead with their own headers, a stream,
 * setHeader then end); e2e/security-headers.spec.ts checks the production build's pages.
 */
let server: http.Server;
let base: string;
beforeAll(async () => {
  const headers = securityHeaders("http://localhost:3000");
  server = http.createServer((req, res) => {
    applySecurityHeaders(res, headers);
    if (req.url === "/page") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><p>page</p>");
    } else if (req.url === "/widget.js") {
      res.setHeader("content-type", "application/javascript; charset=utf-8");
      res.end("void 0;");
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end("{}");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("security headers", () => {
  it("are on every kind of response", async () => {
    for (const path of ["/page", "/widget.js", "/api/missing"]) {
      const res = await fetch(base + path);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      // Plain HTTP: no HSTS (a browser would ignore it, and a dev setup must not be pinned to https).
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("add HSTS only when the public URL is https", () => {
    expect(securityHeaders("https://app.example.com")["Strict-Transport-Security"]).toBe(
      "max-age=31536000; includeSubDomains",
    );
    expect(securityHeaders("http://localhost:3000")["Strict-Transport-Security"]).toBeUndefined();
  });

  it("leave scripts and styles alone (the widget and Next's inline bootstrap keep working)", () => {
    const csp = securityHeaders("https://app.example.com")["Content-Security-Policy"]!;
    expect(csp).not.toMatch(/script-src|style-src|default-src|connect-src/);
  });
});
