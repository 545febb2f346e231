import { spawn } from "node:child_process";

import { describe, expect, it } from "vitest";

import { seedOrganization } from "../factories";

/**
 * Issue 20, item 2: an import preview nested 2,000 and then 20,000 levels deep once ended the whole
 * server (the YAML parser recursed until V8 ran out of memory). The requests run in a fresh child
 * process, so a crash is seen as the process dying rather than as a failed assertion in this one.
 */
describe("deeply nested import previews", () => {
  it("are refused with a clear message and the process keeps serving", { timeout: 240_000 }, async () => {
    const org = await seedOrganization();
    const cookie = org.owner.headers.get("cookie")!;
    const child = spawn("npx", ["tsx", "tests/security/deep-nesting-child.ts"], {
      env: { ...process.env, DEEP_NESTING_COOKIE: cookie, NODE_OPTIONS: "--max-old-space-size=512" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("exit", (c, s) => resolve([c, s])),
    );
    expect({ code, signal, stderr: stderr.slice(-2000) }).toEqual({ code: 0, signal: null, stderr: expect.anything() });
    const results = stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { label: string; status: number; message: string | null });
    expect(results.map((r) => r.label)).toEqual([
      "arrays 2000",
      "objects 2000",
      "arrays 20000",
      "objects 20000",
      "ordinary",
    ]);
    for (const r of results.slice(0, 4)) {
      expect(r.status, r.label).toBe(400);
      expect(r.message, r.label).toMatch(/nests deeper than 32 levels/);
    }
    expect(results[4]).toMatchObject({ status: 200, message: null });
  });
});
