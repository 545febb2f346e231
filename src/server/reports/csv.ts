import { formatCell } from "./format";
import type { Report } from "./types";

/**
 * RFC 4180 CSV (CRLF, fields quoted when they hold a comma, quote, line break or edge spaces), with
 * a byte-order mark so spreadsheet programs read UTF-8. Text that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: a caller's
 * name or a message is data, never a formula (OWASP "CSV injection"). Numbers are never touched,
 * so negative amounts stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(text: string, guardFormula: boolean): string {
  const safe = guardFormula && FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function reportToCsv(report: Report): string {
  const lines = [report.columns.map((c) => csvField(c.label, true)).join(",")];
  for (const row of report.rows) {
    lines.push(
      report.columns
        .map((c) => csvField(formatCell(row[c.key] ?? null, c.format, "csv"), typeof row[c.key] === "string"))
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
