/** Reads and validates scenario files: a file, or every *.yaml under a directory. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";
import { z } from "zod";

import { EXPECTING_KEYS, OFFERS, ZScenario, ZScenarioFile, type Scenario } from "./format";

export const EVALS_DIR = path.resolve(import.meta.dirname, "..");
export const SCENARIOS_DIR = path.join(EVALS_DIR, "scenarios");
export const FIXTURES_DIR = path.join(EVALS_DIR, "fixtures");

const ANSWER_KEYS = new Set<string>([
  ...EXPECTING_KEYS,
  "verification:name",
  "verification:phone_or_code",
  ...OFFERS.map((o) => `offer:${o}`),
]);

export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.relative(process.cwd(), file)}: ${message}`);
    this.name = "ScenarioFileError";
  }
}

export interface LoadedScenario extends Scenario {
  file: string;
}

/** Shallow merge with one level more for the nested objects people set per file. */
function merge(defaults: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults, ...own };
  for (const key of ["caller", "expect", "seed", "answers"]) {
    const d = defaults[key];
    const o = own[key];
    if (d && typeof d === "object" && !Array.isArray(d) && o && typeof o === "object" && !Array.isArray(o))
      out[key] = { ...d, ...o };
  }
  return out;
}

export function parseScenarioFile(file: string, text: string): LoadedScenario[] {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new ScenarioFileError(file, `invalid YAML: ${(err as Error).message}`);
  }
  const shape = ZScenarioFile.safeParse(raw);
  if (!shape.success) throw new ScenarioFileError(file, z.prettifyError(shape.error));
  const list =
    "scenarios" in shape.data && Array.isArray(shape.data.scenarios)
      ? shape.data.scenarios.map((s) => merge((shape.data as { defaults: Record<string, unknown> }).defaults, s))
      : [shape.data as Record<string, unknown>];
  return list.map((item, i) => {
    const r = ZScenario.safeParse(item);
    const where = typeof item.id === "string" ? item.id : `scenario #${i + 1}`;
    if (!r.success) throw new ScenarioFileError(file, `${where}: ${z.prettifyError(r.error)}`);
    for (const key of Object.keys(r.data.answers)) {
      if (!ANSWER_KEYS.has(key))
        throw new ScenarioFileError(
          file,
          `${where}: unknown answer key "${key}" (one of ${[...ANSWER_KEYS].join(", ")})`,
        );
    }
    if (!existsSync(path.join(FIXTURES_DIR, r.data.fixture)))
      throw new ScenarioFileError(file, `${where}: fixture evals/fixtures/${r.data.fixture} does not exist`);
    return { ...r.data, file };
  });
}

/** Every scenario under `target` (a .yaml file or a directory, recursively), ids unique. */
export function loadScenarios(target: string = SCENARIOS_DIR): LoadedScenario[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    else if (/\.ya?ml$/.test(p)) files.push(p);
  };
  if (!existsSync(target)) throw new Error(`No scenarios at ${target}`);
  walk(path.resolve(target));
  const all = files.flatMap((f) => parseScenarioFile(f, readFileSync(f, "utf8")));
  const seen = new Map<string, string>();
  for (const s of all) {
    const other = seen.get(s.id);
    if (other)
      throw new ScenarioFileError(
        s.file,
        `duplicate scenario id "${s.id}" (also in ${path.relative(process.cwd(), other)})`,
      );
    seen.set(s.id, s.file);
  }
  return all;
}
