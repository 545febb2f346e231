import { withOrg } from "@/server/db/client";
import type { ReportKind } from "@/server/db/schema";

import { callLog } from "./call-log";
import { leadsBySource } from "./leads-by-source";
import { rentRoll } from "./rent-roll";
import { reservationsReport } from "./reservations";
import { ZReportQuery, type Report, type ReportQuery } from "./types";

const BUILDERS: Record<ReportKind, typeof rentRoll> = {
  rent_roll: rentRoll,
  reservations: reservationsReport,
  leads_by_source: leadsBySource,
  call_log: callLog,
};

/** Builds one report as the organization (row-level security applies on top of the filters). */
export function buildReport(organizationId: string, raw: ReportQuery): Promise<Report> {
  const q = ZReportQuery.parse(raw);
  return withOrg(organizationId, (tx) => BUILDERS[q.report](tx, organizationId, q));
}
