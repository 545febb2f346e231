import { readFileSync } from "node:fs";
import path from "node:path";

import tsPlugin from "@typescript-eslint/eslint-plugin";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import importPlugin from "eslint-plugin-import";
import { describe, expect, it } from "vitest";

// @ts-expect-error an .mjs config module without type declarations
import { layerRules } from "../../eslint.layers.mjs";

/**
 * The layer lint (eslint.layers.mjs, ARCHITECTURE.md "Layers") fails on a wrong import. ESLint's Node
 * API lints a snippet as though it were a file in a restricted folder, with the layer rules alone (the
 * type-aware rules of eslint.config.mjs need the file on disk and are not what is shown here).
 */
const root = path.resolve(import.meta.dirname, "../..");

const setup: Linter.Config = {
  files: ["**/*.ts", "**/*.tsx"],
  languageOptions: { parser: tsParser as Linter.Parser },
  plugins: { import: importPlugin, "@typescript-eslint": tsPlugin as unknown as ESLint.Plugin },
  settings: {
    "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    "import/resolver": { typescript: { alwaysTryTypes: true }, node: { extensions: [".ts", ".tsx"] } },
  },
};
const rules = layerRules as Linter.Config[];
const isCycleRule = (c: Linter.Config) => Object.keys(c.rules ?? {}).includes("import/no-cycle");
// import/no-cycle reads the linted file's neighbours from disk, so the snippets (files that do not
// exist) are linted without it and the cycle with a real pair of files (tests/lint/fixtures).
const layers = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [setup, ...rules.filter((c) => !isCycleRule(c))],
});
const cycles = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [setup, ...rules.filter(isCycleRule)],
});

async function lint(file: string, code: string, eslint = layers) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message, line: m.line }));
}

describe("layer lint", () => {
  it("refuses a domain module that imports a channel, the agent or HTTP", async () => {
    const messages = await lint(
      "src/server/domain/reservations/layer-fixture.ts",
      [
        'import { receiveSms } from "@/server/channels/sms/receive-sms";',
        'import { respond } from "../../agent/engine";',
        'import { PROBLEMS } from "@/server/http/problem";',
        "export const x = [receiveSms, respond, PROBLEMS];",
      ].join("\n"),
    );
    expect(messages.map((m) => [m.rule, m.line])).toEqual([
      ["import/no-restricted-paths", 1],
      ["import/no-restricted-paths", 2],
      ["import/no-restricted-paths", 3],
    ]);
    expect(messages[0]!.message).toMatch(/layer order/);
    expect(messages[2]!.message).toMatch(/knows nothing of HTTP/);
  });

  it("lets the domain import the platform and itself", async () => {
    const messages = await lint(
      "src/server/domain/reservations/layer-fixture.ts",
      [
        'import { withOrg } from "@/server/db/client";',
        'import { toE164 } from "@/lib/normalize-phone";',
        'import { recordEvent } from "@/server/events/record";',
        "export const x = [withOrg, toE164, recordEvent];",
      ].join("\n"),
    );
    expect(messages).toEqual([]);
  });

  it("refuses a component that loads server code, and allows a type import", async () => {
    const wrong = await lint(
      "src/components/calls/layer-fixture.tsx",
      'import { db } from "@/server/db/client";\nexport const x = db;\n',
    );
    expect(wrong.map((m) => m.rule)).toContain("@typescript-eslint/no-restricted-imports");
    const typeOnly = await lint(
      "src/components/calls/layer-fixture.tsx",
      'import type { AppRouter } from "@/server/api/root";\nexport type X = AppRouter;\n',
    );
    expect(typeOnly).toEqual([]);
  });

  it("refuses shared code (src/lib) that imports the server", async () => {
    const messages = await lint(
      "src/lib/layer-fixture.ts",
      'import { log } from "@/server/log";\nexport const x = log;\n',
    );
    expect(messages.map((m) => m.rule)).toEqual(["@typescript-eslint/no-restricted-imports"]);
  });

  it("refuses an import cycle", async () => {
    const file = "tests/lint/fixtures/cycle-a.ts";
    const messages = await lint(file, readFileSync(path.join(root, file), "utf8"), cycles);
    expect(messages.map((m) => m.rule)).toEqual(["import/no-cycle"]);
  });
});

describe("eslint.config.mjs", () => {
  it("runs the layer rules with the rest of npm run lint", async () => {
    // @ts-expect-error an .mjs config module without type declarations
    const { default: config } = (await import("../../eslint.config.mjs")) as { default: unknown[] };
    for (const block of layerRules as unknown[]) expect(config).toContain(block);
  });
});
