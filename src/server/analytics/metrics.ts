import { sql } from "drizzle-orm";

import { isReadOnlyTransaction, type Executor } from "@/server/db/client";
import { localDate } from "@/server/domain/facilities/local-date";

import { agentQualityFor, funnelFor, liveConversations, outcomesFor, volumeFor } from "./conversation-metrics";
import {
  orgTimeZoneSql,
  parseFilter,
  previousPeriod,
  type AnalyticsFilter,
  type Compared,
  type ParsedFilter,
} from "./filters";
import { bookingsFor, followUpsFor, leadsFor } from "./lead-metrics";
import { occupancyFor } from "./occupancy-metrics";
import { outstandingFor, paymentsFor } from "./payment-metrics";
import { refreshRollups } from "./rollups";

/**
 * The analytics metrics module: ONE definition of every figure the Analytics page, the Overview,
 * reports and alerts show (docs/analytics.md has each definition in words).
 *
 * Every function takes a transaction scoped to the organization (`ctx.tenant` / `withOrg`), the
 * organization id and a filter `{ from, to, facilityId?, channel? }` (inclusive local dates,
 * "YYYY-MM-DD"), brings the rollups up to date, and returns the figure for the period beside the
 * same figure for the period of equal length just before it.
 */

export {
  ANALYTICS_CHANNELS,
  previousPeriod,
  ZAnalyticsFilter,
  type AnalyticsChannel,
  type AnalyticsFilter,
  type Compared,
  type Period,
} from "./filters";
export type {
  AgentQualityFigures,
  FunnelFigures,
  FunnelRow,
  OutcomeFigures,
  OutcomeKey,
  VolumeFigures,
} from "./conversation-metrics";
export type { BookingFigures, FollowUpFigures, LeadFigures, LeadRow, SpeedToLead } from "./lead-metrics";
export type { OccupancyFigures, OccupancyRow } from "./occupancy-metrics";
export type { OutstandingFigures, PaymentChannel, PaymentFigures } from "./payment-metrics";
export { refreshRollups } from "./rollups";

type Figure<T> = (tx: Executor, organizationId: string, f: ParsedFilter) => Promise<T>;

async function compared<T>(
  tx: Executor,
  organizationId: string,
  input: AnalyticsFilter,
  figure: Figure<T>,
  refresh = true,
): Promise<Compared<T>> {
  const f = parseFilter(input);
  // On the read replica the rollups were refreshed on the primary first (readAnalytics).
  if (refresh && !isReadOnlyTransaction(tx)) await refreshRollups(tx, organizationId);
  const prev = { ...f, ...previousPeriod(f) };
  return {
    period: { from: f.from, to: f.to },
    previousPeriod: { from: prev.from, to: prev.to },
    current: await figure(tx, organizationId, f),
    previous: await figure(tx, organizationId, prev),
  };
}

/** Calls and messages by day, the hour-of-week heat map, after-hours share. */
export const callVolume = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, volumeFor);
/** Outcomes of the conversations started in the period. */
export const outcomes = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, outcomesFor);
/** Conversations -> leads -> reservations -> move-ins, by source, facility and handler. */
export const funnel = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, funnelFor);
/** Leads that came in, by source and facility, what became of them, and speed to lead. */
export const leads = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, leadsFor);
/** Follow-up sequences started and how they ended. */
export const followUps = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, followUpsFor);
/** Reservations made and move-ins in the period. */
export const bookings = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, bookingsFor);
/** Occupancy by units and square feet, economic occupancy, rent roll, revenue per sq ft, over time. */
export const occupancy = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, occupancyFor);
/** Task success, transfers, turns, duration, sentiment and what the agent could not handle. */
export const agentQuality = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, agentQualityFor);

/** Renter payments: collected, refunded, success rate, by channel, pay-link conversion, collections, by day (no rollup: raw rows by index). */
export const payments = (tx: Executor, organizationId: string, filter: AnalyticsFilter) =>
  compared(tx, organizationId, filter, paymentsFor, false);
/** What tenants owe now and who is past due (not a period). */
export const outstanding = (tx: Executor, organizationId: string, facilityId: string | null = null) =>
  outstandingFor(tx, organizationId, facilityId);

/** The organization's time zone and today's date in it: what "today" means on the overview. */
export async function organizationToday(
  tx: Executor,
  organizationId: string,
  now = new Date(),
): Promise<{ timeZone: string; today: string }> {
  const r = await tx.execute<{ tz: string }>(sql`SELECT ${orgTimeZoneSql(organizationId)} AS tz`);
  const timeZone = r.rows[0]?.tz ?? "America/New_York";
  return { timeZone, today: localDate(timeZone, now) };
}

export interface OverviewFigures {
  today: string;
  timeZone: string;
  /** Each with yesterday's figure beside it (live calls: none, it is a moment). */
  calls: { today: number; yesterday: number };
  liveCalls: number;
  newLeads: { today: number; yesterday: number };
  reservations: { today: number; yesterday: number };
  moveIns: { today: number; yesterday: number };
  occupancy: { units: number; occupiedUnits: number; rate: number | null; yesterdayRate: number | null };
}

/** The dashboard home: today's figures, from the same definitions as the Analytics page. */
export async function overview(tx: Executor, organizationId: string, now = new Date()): Promise<OverviewFigures> {
  const { today, timeZone } = await organizationToday(tx, organizationId, now);
  const day = { from: today, to: today };
  // The rollups brought up to date once for the four figures.
  if (!isReadOnlyTransaction(tx)) await refreshRollups(tx, organizationId);
  const [v, l, b, o] = [
    await compared(tx, organizationId, day, volumeFor, false),
    await compared(tx, organizationId, day, leadsFor, false),
    await compared(tx, organizationId, day, bookingsFor, false),
    await compared(tx, organizationId, day, occupancyFor, false),
  ];
  return {
    today,
    timeZone,
    calls: { today: v.current.calls, yesterday: v.previous.calls },
    liveCalls: await liveConversations(tx, organizationId),
    newLeads: { today: l.current.leads, yesterday: l.previous.leads },
    reservations: { today: b.current.reservations, yesterday: b.previous.reservations },
    moveIns: { today: b.current.moveIns, yesterday: b.previous.moveIns },
    occupancy: {
      units: o.current.total.units,
      occupiedUnits: o.current.total.occupiedUnits,
      rate: o.current.total.unitOccupancy,
      yesterdayRate: o.previous.total.unitOccupancy,
    },
  };
}
