import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { envSchema } from "./env";

/** `NAME=value` lines of .env.example, commented-out ones included (`# PUBLIC_URL=...`). */
function exampleVariables(): Map<string, string> {
  const text = readFileSync(path.resolve(import.meta.dirname, "../.env.example"), "utf8");
  const vars = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^(#\s?)?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) vars.set(m[2]!, m[1] ? "" : m[3]!.trim());
  }
  return vars;
}

describe(".env.example", () => {
  const documented = exampleVariables();
  const validated = Object.keys(envSchema.shape);

  it("documents exactly the variables src/env.ts validates", () => {
    expect([...documented.keys()].sort()).toEqual([...validated].sort());
  });

  it("shows each variable's default as src/env.ts applies it", () => {
    const defaults = envSchema.parse({}) as Record<string, unknown>;
    for (const [name, value] of documented) {
      if (value === "" || defaults[name] === undefined) continue;
      expect(String(defaults[name]), name).toBe(value);
    }
  });

  it("refuses a TRUST_PROXY or DATABASE_POOL_MAX it would otherwise misread", () => {
    expect(envSchema.safeParse({ TRUST_PROXY: "yes" }).success).toBe(false);
    expect(envSchema.safeParse({ DATABASE_POOL_MAX: "ten" }).success).toBe(false);
    expect(envSchema.parse({}).DATABASE_POOL_MAX).toBe(10);
  });
});
