import { z } from "zod";

import { csvField, parseCsv } from "@/lib/csv";

import { ZSlug } from "@/server/domain/facilities/facility-input";

import type { ImportIssue } from "./format";
import { IMPORT_MAX_BYTES, type ParseResult } from "./parse-import";

/**
 * Units CSV (docs/import-format.md): header `facility,unit_type,number,floor,status`, one unit a
 * line. RFC 4180 quoting; the facility is its slug and the unit type its name at that facility.
 */
export const UNITS_CSV_COLUMNS = ["facility", "unit_type", "number", "floor", "status"] as const;

const ZRow = z.object({
  facility: ZSlug,
  unit_type: z.string().trim().min(1).max(80),
  number: z.string().trim().min(1).max(20),
  floor: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < -5 || n > 200)
        ctx.addIssue({ code: "custom", message: "Floor must be a whole number." });
      return n;
    }),
  status: z.preprocess((v) => (v === "" ? "available" : v), z.enum(["available", "unavailable"])),
});
export type UnitCsvRow = z.output<typeof ZRow> & { line: number };

/** More rows than any operator's units; with the width cap, bounds memory whatever the text. */
export const UNITS_CSV_MAX_ROWS = 100_000;
const MAX_FIELDS = 64;

export function parseUnitsCsv(text: string): ParseResult<UnitCsvRow[]> {
  if (text.length > IMPORT_MAX_BYTES || Buffer.byteLength(text, "utf8") > IMPORT_MAX_BYTES)
    return fileIssue(`The file is too large: keep it under ${IMPORT_MAX_BYTES / 1024 / 1024} MB.`);
  // One more row than units allowed: the header.
  const { rows, tooManyRows } = parseCsv(text.replace(/^\uFEFF/, ""), {
    maxRows: UNITS_CSV_MAX_ROWS + 1,
    maxFields: MAX_FIELDS,
  });
  if (tooManyRows) return fileIssue(`Import at most ${UNITS_CSV_MAX_ROWS} units in one file.`);
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const missing = UNITS_CSV_COLUMNS.filter((c) => !header.includes(c) && c !== "floor" && c !== "status");
  if (missing.length)
    return { ok: false, issues: missing.map((c) => ({ line: 1, field: c, message: `Missing column "${c}".` })) };
  const issues: ImportIssue[] = [];
  const out: UnitCsvRow[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((cells, idx) => {
    const line = idx + 2;
    if (cells.every((c) => c.trim() === "")) return;
    const record = Object.fromEntries(
      UNITS_CSV_COLUMNS.map((c) => [c, header.includes(c) ? (cells[header.indexOf(c)] ?? "") : ""]),
    );
    const parsed = ZRow.safeParse(record);
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        issues.push({ line, field: String(i.path[0] ?? "(row)"), message: i.message });
      return;
    }
    const key = `${parsed.data.facility}/${parsed.data.number}`;
    if (seen.has(key))
      issues.push({
        line,
        field: "number",
        message: `Unit ${parsed.data.number} already appears on line ${seen.get(key)}.`,
      });
    seen.set(key, line);
    out.push({ ...parsed.data, line });
  });
  return issues.length ? { ok: false, issues: issues.slice(0, MAX_ISSUES) } : { ok: true, data: out };
}

/** As many problems as anyone reads; a file with a million bad rows answers with the first of them. */
const MAX_ISSUES = 200;
const fileIssue = (message: string): ParseResult<never> => ({
  ok: false,
  issues: [{ line: null, field: "(file)", message }],
});

export function toUnitsCsv(
  rows: { facility: string; unit_type: string; number: string; floor: number | null; status: string }[],
): string {
  return (
    [
      UNITS_CSV_COLUMNS.join(","),
      ...rows.map((r) =>
        [r.facility, r.unit_type, r.number, r.floor === null ? "" : String(r.floor), r.status]
          .map((v) => csvField(v, false))
          .join(","),
      ),
    ].join("\n") + "\n"
  );
}
