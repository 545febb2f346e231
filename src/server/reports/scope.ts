import { asc, eq } from "drizzle-orm";

import { DEFAULT_TIME_ZONE } from "@/server/analytics/filters";
import type { Transaction } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

import type { ReportQuery } from "./types";

/**
 * The facility filter and the clock of a report. Rows are dated on their facility's clock; rows
 * without a facility use the organization's first facility's zone (America/New_York when it has none,
 * DEFAULT_TIME_ZONE: the Analytics page's rule).
 */
export interface ReportScope {
  facilityName: string | null;
  defaultTimeZone: string;
}

export async function reportScope(tx: Transaction, organizationId: string, q: ReportQuery): Promise<ReportScope> {
  const facilities = await tx
    .select({ id: facility.id, name: facility.name, timeZone: facility.timeZone })
    .from(facility)
    .where(eq(facility.organizationId, organizationId))
    .orderBy(asc(facility.createdAt), asc(facility.id));
  let facilityName: string | null = null;
  if (q.facilityId) {
    const f = facilities.find((x) => x.id === q.facilityId);
    if (!f) throw notFound("Facility");
    facilityName = f.name;
  }
  return { facilityName, defaultTimeZone: facilities[0]?.timeZone ?? DEFAULT_TIME_ZONE };
}

export const facilityFilter = (column: Parameters<typeof eq>[0], q: ReportQuery) =>
  q.facilityId ? eq(column, q.facilityId) : undefined;

export function subtitle(q: ReportQuery, scope: ReportScope, asOf = false): string {
  const when = asOf ? `As of ${q.to}` : q.from === q.to ? q.from : `${q.from} to ${q.to}`;
  return `${when} · ${scope.facilityName ?? "All facilities"}`;
}
