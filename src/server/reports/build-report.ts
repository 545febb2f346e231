import type { Transaction } from "@/server/db/client";
import { withOrgRead } from "@/server/db/replica";
import type { ReportKind } from "@/server/db/schema";

import { callLog } from "./call-log";
import { leadsBySource } from "./leads-by-source";
import { paymentsReport } from "./payments";
import { rentRoll } from "./rent-roll";
import { reservationsReport } from "./reservations";
import { ZReportQuery, type Report, type ReportQuery } from "./types";

type Builder = (
  tx: Transaction,
  organizationId: string,
  q: ReportQuery,
  opts?: { limit?: number },
) => Promise<Report & { rowCount?: number }>;

const BUILDERS: Record<ReportKind, Builder> = {
  rent_roll: rentRoll,
  reservations: reservationsReport,
  leads_by_source: leadsBySource,
  call_log: callLog,
  payments: paymentsReport,
};

/**
 * Builds one report as the organization (row-level security applies on top of the filters), on the
 * read replica when one is fit (src/server/db/replica.ts): reports only read.
 */
export function buildReport(organizationId: string, raw: ReportQuery): Promise<Report> {
  const q = ZReportQuery.parse(raw);
  return withOrgRead(organizationId, (tx) => BUILDERS[q.report](tx, organizationId, q));
}

/**
 * The first `limit` rows and how many there are in all, for the page preview: the call log (the
 * one report that can run to many thousands of rows) reads only those rows and counts the rest.
 */
export async function previewReport(
  organizationId: string,
  raw: ReportQuery,
  limit: number,
): Promise<Report & { rowCount: number }> {
  const q = ZReportQuery.parse(raw);
  const report = await withOrgRead(organizationId, (tx) => BUILDERS[q.report](tx, organizationId, q, { limit }));
  return { ...report, rows: report.rows.slice(0, limit), rowCount: report.rowCount ?? report.rows.length };
}
