import { describe, expect, it } from "vitest";

import { contentSecurityPolicy, pusherOrigins } from "./content-security-policy";

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((d) => d.startsWith(`${name} `))
    ?.split(" ")
    .slice(1) ?? [];

describe("the pages' Content-Security-Policy", () => {
  it("runs only scripts with this response's nonce in production: no inline, no eval", () => {
    const policy = contentSecurityPolicy({ nonce: "abc123", development: false });
    const scripts = directive(policy, "script-src");
    expect(scripts).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy).not.toContain("unsafe-eval");
    expect(directive(policy, "frame-ancestors")).toEqual(["'none'"]);
    expect(directive(policy, "object-src")).toEqual(["'none'"]);
    expect(directive(policy, "base-uri")).toEqual(["'self'"]);
  });

  it("allows eval only in development, and Pusher's hosts only when configured", () => {
    expect(directive(contentSecurityPolicy({ nonce: "n", development: true }), "script-src")).toContain(
      "'unsafe-eval'",
    );
    expect(pusherOrigins({})).toEqual([]);
    expect(pusherOrigins({ PUSHER_KEY: "k", PUSHER_CLUSTER: "eu" })).toContain("wss://*.pusher.com");
    expect(pusherOrigins({ PUSHER_KEY: "k", PUSHER_HOST: "http://127.0.0.1:6001" })).toContain("ws://127.0.0.1:6001");
    const policy = contentSecurityPolicy({ nonce: "n", development: false, connect: ["wss://*.pusher.com"] });
    expect(directive(policy, "connect-src")).toEqual(["'self'", "wss://*.pusher.com"]);
  });
});
