import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { addDays, datesOf, daysInRange, previousPeriod } from "@/lib/dates";
import type { Executor } from "@/server/db/client";
import { isoDate } from "@/lib/zod-dates";

/**
 * What every analytics figure is asked for: an inclusive range of local dates, optionally one
 * facility and one channel. A row belongs to the date on its facility's clock (the organization's
 * time zone when it has no facility), so a call at 23:30 in Chicago counts on that Chicago day.
 */
export const ANALYTICS_CHANNELS = ["voice", "sms", "chat"] as const;
export type AnalyticsChannel = (typeof ANALYTICS_CHANNELS)[number];
/** The longest range one query may ask for: a little over a year, so a year-on-year view fits. */
export const MAX_RANGE_DAYS = 400;

export const ZAnalyticsFilter = z
  .object({
    from: isoDate(),
    to: isoDate(),
    facilityId: z.uuid().nullish(),
    channel: z.enum(ANALYTICS_CHANNELS).nullish(),
  })
  .refine((f) => f.from <= f.to, { message: "The start date must be on or before the end date.", path: ["from"] })
  .refine((f) => daysInRange(f) <= MAX_RANGE_DAYS, {
    message: `Choose a range of at most ${MAX_RANGE_DAYS} days.`,
    path: ["to"],
  });
export type AnalyticsFilter = z.input<typeof ZAnalyticsFilter>;

export interface Period {
  from: string;
  to: string;
}

/** A figure for the chosen period with the same figure for the period just before it. */
export interface Compared<T> {
  period: Period;
  previousPeriod: Period;
  current: T;
  previous: T;
}

export { addDays, datesOf, daysInRange, previousPeriod };

/** Lead sources and reservation channels that correspond to a conversation channel. */
export const LEAD_SOURCE_OF_CHANNEL: Record<AnalyticsChannel, string> = { voice: "call", sms: "sms", chat: "chat" };
export const RESERVATION_CHANNEL_OF_CHANNEL: Record<AnalyticsChannel, string> = {
  voice: "phone",
  sms: "sms",
  chat: "chat",
};

export const DEFAULT_TIME_ZONE = "America/New_York";

/**
 * The organization's time zone: its first facility's (the one created first). Used for rows with
 * no facility and for "today" on the overview. SQL so it runs inside the query that needs it.
 */
export function orgTimeZoneSql(organizationId: string): SQL {
  return sql`coalesce((SELECT f.time_zone FROM facility f WHERE f.organization_id = ${organizationId} ORDER BY f.created_at, f.id LIMIT 1), ${DEFAULT_TIME_ZONE})`;
}

/** The organization's time zone (orgTimeZoneSql) read on its own. */
export async function readOrgTimeZone(ex: Executor, organizationId: string): Promise<string> {
  const r = await ex.execute<{ tz: string }>(sql`SELECT ${orgTimeZoneSql(organizationId)} AS tz`);
  return r.rows[0]?.tz ?? DEFAULT_TIME_ZONE;
}

/**
 * The time zone of the facility in `facilityId` (an SQL expression), looked up by primary key for
 * each row: joining the facility table instead could be planned as a scan of the rows per facility.
 */
export function facilityTimeZoneSql(facilityId: SQL): SQL {
  return sql`(SELECT tz.time_zone FROM facility tz WHERE tz.id = ${facilityId})`;
}

/**
 * `column` (a timestamptz) falls on a local date of `p` in time zone `tz` (an SQL expression).
 * The first two conditions are a UTC window wide enough for any zone (±14 h), so an index on the
 * column narrows the scan before the exact local-date test runs.
 */
export function localDateIn(column: SQL, tz: SQL, p: Period): SQL {
  return sql`${column} >= (${addDays(p.from, -1)}::date)::timestamp AT TIME ZONE 'UTC' AND ${column} < (${addDays(p.to, 2)}::date)::timestamp AT TIME ZONE 'UTC' AND (${column} AT TIME ZONE ${tz})::date BETWEEN ${p.from}::date AND ${p.to}::date`;
}

/** Optional equality: nothing when the filter is not set. */
export function optionalEq(column: SQL, value: string | null | undefined): SQL {
  return value ? sql` AND ${column} = ${value}` : sql``;
}

/** Parses and normalises a filter (throws ZodError on bad input). */
export function parseFilter(
  input: AnalyticsFilter,
): Period & { facilityId: string | null; channel: AnalyticsChannel | null } {
  const f = ZAnalyticsFilter.parse(input);
  return { from: f.from, to: f.to, facilityId: f.facilityId ?? null, channel: f.channel ?? null };
}
export type ParsedFilter = ReturnType<typeof parseFilter>;

/** A ratio rounded to 4 decimals, or null when the denominator is 0 (an empty period has no share). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}
