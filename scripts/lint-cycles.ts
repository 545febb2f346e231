/**
 * `npm run lint:cycles` (part of `npm run lint`): fails when our modules import each other in a
 * cycle (scripts/lib/import-cycles.ts says what counts and why this is not an ESLint rule).
 */
import path from "node:path";

import { projectCycles } from "./lib/import-cycles";

const root = path.resolve(import.meta.dirname, "..");
const started = Date.now();
// tests/lint/fixtures holds deliberate cycles that tests/lint/layers.test.ts shows being refused.
const cycles = projectCycles(root, ["tests/lint/fixtures"]);
if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`Import cycle: ${cycle.join(" -> ")}`);
  console.error(
    `\n${cycles.length} import cycle(s). Move what both modules need into a third, lower module, import only types ` +
      "(`import type`), or load the upper one at run time with `await import()` (ARCHITECTURE.md, Layers).",
  );
  process.exit(1);
}
console.log(`No import cycles (${Date.now() - started} ms)`);
