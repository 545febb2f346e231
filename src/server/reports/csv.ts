import { csvField } from "@/lib/csv";

import { formatCell } from "@/lib/report-format";
import type { Report } from "./types";

/**
 * A report as RFC 4180 CSV (CRLF), with a byte-order mark so spreadsheet programs read UTF-8. Text
 * cells are guarded against formulas (src/lib/csv.ts); numbers are never touched, so negative amounts
 * stay numbers.
 */
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
