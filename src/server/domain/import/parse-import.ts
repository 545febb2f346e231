import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";

import { ZImportFile, type ImportFile, type ImportIssue } from "./format";

export type ParseResult<T> = { ok: true; data: T } | { ok: false; issues: ImportIssue[] };

/**
 * Parses and validates an import file. JSON is read with the `yaml` parser (JSON is valid YAML) only
 * because it keeps each value's position, so every error names its line as well as its path.
 */
export function parseImportJson(text: string): ParseResult<ImportFile> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        field: "(file)",
        message: e.message.split("\n")[0]!,
      })),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      issues: [{ line: null, field: "(file)", message: `Not valid JSON: ${(err as Error).message}` }],
    };
  }
  const parsed = ZImportFile.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, issues: toIssues(parsed.error, (path) => lineOf(doc, lineCounter, path)) };
}

function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: PropertyKey[]): number | null {
  // The deepest node that exists along the path: a missing field points at its parent object.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  return null;
}

export function toIssues(error: z.ZodError, line: (path: PropertyKey[]) => number | null): ImportIssue[] {
  return error.issues
    .slice(0, 200)
    .map((i) => ({ line: line(i.path), field: i.path.map(String).join(".") || "(file)", message: i.message }));
}
