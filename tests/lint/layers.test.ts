import path from "node:path";

import tsPlugin from "@typescript-eslint/eslint-plugin";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import importPlugin from "eslint-plugin-import";
import { describe, expect, it } from "vitest";

// @ts-expect-error an .mjs config module without type declarations
import { layerRules } from "../../eslint.layers.mjs";
import { findCycles, importGraph, projectCycles, valueImports } from "../../scripts/lib/import-cycles";

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
const layers = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [setup, ...(layerRules as Linter.Config[])],
});

async function lint(file: string, code: string) {
  const [result] = await layers.lintText(code, { filePath: path.join(root, file) });
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
});

/** The cycle check of `npm run lint` (scripts/lib/import-cycles.ts) on the pairs in tests/lint/fixtures. */
describe("import cycles", () => {
  const fixtures = path.join(root, "tests/lint/fixtures");
  const cyclesAmong = (...names: string[]) =>
    findCycles(
      importGraph(
        root,
        names.map((n) => path.join(fixtures, `${n}.ts`)),
      ),
    ).map((cycle) => cycle.map((f) => path.basename(f)));

  it("refuses two modules that import each other", () => {
    expect(cyclesAmong("cycle-a", "cycle-b")).toEqual([["cycle-a.ts", "cycle-b.ts", "cycle-a.ts"]]);
  });

  it("refuses a cycle through a re-export", () => {
    expect(cyclesAmong("reexport-a", "reexport-b")).toEqual([["reexport-a.ts", "reexport-b.ts", "reexport-a.ts"]]);
  });

  it("allows modules that name each other's types only, and a cycle through a dynamic import()", () => {
    expect(cyclesAmong("types-a", "types-b", "dynamic-a", "dynamic-b")).toEqual([]);
  });

  it("counts what a module loads when it runs, not what it names for the type checker", () => {
    const code = [
      'import type { A } from "./a";',
      'import { type B, type C } from "./b";',
      'import { D, type E } from "./d";',
      'import "./side-effect";',
      'import F from "./f";',
      'export type { G } from "./g";',
      'export { H } from "./h";',
      'export * from "./star";',
      'const later = () => import("./dynamic");',
    ].join("\n");
    expect(valueImports("x.ts", code)).toEqual(["./d", "./side-effect", "./f", "./h", "./star"]);
  });

  it("finds a longer cycle and a module importing itself in a graph", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a", "d"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    expect(findCycles(graph).sort()).toEqual([
      ["a", "b", "c", "a"],
      ["e", "e"],
    ]);
  });

  it("finds none in the project", () => {
    expect(projectCycles(root, ["tests/lint/fixtures"])).toEqual([]);
  });
});

describe("eslint.config.mjs", () => {
  it("runs the layer rules with the rest of npm run lint", async () => {
    // @ts-expect-error an .mjs config module without type declarations
    const { default: config } = (await import("../../eslint.config.mjs")) as { default: unknown[] };
    for (const block of layerRules as unknown[]) expect(config).toContain(block);
  });
});
