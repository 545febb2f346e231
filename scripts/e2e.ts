/**
 * Runs the Playwright suite against the system Chromium. Browsers are never downloaded: set
 * CHROMIUM_PATH, or install Debian's `chromium` (/usr/bin/chromium). On a machine without any
 * Chromium the browser tests are skipped with a message, except in CI, where that is a failure.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const candidates = [
  process.env.CHROMIUM_PATH,
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
].filter(Boolean) as string[];
const found = candidates.find((p) => existsSync(p));

if (!found) {
  const message = `No Chromium found (looked at ${candidates.join(", ")}). Install Debian's chromium or set CHROMIUM_PATH to run the browser tests.`;
  if (process.env.CI) {
    console.error(message);
    process.exit(1);
  }
  console.warn(`Skipping browser tests. ${message}`);
  process.exit(0);
}

const result = spawnSync("npx", ["playwright", "test", ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: found, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(result.status ?? 1);
