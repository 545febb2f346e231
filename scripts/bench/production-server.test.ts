import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { buildNeeded, checkoutOf, sameDependencies } from "./production-server";

/** A checkout with one source file, and a build when `built` (BUILD_ID written `age` seconds after the sources). */
function checkout(built: boolean, age = 10): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-checkout-"));
  mkdirSync(path.join(dir, "src", "app"), { recursive: true });
  writeFileSync(path.join(dir, "src", "app", "page.tsx"), "export default 1;\n");
  const sourceTime = new Date(Date.now() - 60_000);
  utimesSync(path.join(dir, "src", "app", "page.tsx"), sourceTime, sourceTime);
  if (built) {
    mkdirSync(path.join(dir, ".next"));
    writeFileSync(path.join(dir, ".next", "BUILD_ID"), "abc\n");
    const builtAt = new Date(sourceTime.getTime() + age * 1000);
    utimesSync(path.join(dir, ".next", "BUILD_ID"), builtAt, builtAt);
  }
  return dir;
}

describe("a bench's production build", () => {
  it("is needed when the checkout has none", () => {
    expect(buildNeeded(checkout(false))).toBe("it has no production build");
  });

  it("is current when built after the last source change", () => {
    expect(buildNeeded(checkout(true))).toBeNull();
  });

  it("is stale when a source or Next's config changed after the build", () => {
    const dir = checkout(true);
    writeFileSync(path.join(dir, "src", "app", "page.tsx"), "export default 2;\n");
    expect(buildNeeded(dir)).toMatch(/sources are newer than its build \(abc\)/);

    const config = checkout(true);
    writeFileSync(path.join(config, "next.config.ts"), "export default {};\n");
    expect(buildNeeded(config)).toMatch(/newer than its build/);
  });

  it("measures a folder as given and refuses what is neither a folder nor a commit", () => {
    const dir = checkout(true);
    expect(checkoutOf(dir)).toBe(dir);
    expect(() => checkoutOf("no-such-ref-or-folder-0123")).toThrow(/neither a folder nor a commit/);
  });

  it("links this checkout's packages into another only when both lock the same ones", () => {
    const [a, b, c, none] = [checkout(false), checkout(false), checkout(false), checkout(false)];
    writeFileSync(path.join(a, "package-lock.json"), '{"packages":{"node_modules/recharts":{}}}\n');
    writeFileSync(path.join(b, "package-lock.json"), '{"packages":{"node_modules/recharts":{}}}\n');
    writeFileSync(path.join(c, "package-lock.json"), '{"packages":{}}\n');
    expect(sameDependencies(a, b)).toBe(true);
    expect(sameDependencies(a, c)).toBe(false);
    expect(sameDependencies(a, none)).toBe(false);
    expect(sameDependencies(none, none)).toBe(false);
  });
});
