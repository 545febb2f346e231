import type { z } from "zod";

import { parseUntrustedJson } from "@/lib/untrusted-json";

import { ZImportFile, type ImportFile, type ImportIssue } from "./format";
import { deepestLine, locateJsonLines } from "./json-lines";

export type ParseResult<T> = { ok: true; data: T } | { ok: false; issues: ImportIssue[] };

/**
 * The largest import file, in bytes, for every format and every way in (dashboard, CLI). A large
 * operator's file (hundreds of facilities, units listed one by one) is a few megabytes.
 */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** The import file nests 8 levels deep; anything far deeper is not an import file. */
export const IMPORT_MAX_DEPTH = 32;

/**
 * Parses and validates an import file. Size and nesting are checked before anything parses (a file
 * nested 20,000 deep once took the process down in a recursive parser), then JSON.parse reads it,
 * and only when validation fails is the text scanned again, linearly, for the lines of the problems.
 */
export function parseImportJson(text: string): ParseResult<ImportFile> {
  const parsed = parseUntrustedJson(text, { maxBytes: IMPORT_MAX_BYTES, maxDepth: IMPORT_MAX_DEPTH });
  if (!parsed.ok) {
    const message =
      parsed.reason === "too-large"
        ? `The file is too large: keep it under ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`
        : parsed.reason === "too-deep"
          ? `The file nests deeper than ${IMPORT_MAX_DEPTH} levels; it is not an import file.`
          : `Not valid JSON: ${parsed.message}`;
    const line = parsed.position === undefined ? null : lineAt(text, parsed.position);
    return { ok: false, issues: [{ line, field: "(file)", message }] };
  }
  const valid = ZImportFile.safeParse(parsed.value);
  if (valid.success) return { ok: true, data: valid.data };
  const issues = valid.error.issues.slice(0, MAX_ISSUES);
  const lines = locateJsonLines(
    text,
    issues.map((i) => i.path),
  );
  return { ok: false, issues: toIssues(valid.error, (path) => deepestLine(lines, path)) };
}

const MAX_ISSUES = 200;

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 0x0a) line++;
  return line;
}

export function toIssues(error: z.ZodError, line: (path: PropertyKey[]) => number | null): ImportIssue[] {
  return error.issues
    .slice(0, MAX_ISSUES)
    .map((i) => ({ line: line(i.path), field: i.path.map(String).join(".") || "(file)", message: i.message }));
}
