import PDFDocument from "pdfkit";

import { formatCell } from "@/lib/report-format";
import type { Report, ReportRow } from "./types";

/**
 * The report as a landscape Letter PDF (pdfkit, its built-in Helvetica: nothing to download):
 * the organization's name, title, range and facility, then the table, repeating its header on every
 * page, totals last, and "page n of m" in the footer. Long cells wrap inside their column (a row
 * grows to its tallest cell), so a name, an address or a summary is never cut: an operator forwards
 * these to an owner or an accountant, who cannot click through to read the rest.
 */
const MARGIN = 36;
const ROW_HEIGHT = 14;
const PAD = 2;
const FONT_SIZE = 7.5;

export function reportToPdf(
  report: Report,
  opts: { generatedAt?: Date; organizationName?: string; timeZone?: string } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "LETTER",
    layout: "landscape",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `${report.title} (${report.subtitle})`,
      Producer: "Storage Agent",
      ...(opts.organizationName ? { Author: opts.organizationName } : {}),
    },
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
  // Room for the footer line under the table.
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  // One row never takes more than a page: past that (a transcript pasted into a cell) it is cut.
  const maxRowHeight = doc.page.height - 2 * MARGIN - 3 * ROW_HEIGHT;

  if (opts.organizationName) doc.font("Helvetica-Bold").fontSize(11).fillColor("#444").text(opts.organizationName);
  doc.font("Helvetica-Bold").fontSize(16).fillColor("black").text(report.title);
  doc.font("Helvetica").fontSize(10).fillColor("#444").text(report.subtitle);
  doc
    .fontSize(8)
    .text(`Generated ${generatedAt(opts.generatedAt ?? new Date(), opts.timeZone)} · ${report.rows.length} rows`);
  doc.fillColor("black");
  let y = doc.y + 10;

  const setFont = (bold: boolean) => doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(FONT_SIZE);
  const heightOf = (cells: string[], bold: boolean) => {
    setFont(bold);
    const tallest = Math.max(
      0,
      ...cells.map((text, i) => (text ? doc.heightOfString(text, { width: widths[i]! - 2 * PAD }) : 0)),
    );
    return Math.min(maxRowHeight, Math.max(ROW_HEIGHT, Math.ceil(tallest) + 2 * PAD));
  };
  const drawRow = (cells: string[], bold: boolean, shade: boolean, height: number) => {
    if (shade)
      doc
        .rect(MARGIN, y - PAD, width, height)
        .fill("#f1f3f5")
        .fillColor("black");
    setFont(bold);
    let x = MARGIN;
    cells.forEach((text, i) => {
      const col = report.columns[i]!;
      const numeric = col.format === "money" || col.format === "int" || col.format === "percent";
      doc.text(text, x + PAD, y + 1, {
        width: widths[i]! - 2 * PAD,
        height: height - PAD,
        ellipsis: true,
        align: numeric ? "right" : "left",
      });
      x += widths[i]!;
    });
    y += height;
  };
  const headerCells = report.columns.map((c) => c.label);
  const header = () => drawRow(headerCells, true, true, heightOf(headerCells, true));
  /** Starts a new page (with the header again) when the next `height` points do not fit. */
  const room = (height: number, withHeader: boolean) => {
    if (y + height <= bottom()) return;
    doc.addPage();
    y = MARGIN;
    if (withHeader) header();
  };
  const cellsOf = (row: ReportRow) => report.columns.map((c) => formatCell(row[c.key] ?? null, c.format, "print"));

  header();
  for (const row of report.rows) {
    const cells = cellsOf(row);
    const height = heightOf(cells, false);
    room(height, true);
    drawRow(cells, false, false, height);
  }
  if (report.rows.length === 0) {
    doc
      .font("Helvetica")
      .fontSize(FONT_SIZE)
      .text("No rows in this period.", MARGIN + PAD, y + 1, { width: width - 2 * PAD, lineBreak: false });
    y += ROW_HEIGHT;
  }
  if (report.totals) {
    const cells = cellsOf(report.totals);
    const height = heightOf(cells, true);
    room(height + 2, false);
    doc
      .moveTo(MARGIN, y - 1)
      .lineTo(MARGIN + width, y - 1)
      .stroke("#888");
    drawRow(cells, true, false, height);
  }
  footer(doc, [opts.organizationName, report.title].filter(Boolean).join(" · "));
  doc.end();
  return done;
}

/** "Page 2 of 5" on every page, written once all pages exist (bufferPages). */
function footer(doc: PDFKit.PDFDocument, label: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise make pdfkit add a page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(7)
      .fillColor("#666")
      .text(`${label} · Page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 8, {
        width: doc.page.width - 2 * MARGIN,
        align: "right",
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.fillColor("black");
}

/** "2026-11-30 14:05 CST" in the organization's zone (its first facility's), else UTC. */
function generatedAt(at: Date, timeZone: string | undefined): string {
  if (!timeZone) return `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}
