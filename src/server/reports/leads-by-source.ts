import { and, eq, sql } from "drizzle-orm";

import { leads } from "@/server/analytics/metrics";
import type { Transaction } from "@/server/db/client";
import { facility, lead, LEAD_SOURCES } from "@/server/db/schema";

import { facilityFilter, reportScope, subtitle } from "./scope";
import { nextDay, REPORT_TITLES, type Report, type ReportQuery, type ReportRow } from "./types";

/**
 * Leads that came in during the range (by their facility's clock), per source. Leads, reserved and
 * moved in are the analytics metrics module's figures (src/server/analytics/metrics.ts: a lead
 * counts as reserved once it has a reservation or was marked reserved, moved-in likewise), so this
 * report and the Analytics page agree; open and lost are where the leads stand now.
 */
export async function leadsBySource(tx: Transaction, organizationId: string, q: ReportQuery): Promise<Report> {
  const scope = await reportScope(tx, organizationId, q);
  const figures = (await leads(tx, organizationId, { from: q.from, to: q.to, facilityId: q.facilityId ?? null }))
    .current;
  const local = sql`(${lead.createdAt} at time zone coalesce(${facility.timeZone}, ${scope.defaultTimeZone}))`;
  const standing = await tx
    .select({
      source: lead.source,
      open: sql<number>`count(*) filter (where ${lead.status} in ('new', 'contacted', 'quoted'))::int`,
      lost: sql<number>`count(*) filter (where ${lead.status} = 'lost')::int`,
    })
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
    .groupBy(lead.source);

  const rowFor = (label: string, match: (source: string) => boolean): ReportRow => {
    const add = <T>(rows: T[], pick: (r: T) => number, key: (r: T) => string) =>
      rows.filter((r) => match(key(r))).reduce((s, r) => s + pick(r), 0);
    const count = add(
      figures.bySource,
      (r) => r.leads,
      (r) => r.key,
    );
    const reserved = add(
      figures.bySource,
      (r) => r.reserved,
      (r) => r.key,
    );
    return {
      source: label,
      leads: count,
      reserved,
      movedIn: add(
        figures.bySource,
        (r) => r.movedIn,
        (r) => r.key,
      ),
      conversion: count ? reserved / count : null,
      open: add(
        standing,
        (r) => r.open,
        (r) => r.source,
      ),
      lost: add(
        standing,
        (r) => r.lost,
        (r) => r.source,
      ),
    };
  };
  return {
    kind: "leads_by_source",
    title: REPORT_TITLES.leads_by_source,
    subtitle: subtitle(q, scope),
    columns: [
      { key: "source", label: "Source", format: "text", width: 2 },
      { key: "leads", label: "Leads", format: "int", width: 1 },
      { key: "reserved", label: "Reserved", format: "int", width: 1.1 },
      { key: "movedIn", label: "Moved in", format: "int", width: 1.1 },
      { key: "conversion", label: "Reserved %", format: "percent", width: 1.3 },
      { key: "open", label: "Open now", format: "int", width: 1.1 },
      { key: "lost", label: "Lost", format: "int", width: 1 },
    ],
    rows: LEAD_SOURCES.map((s) => rowFor(s, (x) => x === s)),
    totals: rowFor("Total", () => true),
  };
}
