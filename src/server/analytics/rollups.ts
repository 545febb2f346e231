import { sql } from "drizzle-orm";

import { db, withOrg, type Executor } from "@/server/db/client";
import { HEATMAP_HOURS } from "@/server/db/schema";

import { addDays, facilityTimeZoneSql, orgTimeZoneSql } from "./filters";

/**
 * Keeps the analytics rollups (src/server/db/schema/analytics.ts) equal to the raw rows.
 *
 * Triggers mark the UTC day of every changed conversation, lead, follow-up, message, reservation, rental or payment dirty; `refreshRollups` takes an
 * organization's dirty days, widens each by a day on both sides (a UTC day overlaps three local
 * days somewhere in the world) and recomputes those local days from scratch: delete, then insert
 * the sums. Recomputing, not adding deltas, means a replayed or out-of-order change cannot drift.
 *
 * Every figure calls it first, so what is read is always current; the scheduled catch-up
 * (src/server/jobs/workflows/analytics-rollups.ts) keeps the work at read time small.
 */

/**
 * Caller sentiment when the conversation has none stored: a fixed word list scored over the summary
 * (which quotes the caller's opening words and says how the conversation ended). Positive words
 * minus negative words: above zero positive, below zero negative, otherwise neutral. Deterministic
 * and documented in docs/analytics.md; a model that stores `conversation.sentiment` takes precedence.
 */
export const SENTIMENT_POSITIVE_WORDS = [
  "thank",
  "thanks",
  "great",
  "perfect",
  "awesome",
  "wonderful",
  "excellent",
  "appreciate",
  "helpful",
  "love",
  "made a reservation",
];
export const SENTIMENT_NEGATIVE_WORDS = [
  "angry",
  "upset",
  "frustrated",
  "frustrating",
  "terrible",
  "awful",
  "ridiculous",
  "rude",
  "worst",
  "unacceptable",
  "complaint",
  "hung up",
  "waste",
  "annoyed",
];
const wordsPattern = (words: readonly string[]) => `\\m(${words.map((w) => w.replace(/ /g, "\\s+")).join("|")})\\M`;
const POSITIVE_RE = wordsPattern(SENTIMENT_POSITIVE_WORDS);
const NEGATIVE_RE = wordsPattern(SENTIMENT_NEGATIVE_WORDS);

/** The TypeScript twin of the SQL below, for tests and the docs: same words, same rule. */
export function deriveSentiment(summary: string): "positive" | "neutral" | "negative" {
  const count = (re: string) => (summary.match(new RegExp(re.replace(/\\m|\\M/g, "\\b"), "gi")) ?? []).length;
  const score = count(POSITIVE_RE) - count(NEGATIVE_RE);
  return score > 0 ? "positive" : score < 0 ? "negative" : "neutral";
}

const sentimentSql = sql`coalesce(c.sentiment, CASE WHEN c.summary IS NULL THEN NULL ELSE (
    CASE sign((SELECT count(*) FROM regexp_matches(c.summary, ${POSITIVE_RE}, 'gi')) - (SELECT count(*) FROM regexp_matches(c.summary, ${NEGATIVE_RE}, 'gi')))
      WHEN 1 THEN 'positive' WHEN -1 THEN 'negative' ELSE 'neutral' END) END)`;

/**
 * After hours: the conversation started when the facility's office was closed, by the same rule
 * the agent uses (src/server/domain/facilities/office-hours.ts): a dated closure closes the whole day,
 * otherwise open when some range of that weekday has open <= HH:MM < close. No facility: not counted.
 */
const afterHoursSql = sql`CASE WHEN f.id IS NULL THEN false
  WHEN EXISTS (SELECT 1 FROM facility_closure fc WHERE fc.facility_id = f.id AND fc.date = c.local_ts::date) THEN true
  ELSE NOT EXISTS (
    SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(f.office_hours -> lower(to_char(c.local_ts, 'dy'))) = 'array' THEN f.office_hours -> lower(to_char(c.local_ts, 'dy')) ELSE '[]'::jsonb END) r
    WHERE r ->> 'open' <= to_char(c.local_ts, 'HH24:MI') AND to_char(c.local_ts, 'HH24:MI') < r ->> 'close')
  END`;

/**
 * Recomputes the organization's dirty days (at most `maxDays` of them, oldest first, when given:
 * the background catch-up works in bounded transactions); returns how many local days were rebuilt.
 */
export async function refreshRollups(tx: Executor, organizationId: string, maxDays?: number): Promise<number> {
  // One refresher per organization at a time; others wait, then find nothing left to do.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('analytics-rollups'), hashtext(${organizationId}))`);
  const limit = maxDays
    ? sql` AND day IN (SELECT day FROM analytics_dirty_day WHERE organization_id = ${organizationId} ORDER BY day LIMIT ${maxDays})`
    : sql``;
  const dirty = await tx.execute<{ day: string }>(
    sql`DELETE FROM analytics_dirty_day WHERE organization_id = ${organizationId}${limit} RETURNING day::text AS day`,
  );
  if (dirty.rows.length === 0) return 0;
  const days = new Set<string>();
  for (const { day } of dirty.rows) for (const d of [-1, 0, 1]) days.add(addDays(day, d));
  const dates = [...days].sort();
  await rebuildDays(tx, organizationId, dates);
  return dates.length;
}

/** Marks every day of the organization's history dirty (after a bulk load with triggers off, or a rule change). */
export async function markAllDirty(tx: Executor, organizationId: string): Promise<void> {
  await tx.execute(sql`
    INSERT INTO analytics_dirty_day (organization_id, day)
    SELECT ${organizationId}, d FROM (
      SELECT DISTINCT (started_at AT TIME ZONE 'UTC')::date AS d FROM conversation WHERE organization_id = ${organizationId}
      UNION SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM lead WHERE organization_id = ${organizationId}
      UNION SELECT DISTINCT start_date FROM rental WHERE organization_id = ${organizationId}
      UNION SELECT DISTINCT (moved_out_at AT TIME ZONE 'UTC')::date FROM rental WHERE organization_id = ${organizationId} AND moved_out_at IS NOT NULL
      UNION SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM payment WHERE organization_id = ${organizationId}
      UNION SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM reservation WHERE organization_id = ${organizationId}
    ) x ON CONFLICT DO NOTHING`);
}

async function rebuildDays(tx: Executor, organizationId: string, dates: string[]) {
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  const datesArray = sql`${`{${dates.join(",")}}`}::date[]`;
  // The UTC window that can hold any of these local dates (zones span -12 h to +14 h).
  const window = (col: string) =>
    sql`${sql.raw(col)} >= (${addDays(first, -1)}::date)::timestamp AT TIME ZONE 'UTC' AND ${sql.raw(col)} < (${addDays(last, 2)}::date)::timestamp AT TIME ZONE 'UTC'`;
  const tz = orgTimeZoneSql(organizationId);
  // The heat map: a count per local hour of the day, in the day's own row (h00 ... h23).
  const hourColumns = sql.raw(HEATMAP_HOURS.join(", "));
  const hourCounts = sql.raw(HEATMAP_HOURS.map((_, h) => `count(*) FILTER (WHERE hour = ${h})`).join(", "));

  for (const table of [
    "analytics_conversation_daily",
    "analytics_lead_daily",
    "analytics_unhandled_daily",
    "analytics_follow_up_daily",
    "analytics_booking_daily",
  ]) {
    await tx.execute(
      sql`DELETE FROM ${sql.identifier(table)} WHERE organization_id = ${organizationId} AND local_date = ANY(${datesArray})`,
    );
  }
  // The occupancy rows go with what they added to analytics_occupancy_total subtracted from it (the
  // insert below adds the rebuilt days back), so the total stays the sum of every daily row.
  await tx.execute(sql`
    WITH gone AS (
      DELETE FROM analytics_occupancy_daily WHERE organization_id = ${organizationId} AND local_date = ANY(${datesArray})
      RETURNING facility_id, unit_type_id, move_ins - move_outs AS units, rent_in_cents - rent_out_cents AS rent
    )
    INSERT INTO analytics_occupancy_total AS t (organization_id, facility_id, unit_type_id, units, rent_cents)
    SELECT ${organizationId}, facility_id, unit_type_id, -sum(units), -sum(rent) FROM gone GROUP BY facility_id, unit_type_id
    ON CONFLICT (organization_id, facility_id, unit_type_id)
    DO UPDATE SET units = t.units + excluded.units, rent_cents = t.rent_cents + excluded.rent_cents`);

  const conversations = sql`
    WITH tz AS (SELECT ${tz} AS name),
    c AS (
      SELECT c.*, (c.started_at AT TIME ZONE coalesce(f0.time_zone, tz.name)) AS local_ts
      FROM conversation c CROSS JOIN tz LEFT JOIN facility f0 ON f0.id = c.facility_id
      WHERE c.organization_id = ${organizationId} AND c.channel <> 'playground' AND ${window("c.started_at")}
    ),
    facts AS (
      SELECT c.organization_id, c.local_ts::date AS local_date, extract(hour FROM c.local_ts)::int AS hour, c.facility_id, c.channel, c.handler,
        c.status, c.outcome, c.lead_id, c.reservation_id, c.turn_count, c.duration_seconds,
        ${afterHoursSql} AS after_hours,
        ${sentimentSql} AS sentiment,
        (c.reservation_id IS NOT NULL AND EXISTS (SELECT 1 FROM rental re WHERE re.reservation_id = c.reservation_id)) AS moved_in
      FROM c LEFT JOIN facility f ON f.id = c.facility_id
      WHERE c.local_ts::date = ANY(${datesArray})
    )
    INSERT INTO analytics_conversation_daily (organization_id, local_date, facility_id, channel, handler, conversations, ended, after_hours,
      outcome_reservation, outcome_lead, outcome_question_answered, outcome_transfer, outcome_message, outcome_abandoned,
      with_lead, with_reservation, moved_in, turns, duration_seconds, with_duration, sentiment_positive, sentiment_neutral, sentiment_negative,
      ${hourColumns})
    SELECT organization_id, local_date, facility_id, channel, handler, count(*), count(*) FILTER (WHERE status = 'ended'), count(*) FILTER (WHERE after_hours),
      count(*) FILTER (WHERE outcome = 'reservation'), count(*) FILTER (WHERE outcome = 'lead'), count(*) FILTER (WHERE outcome = 'question_answered'),
      count(*) FILTER (WHERE outcome = 'transfer'), count(*) FILTER (WHERE outcome = 'message'), count(*) FILTER (WHERE outcome = 'abandoned'),
      count(*) FILTER (WHERE lead_id IS NOT NULL), count(*) FILTER (WHERE reservation_id IS NOT NULL), count(*) FILTER (WHERE moved_in),
      coalesce(sum(turn_count), 0), coalesce(sum(duration_seconds), 0), count(duration_seconds),
      count(*) FILTER (WHERE sentiment = 'positive'), count(*) FILTER (WHERE sentiment = 'neutral'), count(*) FILTER (WHERE sentiment = 'negative'),
      ${hourCounts}
    FROM facts GROUP BY organization_id, local_date, facility_id, channel, handler`;
  await tx.execute(conversations);

  // What callers said that the agent could not handle, by the conversation's local day.
  await tx.execute(sql`
    WITH tz AS (SELECT ${tz} AS name)
    INSERT INTO analytics_unhandled_daily (organization_id, local_date, facility_id, channel, intent, text, count)
    SELECT c.organization_id, (c.started_at AT TIME ZONE coalesce(f.time_zone, tz.name))::date AS local_date, c.facility_id, c.channel, m.intent,
      left(lower(regexp_replace(trim(m.text), '\\s+', ' ', 'g')), 200) AS text, count(*)
    FROM message m JOIN conversation c ON c.id = m.conversation_id CROSS JOIN tz LEFT JOIN facility f ON f.id = c.facility_id
    WHERE c.organization_id = ${organizationId} AND ${window("c.started_at")} AND c.channel <> 'playground' AND c.handler = 'agent'
      AND m.role = 'caller' AND m.intent IN ('out_of_scope', 'unclear')
      AND (c.started_at AT TIME ZONE coalesce(f.time_zone, tz.name))::date = ANY(${datesArray})
    GROUP BY 1, 2, 3, 4, 5, 6`);

  // Follow-ups: sequences by the day they started (status and stop reason now), texts by the day sent.
  await tx.execute(sql`
    WITH tz AS (SELECT ${tz} AS name),
    facts AS (
      SELECT s.organization_id, (s.created_at AT TIME ZONE coalesce(f.time_zone, tz.name))::date AS local_date, l.facility_id, 'sequence' AS kind, s.status, coalesce(s.stop_reason, '') AS stop_reason
      FROM follow_up_sequence s JOIN lead l ON l.id = s.lead_id CROSS JOIN tz LEFT JOIN facility f ON f.id = l.facility_id
      WHERE s.organization_id = ${organizationId} AND ${window("s.created_at")}
      UNION ALL
      SELECT fu.organization_id, (fu.sent_at AT TIME ZONE coalesce(f.time_zone, tz.name))::date, l.facility_id, 'text', 'sent', ''
      FROM follow_up fu JOIN lead l ON l.id = fu.lead_id CROSS JOIN tz LEFT JOIN facility f ON f.id = l.facility_id
      WHERE fu.organization_id = ${organizationId} AND fu.status = 'sent' AND ${window("fu.sent_at")}
    )
    INSERT INTO analytics_follow_up_daily (organization_id, local_date, facility_id, kind, status, stop_reason, count)
    SELECT organization_id, local_date, facility_id, kind, status, stop_reason, count(*) FROM facts
    WHERE local_date = ANY(${datesArray})
    GROUP BY 1, 2, 3, 4, 5, 6`);

  // Occupancy: move-ins by start date (a local date already), move-outs and payments (money that
  // came in: not pending or failed, net of what was refunded since) by the day on
  // the facility's clock, with the rent and the unit type's size. Rentals are found by the
  // (organization, start date) and (organization, moved out) indexes, payments by (organization,
  // received); a row's facility, unit and unit type are looked up by primary key (scalar
  // subqueries), never joined, so no plan can rescan a range per unit when statistics are missing.
  // What the rebuilt days add goes into analytics_occupancy_total.
  const unitTypeOf = sql`(SELECT u.unit_type_id FROM unit u WHERE u.id = x.unit_id)`;
  await tx.execute(sql`
    WITH added AS (
    INSERT INTO analytics_occupancy_daily (organization_id, local_date, facility_id, unit_type_id, move_ins, move_outs,
      rent_in_cents, rent_out_cents, sqft_in, sqft_out, collected_cents)
    SELECT ${organizationId}, g.local_date, g.facility_id, g.unit_type_id, g.move_ins, g.move_outs, g.rent_in, g.rent_out,
      g.move_ins * g.area, g.move_outs * g.area, g.collected
    FROM (
      SELECT y.local_date, y.facility_id, y.unit_type_id, sum(y.move_ins) AS move_ins, sum(y.move_outs) AS move_outs,
        sum(y.move_ins * y.rent) AS rent_in, sum(y.move_outs * y.rent) AS rent_out, sum(y.collected) AS collected,
        (SELECT ut.width_ft * ut.length_ft FROM unit_type ut WHERE ut.id = y.unit_type_id) AS area
      FROM (
        SELECT x.local_date, x.facility_id, ${unitTypeOf} AS unit_type_id, x.move_ins, x.move_outs, x.rent, x.collected FROM (
          SELECT re.start_date AS local_date, re.facility_id, re.unit_id, 1 AS move_ins, 0 AS move_outs, re.monthly_rate_cents::bigint AS rent, 0::bigint AS collected
          FROM rental re WHERE re.organization_id = ${organizationId} AND re.start_date = ANY(${datesArray})
          UNION ALL
          SELECT mo.local_date, mo.facility_id, mo.unit_id, 0, 1, mo.monthly_rate_cents, 0 FROM (
            SELECT (re.moved_out_at AT TIME ZONE ${facilityTimeZoneSql(sql`re.facility_id`)})::date AS local_date, re.facility_id, re.unit_id, re.monthly_rate_cents
            FROM rental re WHERE re.organization_id = ${organizationId} AND ${window("re.moved_out_at")}
          ) mo WHERE mo.local_date = ANY(${datesArray})
          UNION ALL
          SELECT pa.local_date, pa.facility_id, pa.unit_id, 0, 0, 0, pa.amount_cents FROM (
            SELECT (p.received_at AT TIME ZONE ${facilityTimeZoneSql(sql`re.facility_id`)})::date AS local_date, re.facility_id, re.unit_id, p.amount_cents - p.refunded_cents AS amount_cents
            FROM payment p, LATERAL (SELECT r.facility_id, r.unit_id FROM rental r WHERE r.id = p.rental_id OFFSET 0) re
            WHERE p.organization_id = ${organizationId} AND ${window("p.received_at")} AND p.status NOT IN ('pending', 'failed')
          ) pa WHERE pa.local_date = ANY(${datesArray})
        ) x
      ) y
      GROUP BY y.local_date, y.facility_id, y.unit_type_id
    ) g
    RETURNING facility_id, unit_type_id, move_ins - move_outs AS units, rent_in_cents - rent_out_cents AS rent
    )
    INSERT INTO analytics_occupancy_total AS t (organization_id, facility_id, unit_type_id, units, rent_cents)
    SELECT ${organizationId}, facility_id, unit_type_id, sum(units), sum(rent) FROM added GROUP BY facility_id, unit_type_id
    ON CONFLICT (organization_id, facility_id, unit_type_id)
    DO UPDATE SET units = t.units + excluded.units, rent_cents = t.rent_cents + excluded.rent_cents`);

  // Bookings: reservations by the day they were made on their facility's clock (found by the
  // (organization, created) index; lapsed = cancelled or expired now) and move-ins by start date
  // (the (organization, start date) index) under their reservation's channel. The facility's time
  // zone and the reservation's channel are looked up by primary key, never joined.
  await tx.execute(sql`
    INSERT INTO analytics_booking_daily (organization_id, local_date, facility_id, channel, reservations, lapsed, move_ins)
    SELECT ${organizationId}, x.local_date, x.facility_id, x.channel, sum(x.reservations), sum(x.lapsed), sum(x.move_ins)
    FROM (
      SELECT r.local_date, r.facility_id, r.channel, 1 AS reservations, (r.status IN ('cancelled', 'expired'))::int AS lapsed, 0 AS move_ins
      FROM (
        SELECT (r.created_at AT TIME ZONE ${facilityTimeZoneSql(sql`r.facility_id`)})::date AS local_date, r.facility_id, r.channel, r.status
        FROM reservation r WHERE r.organization_id = ${organizationId} AND ${window("r.created_at")}
      ) r WHERE r.local_date = ANY(${datesArray})
      UNION ALL
      SELECT re.start_date, re.facility_id, (SELECT r.channel FROM reservation r WHERE r.id = re.reservation_id), 0, 0, 1
      FROM rental re WHERE re.organization_id = ${organizationId} AND re.start_date = ANY(${datesArray})
    ) x
    GROUP BY x.local_date, x.facility_id, x.channel`);

  // Speed to lead: a lead captured in an inbound conversation was answered live (0 s); otherwise
  // the first follow-up text sent or outbound conversation after it came in is its first response.
  await tx.execute(sql`
    WITH tz AS (SELECT ${tz} AS name),
    l AS (
      SELECT l.id, l.organization_id, l.facility_id, l.source, l.status, l.created_at,
        (l.created_at AT TIME ZONE coalesce(f.time_zone, tz.name))::date AS local_date
      FROM lead l CROSS JOIN tz LEFT JOIN facility f ON f.id = l.facility_id
      WHERE l.organization_id = ${organizationId} AND ${window("l.created_at")}
    ),
    facts AS (
      SELECT l.*,
        EXISTS (SELECT 1 FROM conversation c WHERE c.lead_id = l.id AND c.direction = 'inbound' AND c.channel <> 'playground') AS live,
        (SELECT min(t) FROM (
          SELECT fu.sent_at AS t FROM follow_up fu WHERE fu.organization_id = l.organization_id AND fu.lead_id = l.id AND fu.sent_at >= l.created_at
          UNION ALL
          SELECT c.started_at FROM conversation c WHERE c.lead_id = l.id AND c.direction = 'outbound' AND c.started_at >= l.created_at
        ) touches) AS first_touch,
        (l.status IN ('reserved', 'moved_in') OR EXISTS (SELECT 1 FROM reservation r WHERE r.lead_id = l.id)) AS reserved,
        (l.status = 'moved_in' OR EXISTS (SELECT 1 FROM reservation r JOIN rental re ON re.reservation_id = r.id WHERE r.lead_id = l.id)) AS moved_in
      FROM l WHERE l.local_date = ANY(${datesArray})
    ),
    timed AS (
      SELECT *, CASE WHEN live THEN 0 WHEN first_touch IS NOT NULL THEN extract(epoch FROM first_touch - created_at)::int END AS response_s FROM facts
    )
    INSERT INTO analytics_lead_daily (organization_id, local_date, facility_id, source, leads, answered_live, contacted_later, response_seconds,
      within5m, within1h, within24h, reserved, moved_in)
    SELECT organization_id, local_date, facility_id, source, count(*), count(*) FILTER (WHERE live), count(*) FILTER (WHERE NOT live AND first_touch IS NOT NULL),
      coalesce(sum(response_s), 0), count(*) FILTER (WHERE response_s <= 300), count(*) FILTER (WHERE response_s <= 3600), count(*) FILTER (WHERE response_s <= 86400),
      count(*) FILTER (WHERE reserved), count(*) FILTER (WHERE moved_in)
    FROM timed GROUP BY organization_id, local_date, facility_id, source`);
}

/**
 * Every organization with dirty days, caught up one at a time (each in its own tenant
 * transaction). The scheduled workflow runs this, so reads rarely find more than a few days to do.
 */
const CATCH_UP_DAYS_PER_TRANSACTION = 31;

export async function refreshAllDirty(): Promise<{ organizations: number; days: number }> {
  const orgs = await db.execute<{ organization_id: string }>(
    sql`SELECT DISTINCT organization_id FROM analytics_dirty_day`,
  );
  let days = 0;
  for (const { organization_id } of orgs.rows) {
    // A month of days per transaction: a long backlog commits as it goes instead of all or nothing.
    for (let done = -1; done !== 0;) {
      done = await withOrg(organization_id, (tx) => refreshRollups(tx, organization_id, CATCH_UP_DAYS_PER_TRANSACTION));
      days += done;
    }
  }
  return { organizations: orgs.rows.length, days };
}
