import { and, eq, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { facility, lead, LEAD_SOURCES } from "@/server/db/schema";

import { facilityFilter, reportScope, subtitle } from "./scope";
import { nextDay, REPORT_TITLES, type Report, type ReportQuery, type ReportRow } from "./types";

/**
 * Leads that came in during the range (by their facility's clock), per source, split by where each
 * lead stands now. Converted = reserved or moved in; the rate is converted / leads.
 */
export async function leadsBySource(tx: Transaction, organizationId: string, q: ReportQuery): Promise<Report> {
  const scope = await reportScope(tx, organizationId, q);
  const local = sql`(${lead.createdAt} at time zone coalesce(${facility.timeZone}, ${scope.defaultTimeZone}))`;
  const counted = await tx
    .select({ source: lead.source, status: lead.status, n: sql<number>`count(*)::int` })
    .from(lead)
    .leftJoin(facility, eq(facility.id, lead.facilityId))
    .where(
      and(
        eq(lead.organizationId, organizationId),
        facilityFilter(lead.facilityId, q),
        sql`${lead.createdAt} >= ${q.from}::date - 1 and ${lead.createdAt} < ${nextDay(q.to)}::date + 1`,
        sql`${local} >= ${q.from}::date and ${local} < ${nextDay(q.to)}::date`,
      ),
    )
    .groupBy(lead.source, lead.status);

  const rowFor = (label: string, match: (source: string) => boolean): ReportRow => {
    const of = (...statuses: string[]) => counted.filter((c) => match(c.source) && statuses.includes(c.status)).reduce((s, c) => s + c.n, 0);
    const leads = counted.filter((c) => match(c.source)).reduce((s, c) => s + c.n, 0);
    const converted = of("reserved", "moved_in");
    return {
      source: label,
      leads,
      new: of("new"),
      contacted: of("contacted"),
      quoted: of("quoted"),
      reserved: of("reserved"),
      movedIn: of("moved_in"),
      lost: of("lost"),
      conversion: leads ? converted / leads : null,
    };
  };
  return {
    kind: "leads_by_source",
    title: REPORT_TITLES.leads_by_source,
    subtitle: subtitle(q, scope),
    columns: [
      { key: "source", label: "Source", format: "text", width: 2 },
      { key: "leads", label: "Leads", format: "int", width: 1 },
      { key: "new", label: "New", format: "int", width: 1 },
      { key: "contacted", label: "Contacted", format: "int", width: 1.2 },
      { key: "quoted", label: "Quoted", format: "int", width: 1 },
      { key: "reserved", label: "Reserved", format: "int", width: 1.1 },
      { key: "movedIn", label: "Moved in", format: "int", width: 1.1 },
      { key: "lost", label: "Lost", format: "int", width: 1 },
      { key: "conversion", label: "Converted", format: "percent", width: 1.3 },
    ],
    rows: LEAD_SOURCES.map((s) => rowFor(s, (x) => x === s)),
    totals: rowFor("Total", () => true),
  };
}
