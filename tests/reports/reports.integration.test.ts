import path from "node:path";

import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";

import { leads } from "@/server/analytics/metrics";
import { db, withOrg } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import { buildReport, previewReport } from "@/server/reports/build-report";
import { csvField } from "@/lib/csv";
import { reportToCsv } from "@/server/reports/csv";
import { handleReportDownload } from "@/server/reports/download";
import { reportToPdf } from "@/server/reports/pdf";

import { seedOrganization, type TestOrg } from "../factories";
import { EVIL_NAME, seedReportData, type ReportSeed } from "./seed";

const NOV = { from: "2026-11-01", to: "2026-11-30" };
let s: ReportSeed;
let stranger: TestOrg;
beforeAll(async () => {
  s = await seedReportData();
  stranger = await seedOrganization();
});

const openPdf = (bytes: Buffer) =>
  getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    standardFontDataUrl: `${path.resolve("node_modules/pdfjs-dist/standard_fonts")}/`,
  }).promise;

/** Every text item of every page, joined by spaces. */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await openPdf(bytes);
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    for (const item of content.items) if ("str" in item) parts.push(item.str);
  }
  await doc.destroy();
  return parts.join(" ");
}

function download(headers: Headers | undefined, report: string, query: string) {
  return handleReportDownload(new Request(`http://localhost/api/reports/${report}?${query}`, { headers }), report);
}

describe("report contents", () => {
  it("rent roll: every unit as of the last day, on the facility's clock, natural unit order", async () => {
    const r = await buildReport(s.org.id, { report: "rent_roll", ...NOV });
    expect(
      r.rows.map((x) => [
        x.facility,
        x.unit,
        x.status,
        x.customer,
        x.moveIn,
        x.streetRate,
        x.rent,
        x.variance,
        x.balance,
      ]),
    ).toEqual([
      ["Northgate Storage", "A1", "vacant", "", "", 12_000, null, null, null],
      ["Northgate Storage", "A2", "occupied", "Dana Lee", "2026-10-01", 12_000, 10_000, -2_000, 2_500],
      // Moved out at 23:30 local on Nov 30 (Dec 1 in UTC): vacant as of Nov 30.
      ["Northgate Storage", "A3", "vacant", "", "", 12_000, null, null, null],
      ["Northgate Storage", "A10", "occupied", EVIL_NAME, "2026-11-15", 12_000, 9_000, -3_000, 0],
      ["Southside Storage", "S1", "occupied", "Sam South", "2026-11-20", 6_500, 6_000, -500, -500],
    ]);
    expect(r.totals).toMatchObject({
      unit: "5 units",
      status: "3 occupied",
      squareFeet: 450,
      streetRate: 54_500,
      rent: 25_000,
      variance: -5_500,
      balance: 2_000,
    });
    // The day before A3's tenant left, and before A10's moved in.
    const earlier = await buildReport(s.org.id, { report: "rent_roll", from: "2026-11-01", to: "2026-11-14" });
    expect(earlier.rows.filter((x) => x.status === "occupied").map((x) => x.unit)).toEqual(["A2", "A3"]);
    const one = await buildReport(s.org.id, { report: "rent_roll", ...NOV, facilityId: s.otherFacilityId });
    expect(one.rows.map((x) => x.unit)).toEqual(["S1"]);
    expect(one.subtitle).toBe("As of 2026-11-30 · Southside Storage");
  });

  it("reservations made in the range by local date (the UTC-midnight edges fall the other way)", async () => {
    const r = await buildReport(s.org.id, { report: "reservations", ...NOV });
    expect(r.rows.map((x) => [x.created, x.confirmationCode, x.customer, x.unit, x.rate, x.channel, x.status])).toEqual(
      [
        ["2026-11-10 09:00", "RES-IN1", "Dana Lee", "A1", 11_000, "phone", "active"],
        ["2026-11-30 23:30", "RES-EDGE", "Sam South", "A3", 11_000, "web", "cancelled"],
      ],
    );
    expect(r.totals).toMatchObject({ confirmationCode: "2", facility: "1 active or moved in" });
    const empty = await buildReport(s.org.id, { report: "reservations", from: "2026-11-11", to: "2026-11-29" });
    expect(empty.rows).toEqual([]);
  });

  it("leads by source: the metrics module's leads, reserved and moved in, and where leads stand now", async () => {
    const r = await buildReport(s.org.id, { report: "leads_by_source", ...NOV });
    expect(r.rows).toEqual([
      { source: "call", leads: 2, reserved: 1, movedIn: 0, conversion: 0.5, open: 1, lost: 0 },
      { source: "sms", leads: 1, reserved: 0, movedIn: 0, conversion: 0, open: 0, lost: 1 },
      { source: "chat", leads: 0, reserved: 0, movedIn: 0, conversion: null, open: 0, lost: 0 },
      // Moved in counts as reserved too: it got there through a reservation.
      { source: "web", leads: 1, reserved: 1, movedIn: 1, conversion: 1, open: 0, lost: 0 },
      { source: "walk_in", leads: 0, reserved: 0, movedIn: 0, conversion: null, open: 0, lost: 0 },
    ]);
    expect(r.totals).toEqual({ source: "Total", leads: 4, reserved: 2, movedIn: 1, conversion: 0.5, open: 1, lost: 1 });
    // The same figures as the Analytics page.
    const analytics = await withOrg(s.org.id, (tx) => leads(tx, s.org.id, NOV));
    expect(analytics.current).toMatchObject({ leads: 4, reserved: 2, movedIn: 1 });
    const north = await buildReport(s.org.id, { report: "leads_by_source", ...NOV, facilityId: s.facilityId });
    expect(north.totals).toMatchObject({ leads: 3, movedIn: 0 });
  });

  it("call log: calls, texts and chats (not playground sessions) in local time", async () => {
    const r = await buildReport(s.org.id, { report: "call_log", ...NOV });
    expect(r.rows.map((x) => [x.started, x.channel, x.from, x.customer, x.duration, x.outcome])).toEqual([
      ["2026-11-05 10:00", "voice", "+15550100001", "Dana Lee", 95, "reservation"],
      ["2026-11-06 12:30", "sms", "+15550100002", EVIL_NAME, null, "lead"],
    ]);
    expect(r.totals).toMatchObject({ facility: "2 conversations", duration: 95 });
  });

  it("a preview reads the first rows and counts the rest", async () => {
    const p = await previewReport(s.org.id, { report: "call_log", ...NOV }, 1);
    expect(p.rows.map((x) => x.started)).toEqual(["2026-11-05 10:00"]);
    expect(p.rowCount).toBe(2);
    expect(p.totals).toBeNull();
    const all = await previewReport(s.org.id, { report: "rent_roll", ...NOV }, 100);
    expect([all.rows.length, all.rowCount]).toEqual([5, 5]);
  });

  it("another organization's report is empty, and its facility is not found", async () => {
    for (const report of ["rent_roll", "reservations", "call_log"] as const) {
      expect((await buildReport(stranger.id, { report, ...NOV })).rows).toEqual([]);
    }
    await expect(buildReport(stranger.id, { report: "rent_roll", ...NOV, facilityId: s.facilityId })).rejects.toThrow(
      "Facility was not found",
    );
  });
});

describe("CSV", () => {
  it("escapes quotes, commas and line breaks, and defuses formulas in text but not in numbers", () => {
    expect(csvField('say "hi", then go', true)).toBe('"say ""hi"", then go"');
    expect(csvField("two\r\nlines", true)).toBe('"two\r\nlines"');
    expect(csvField("=1+2", true)).toBe("'=1+2");
    expect(csvField("+15550100001", true)).toBe("'+15550100001");
    expect(csvField("@SUM(A1)", true)).toBe("'@SUM(A1)");
    expect(csvField("\tcmd", true)).toBe("'\tcmd");
    expect(csvField("-25.00", false)).toBe("-25.00");
    expect(csvField(" padded ", true)).toBe('" padded "');
  });

  it("the call log as CSV: header, one line per row, every field escaped", async () => {
    const csv = reportToCsv(await buildReport(s.org.id, { report: "call_log", ...NOV }));
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Started,Facility,Channel,Direction,From,To,Customer,Seconds,Handler,Outcome,Summary",
      `2026-11-05 10:00,Northgate Storage,voice,inbound,'+15550100001,'+15550109999,Dana Lee,95,agent,reservation,"Reserved a 10x10; asked ""what are the gate hours?"""`,
      `2026-11-06 12:30,Northgate Storage,sms,inbound,'+15550100002,'+15550109999,"'=HYPERLINK(""http://evil.example"",""click""), Jr.",,agent,lead,"'-1 asked about prices\nthen left"`,
      "",
    ]);
  });

  it("an organization with no facility dates rows on the Analytics page's default clock (America/New_York), not UTC", async () => {
    const bare = await seedOrganization();
    // 22:30 on Nov 9 in New York, already Nov 10 in UTC.
    await db.insert(conversation).values({
      organizationId: bare.id,
      channel: "voice",
      status: "ended",
      fromAddress: "+15550100077",
      startedAt: new Date("2026-11-10T03:30:00Z"),
    });
    const nov9 = await buildReport(bare.id, { report: "call_log", from: "2026-11-09", to: "2026-11-09" });
    expect(nov9.rows.map((x) => x.from)).toEqual(["+15550100077"]);
    const nov10 = await buildReport(bare.id, { report: "call_log", from: "2026-11-10", to: "2026-11-10" });
    expect(nov10.rows).toEqual([]);
  });

  it("money as plain dollars, negative amounts stay numbers", async () => {
    const csv = reportToCsv(
      await buildReport(s.org.id, { report: "rent_roll", ...NOV, facilityId: s.otherFacilityId }),
    );
    expect(csv.slice(1).split("\r\n")[1]).toBe(
      "Southside Storage,S1,5x10,5x10,50,occupied,Sam South,2026-11-20,65.00,60.00,-5.00,-5.00",
    );
  });
});

describe("PDF", () => {
  it("is a valid PDF whose text holds the title, the rows and the totals", async () => {
    const report = await buildReport(s.org.id, { report: "rent_roll", ...NOV });
    const pdf = await reportToPdf(report, { organizationName: "Acme Storage" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    for (const expected of [
      "Rent roll",
      "Acme Storage",
      "As of 2026-11-30 · All facilities",
      "Dana Lee",
      "Sam South",
      "A10",
      "$100.00",
      "-$20.00",
      "$545.00",
      "3 occupied",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("pages a long report and repeats the header", async () => {
    const report = await buildReport(s.org.id, { report: "call_log", ...NOV });
    const many = {
      ...report,
      rows: Array.from({ length: 120 }, (_, i) => ({ ...report.rows[0]!, customer: `Caller ${i + 1}` })),
    };
    const doc = await openPdf(await reportToPdf(many));
    expect(doc.numPages).toBeGreaterThan(1);
    const last = await (await doc.getPage(doc.numPages)).getTextContent();
    const words = last.items.map((i) => ("str" in i ? i.str : ""));
    expect(words).toContain("Started");
    expect(words).toContain("Caller 120");
  });

  it("wraps long cells instead of cutting them, with the organization, totals and page numbers", async () => {
    const report = await buildReport(s.org.id, { report: "rent_roll", ...NOV });
    const long =
      "Alexandria Konstantinopoulou-Vanderberg of Northwest Regional Moving and Storage Cooperative ENDOFCELL";
    const wide = {
      ...report,
      rows: [{ ...report.rows[0]!, customer: long, unitType: "Climate controlled interior corridor unit" }],
    };
    const pdf = await reportToPdf(wide, { organizationName: "Acme Storage", timeZone: "America/Chicago" });
    const doc = await openPdf(pdf);
    const content = await (await doc.getPage(1)).getTextContent();
    const items = content.items.filter((i) => "str" in i && i.str.trim() !== "") as {
      str: string;
      transform: number[];
    }[];
    const text = items.map((i) => i.str).join(" ");
    // Every word of the cell is there (an ellipsis would have cut the end) and nothing was cut.
    expect(text.replace(/\s+/g, "")).toContain(long.replace(/\s+/g, ""));
    expect(text).not.toContain("…");
    // The cell runs over several lines: its words sit at more than one height on the page.
    const cellLines = new Set(
      items
        .filter((i) => long.includes(i.str.trim()) && i.str.trim().length > 2)
        .map((i) => Math.round(i.transform[5]!)),
    );
    expect(cellLines.size).toBeGreaterThan(1);
    // The row below the wrapped one is not drawn over it: the totals line sits under the cell's last line.
    const totalY = Math.round(items.find((i) => i.str === "Total")!.transform[5]!);
    expect(totalY).toBeLessThan(Math.min(...cellLines));
    expect(text).toContain("Acme Storage");
    expect(text).toMatch(/Page 1 of 1/);
    expect(text).toMatch(/Generated \d{4}-\d{2}-\d{2} \d{2}:\d{2} C[SD]T/);
    await doc.destroy();
  });
});

describe("GET /api/reports/<report>", () => {
  it("downloads CSV and PDF for the session's organization", async () => {
    const csv = await download(s.org.owner.headers, "reservations", "from=2026-11-01&to=2026-11-30&format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe(
      'attachment; filename="reservations_2026-11-01_2026-11-30.csv"',
    );
    const text = await csv.text();
    expect(text).toContain("RES-IN1");
    expect(text).not.toContain("RES-OUT");
    const pdf = await download(
      s.org.owner.headers,
      "leads_by_source",
      `from=2026-11-01&to=2026-11-30&format=pdf&facilityId=${s.facilityId}`,
    );
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(await pdfText(Buffer.from(await pdf.arrayBuffer()))).toContain("Northgate Storage");
  });

  it("refuses without a session, with bad input, and for another organization's facility", async () => {
    const anonymous = await download(undefined, "rent_roll", "from=2026-11-01&to=2026-11-30");
    expect(anonymous.status).toBe(401);
    // Session route handlers answer RFC 9457 problem+json from the API's catalogue.
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    expect(((await anonymous.json()) as { type: string }).type).toBe(
      "https://storage-agent.dev/problems/unauthenticated",
    );
    const bad = await download(s.org.owner.headers, "rent_roll", "from=2026-12-01&to=2026-11-30");
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toBe("The start date must not be after the end date.");
    expect((await download(s.org.owner.headers, "payroll", "from=2026-11-01&to=2026-11-30")).status).toBe(400);
    expect((await download(s.org.owner.headers, "rent_roll", "from=2026-11-01&to=2026-11-30&format=xlsx")).status).toBe(
      400,
    );
    const foreign = await download(
      stranger.owner.headers,
      "rent_roll",
      `from=2026-11-01&to=2026-11-30&facilityId=${s.facilityId}`,
    );
    expect(foreign.status).toBe(404);
    const theirs = await download(stranger.owner.headers, "call_log", "from=2026-11-01&to=2026-11-30");
    expect((await theirs.text()).includes("Dana Lee")).toBe(false);
  });
});
