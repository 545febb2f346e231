import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Which server modules carry `import "server-only"` (ARCHITECTURE.md, "Layers"). The marker makes a
 * client bundle that reaches the module fail to build; outside Next's server layer (a plain Node
 * process under tsx: server.ts, the worker, the scripts, the eval, the children the tests start) it
 * throws on load. So the rule is exact: a src/server module that a plain Node process loads cannot
 * carry it, and every other src/server module with code in it (loaded only by Next's routes and
 * pages) must. Modules of types alone need none: nothing of theirs reaches a bundle. Vitest aliases
 * the marker to an empty module (vitest.config.ts), so the tests are not plain Node processes here.
 */
const root = path.resolve(import.meta.dirname, "../..");
const rel = (f: string) => path.relative(root, f);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** What plain Node (tsx) runs: the server, the scripts, the eval, Playwright's side, and test children. */
const PLAIN_NODE_ENTRIES = [
  "server.ts",
  "next.config.ts",
  "playwright.config.ts",
  "drizzle.config.ts",
  "src/env.ts",
  "src/proxy.ts",
  ...["scripts", "evals", "e2e"].flatMap((d) => walk(path.join(root, d)).map(rel)),
  ...walk(path.join(root, "tests/fakes"))
    .map(rel)
    .filter((f) => f.endsWith("-server.ts")),
  // Started by tests as their own processes (spawn … --import tsx).
  "tests/voice/sms-delivery-child.ts",
  "tests/events/commit-then-die.ts",
  "tests/graphql/produce-events.ts",
  "tests/realtime/publish-once.ts",
  "tests/security/deep-nesting-child.ts",
];

const config = ts.parseJsonConfigFileContent(
  ts.readConfigFile(path.join(root, "tsconfig.json"), (f) => ts.sys.readFile(f)).config,
  ts.sys,
  root,
);
const host = ts.createCompilerHost(config.options);
const parsed = new Map<string, ts.SourceFile>();
const sourceOf = (file: string) => {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
};

const typeOnlyImport = (n: ts.ImportDeclaration) => {
  const clause = n.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  return (
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length > 0 &&
    named.elements.every((e) => e.isTypeOnly)
  );
};

/** The modules a file loads when it runs: static imports and re-exports that survive compilation, and import("…"). */
function loads(file: string): string[] {
  const specs: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && !typeOnlyImport(n))
      specs.push(n.moduleSpecifier.text);
    else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && !n.isTypeOnly)
      specs.push(n.moduleSpecifier.text);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = n.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) specs.push(arg.text);
      else throw new Error(`${rel(file)}: import() of a computed path; name the module so this check can follow it`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sourceOf(file));
  return specs.flatMap((spec) => {
    const r = ts.resolveModuleName(spec, file, config.options, host).resolvedModule;
    if (!r || r.isExternalLibraryImport || r.resolvedFileName.endsWith(".d.ts")) return [];
    return [r.resolvedFileName];
  });
}

/** A module of types alone (interfaces, type aliases, type imports and exports): nothing of it runs. */
const typesOnly = (file: string) =>
  sourceOf(file).statements.every(
    (s) =>
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      (ts.isImportDeclaration(s) && typeOnlyImport(s)) ||
      (ts.isExportDeclaration(s) && s.isTypeOnly),
  );

const marked = (file: string) => /^import "server-only";$/m.test(sourceOf(file).text);

function plainNodeModules(): Map<string, string> {
  const via = new Map<string, string>(); // module -> the module that loads it
  const queue = PLAIN_NODE_ENTRIES.map((f) => path.join(root, f));
  for (const f of queue) via.set(f, "(entry)");
  while (queue.length) {
    const file = queue.pop()!;
    for (const next of loads(file)) {
      if (via.has(next)) continue;
      via.set(next, file);
      queue.push(next);
    }
  }
  return via;
}

describe('import "server-only"', () => {
  const server = walk(path.join(root, "src/server"));
  const plain = plainNodeModules();

  it("is on no module a plain Node process loads (it would throw there)", () => {
    const wrong = server.filter((f) => marked(f) && plain.has(f)).map((f) => `${rel(f)} <- ${rel(plain.get(f)!)}`);
    expect(wrong).toEqual([]);
  });

  it("is on every server module with code that only Next loads", () => {
    const nextOnly = server.filter((f) => !plain.has(f) && !typesOnly(f));
    expect(nextOnly.filter((f) => !marked(f)).map(rel)).toEqual([]);
    expect(nextOnly.length).toBeGreaterThan(20);
  });

  it("follows imports the way the loader does: type imports load nothing, re-exports and import() do", () => {
    const engine = path.join(root, "src/server/agent/engine.ts");
    expect(plain.has(engine)).toBe(true);
    expect(plain.has(path.join(root, "src/server/agent/dialogue/turn.ts"))).toBe(false);
    expect(typesOnly(path.join(root, "src/server/agent/dialogue/turn.ts"))).toBe(true);
    expect(typesOnly(engine)).toBe(false);
  });
});
