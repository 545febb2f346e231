import { bigint, date, index, integer, pgTable, primaryKey, text, unique, uuid } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/** The heat map's columns of analytics_conversation_daily: h00 ... h23. */
export const HEATMAP_HOURS = Array.from({ length: 24 }, (_, h) => `h${String(h).padStart(2, "0")}`);
const HOUR_COLUMNS = Object.fromEntries(HEATMAP_HOURS.map((h) => [h, integer().notNull().default(0)])) as Record<
  `h${string}`,
  ReturnType<typeof integer>
>;

/**
 * Analytics rollups (issue 9, docs/analytics.md). Raw rows stay the truth; these tables are a
 * cache of per-day sums so an organization with a million calls reads a few thousand rows.
 *
 * Triggers on conversation, lead, follow_up, reservation and rental (migration analytics_rollups)
 * write the UTC day of every changed row into `analytics_dirty_day`; `refreshRollups`
 * (src/server/analytics/rollups.ts) recomputes those days (± one, for time-zone offsets) before
 * any figure is read, and a DBOS scheduled step catches up all organizations in the background.
 *
 * Days are local dates: a conversation or lead belongs to the day on its facility's clock (the
 * organization's time zone when it has no facility), so "Tuesday" means Tuesday where it happened.
 */
export const analyticsDirtyDay = pgTable(
  "analytics_dirty_day",
  {
    organizationId: organizationId(),
    /** UTC date of the changed row's started_at / created_at. */
    day: date({ mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day] })],
);

/** One row per organization, local day, facility, channel and handler. */
export const analyticsConversationDaily = pgTable(
  "analytics_conversation_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    /** No foreign key: a deleted facility's history stays until its days are recomputed. */
    facilityId: uuid(),
    channel: text().notNull(),
    handler: text().notNull(),
    conversations: integer().notNull().default(0),
    ended: integer().notNull().default(0),
    afterHours: integer().notNull().default(0),
    outcomeReservation: integer().notNull().default(0),
    outcomeLead: integer().notNull().default(0),
    outcomeQuestionAnswered: integer().notNull().default(0),
    outcomeTransfer: integer().notNull().default(0),
    outcomeMessage: integer().notNull().default(0),
    outcomeAbandoned: integer().notNull().default(0),
    withLead: integer().notNull().default(0),
    withReservation: integer().notNull().default(0),
    movedIn: integer().notNull().default(0),
    turns: integer().notNull().default(0),
    durationSeconds: integer().notNull().default(0),
    withDuration: integer().notNull().default(0),
    sentimentPositive: integer().notNull().default(0),
    sentimentNeutral: integer().notNull().default(0),
    sentimentNegative: integer().notNull().default(0),
    /**
     * Conversations started in each local hour of the day (h00 = 00:00-00:59 ... h23): the heat map,
     * summed per date in the same read as the day's totals (the weekday comes from the date).
     */
    ...HOUR_COLUMNS,
  },
  (t) => [
    unique("analytics_conversation_daily_key")
      .on(t.organizationId, t.localDate, t.facilityId, t.channel, t.handler)
      .nullsNotDistinct(),
  ],
);

/** Leads by the local day they were created, facility and source, with what became of them. */
export const analyticsLeadDaily = pgTable(
  "analytics_lead_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    facilityId: uuid(),
    source: text().notNull(),
    leads: integer().notNull().default(0),
    /** Captured while talking to the agent or staff in an inbound conversation: response time 0. */
    answeredLive: integer().notNull().default(0),
    /** Reached afterwards by a follow-up text or an outbound call/text. */
    contactedLater: integer().notNull().default(0),
    responseSeconds: integer().notNull().default(0),
    within5m: integer().notNull().default(0),
    within1h: integer().notNull().default(0),
    within24h: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    movedIn: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_lead_daily_key").on(t.organizationId, t.localDate, t.facilityId, t.source).nullsNotDistinct(),
    index().on(t.organizationId, t.facilityId, t.localDate),
  ],
);

/** Caller turns the agent could not handle (intent out_of_scope or unclear), by their words. */
export const analyticsUnhandledDaily = pgTable(
  "analytics_unhandled_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    facilityId: uuid(),
    channel: text().notNull(),
    intent: text().notNull(),
    /** Lower-cased, whitespace collapsed, at most 200 characters. */
    text: text().notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_unhandled_daily_key")
      .on(t.organizationId, t.localDate, t.facilityId, t.channel, t.intent, t.text)
      .nullsNotDistinct(),
  ],
);

/**
 * Follow-ups by local day: `sequence` rows count sequences started that day by their status and
 * stop reason now; `text` rows count follow-up texts sent that day. Facility and time zone: the lead's.
 */
export const analyticsFollowUpDaily = pgTable(
  "analytics_follow_up_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    facilityId: uuid(),
    kind: text({ enum: ["sequence", "text"] }).notNull(),
    status: text().notNull(),
    stopReason: text().notNull().default(""),
    count: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_follow_up_daily_key")
      .on(t.organizationId, t.localDate, t.facilityId, t.kind, t.status, t.stopReason)
      .nullsNotDistinct(),
  ],
);

/**
 * Occupancy by local day, facility and unit type: move-ins (rentals by start date) and move-outs
 * (by moved_out_at on the facility's clock) with their monthly rent and square feet (the unit
 * type's size; resizing a type rebuilds its days), and rent collected (payments by the day
 * received). Occupancy on a date is the sum of move-ins minus move-outs up to it; the period's
 * series is the days in it. Rentals, payments and unit type sizes mark their days dirty.
 */
export const analyticsOccupancyDaily = pgTable(
  "analytics_occupancy_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    facilityId: uuid().notNull(),
    unitTypeId: uuid().notNull(),
    moveIns: integer().notNull().default(0),
    moveOuts: integer().notNull().default(0),
    rentInCents: bigint({ mode: "number" }).notNull().default(0),
    rentOutCents: bigint({ mode: "number" }).notNull().default(0),
    sqftIn: integer().notNull().default(0),
    sqftOut: integer().notNull().default(0),
    collectedCents: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.localDate, t.facilityId, t.unitTypeId] })],
);

/**
 * The sum of every analytics_occupancy_daily row of a facility's unit type, all history (units
 * occupied now, counting future-dated move-ins, and their monthly rent), kept equal to that sum by
 * `refreshRollups` in the transaction that rewrites the daily rows (what it deletes is subtracted,
 * what it inserts added). Occupancy as of a date is this minus the changes after the date, so the
 * figure reads the days after its period instead of every day before it.
 */
export const analyticsOccupancyTotal = pgTable(
  "analytics_occupancy_total",
  {
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    unitTypeId: uuid().notNull(),
    units: integer().notNull().default(0),
    rentCents: bigint({ mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.facilityId, t.unitTypeId] })],
);

/**
 * Bookings by local day, facility and channel: reservations made that day (on the facility's clock)
 * and how many of them have lapsed since (cancelled or expired, as they stand now), and move-ins
 * (rentals by start date, under their reservation's channel; null for a rental made without one).
 * Reservations mark their creation day dirty (insert, update, delete), rentals their start date.
 */
export const analyticsBookingDaily = pgTable(
  "analytics_booking_daily",
  {
    organizationId: organizationId(),
    localDate: date({ mode: "string" }).notNull(),
    facilityId: uuid().notNull(),
    /** The reservation's channel (phone, sms, chat, web, ...); null: a move-in with no reservation. */
    channel: text(),
    reservations: integer().notNull().default(0),
    lapsed: integer().notNull().default(0),
    moveIns: integer().notNull().default(0),
  },
  (t) => [
    unique("analytics_booking_daily_key").on(t.organizationId, t.localDate, t.facilityId, t.channel).nullsNotDistinct(),
  ],
);
