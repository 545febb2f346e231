import PDFDocument from "pdfkit";

import { formatCell } from "./format";
import type { Report, ReportRow } from "./types";

/**
 * The report as a landscape Letter PDF (pdfkit, its built-in Helvetica: nothing to download):
 * title, range and facility, then the table, repeating its header on every page, totals last.
 * Long cells are cut with an ellipsis so every row stays one line.
 */
const MARGIN = 36;
const ROW_HEIGHT = 14;
const FONT_SIZE = 7.5;

export function reportToPdf(
  report: Report,
  opts: { generatedAt?: Date; organizationName?: string } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    layout: "landscape",
    margin: MARGIN,
    info: { Title: `${report.title} (${report.subtitle})`, Producer: "Storage Agent" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const totalWeight = report.columns.reduce((s, c) => s + (c.width ?? 1), 0);
  const widths = report.columns.map((c) => ((c.width ?? 1) / totalWeight) * width);
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;

  doc.font("Helvetica-Bold").fontSize(16).text(report.title, MARGIN, MARGIN);
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor("#444")
    .text([opts.organizationName, report.subtitle].filter(Boolean).join(" · "));
  doc
    .fontSize(8)
    .text(
      `Generated ${(opts.generatedAt ?? new Date()).toISOString().replace("T", " ").slice(0, 16)} UTC · ${report.rows.length} rows`,
    );
  doc.fillColor("black");
  let y = doc.y + 10;

  const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
    if (shade)
      doc
        .rect(MARGIN, y - 2, width, ROW_HEIGHT)
        .fill("#f1f3f5")
        .fillColor("black");
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(FONT_SIZE);
    let x = MARGIN;
    cells.forEach((text, i) => {
      const col = report.columns[i]!;
      const numeric = col.format === "money" || col.format === "int" || col.format === "percent";
      doc.text(text, x + 2, y + 1, {
        width: widths[i]! - 4,
        height: ROW_HEIGHT,
        lineBreak: false,
        ellipsis: true,
        align: numeric ? "right" : "left",
      });
      x += widths[i]!;
    });
    y += ROW_HEIGHT;
  };
  const header = () =>
    drawRow(
      report.columns.map((c) => c.label),
      true,
      true,
    );
  const cellsOf = (row: ReportRow) => report.columns.map((c) => formatCell(row[c.key] ?? null, c.format, "print"));

  header();
  for (const row of report.rows) {
    if (y > bottom()) {
      doc.addPage();
      y = MARGIN;
      header();
    }
    drawRow(cellsOf(row), false, false);
  }
  if (report.rows.length === 0) {
    doc
      .font("Helvetica")
      .fontSize(FONT_SIZE)
      .text("No rows in this period.", MARGIN + 2, y + 1, { width: width - 4, lineBreak: false });
    y += ROW_HEIGHT;
  }
  if (report.totals) {
    if (y > bottom()) {
      doc.addPage();
      y = MARGIN;
    }
    doc
      .moveTo(MARGIN, y - 1)
      .lineTo(MARGIN + width, y - 1)
      .stroke("#888");
    drawRow(cellsOf(report.totals), true, false);
  }
  doc.end();
  return done;
}
