import { and, asc, eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { facility, organization } from "@/server/db/schema";

import { buildReport } from "./build-report";
import { reportToCsv } from "./csv";
import { reportToPdf } from "./pdf";
import type { Report, ReportQuery } from "./types";

export type ReportFormat = "csv" | "pdf";

export interface RenderedReport {
  report: Report;
  filename: string;
  contentType: string;
  body: Buffer;
}

/** "rent-roll_2026-11-01_2026-11-30.csv" */
export function reportFilename(q: ReportQuery, format: ReportFormat): string {
  return `${q.report.replace(/_/g, "-")}_${q.from}_${q.to}.${format}`;
}

export async function organizationName(organizationId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, organizationId));
  return row?.name;
}

/**
 * The time zone a report's "generated at" is shown in: the report's facility's, else the
 * organization's first facility's (organizations have no zone of their own; their facilities do).
 */
export async function reportTimeZone(organizationId: string, facilityId?: string | null): Promise<string | undefined> {
  const [row] = await db
    .select({ timeZone: facility.timeZone })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), facilityId ? eq(facility.id, facilityId) : undefined))
    .orderBy(asc(facility.createdAt))
    .limit(1);
  return row?.timeZone;
}

/** A report rendered in one format: what the download route and the scheduled e-mail send. */
export async function renderReport(
  organizationId: string,
  q: ReportQuery,
  format: ReportFormat,
  built?: Report,
): Promise<RenderedReport> {
  const report = built ?? (await buildReport(organizationId, q));
  if (format === "csv")
    return {
      report,
      filename: reportFilename(q, "csv"),
      contentType: "text/csv; charset=utf-8",
      body: Buffer.from(reportToCsv(report), "utf8"),
    };
  const body = await reportToPdf(report, {
    organizationName: await organizationName(organizationId),
    timeZone: await reportTimeZone(organizationId, q.facilityId),
  });
  return { report, filename: reportFilename(q, "pdf"), contentType: "application/pdf", body };
}
