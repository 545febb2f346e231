import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";

import {
  datesOf,
  LEAD_SOURCE_OF_CHANNEL,
  optionalEq,
  ratio,
  RESERVATION_CHANNEL_OF_CHANNEL,
  type ParsedFilter,
} from "./filters";

/** Leads (from the daily lead rollup), follow-up results and bookings (reservations, move-ins). */

const n = (v: unknown) => Number(v ?? 0);

export interface LeadRow {
  key: string;
  label: string;
  leads: number;
  /** Leads that got a reservation (or were marked reserved), at any time so far. */
  reserved: number;
  /** Leads that moved in. */
  movedIn: number;
}
export interface SpeedToLead {
  /** Answered in the conversation that captured them: response time 0. */
  answeredLive: number;
  /** Reached later by a follow-up text or an outbound call or text. */
  contactedLater: number;
  notContacted: number;
  /** Mean seconds from the lead coming in to that later first contact (leads answered live excluded). */
  averageResponseSeconds: number | null;
  /** Shares of all leads whose first response came within 5 minutes / 1 hour / 24 hours (live counts as 0 s). */
  within5m: number | null;
  within1h: number | null;
  within24h: number | null;
}
export interface LeadFigures {
  leads: number;
  reserved: number;
  movedIn: number;
  bySource: LeadRow[];
  byFacility: LeadRow[];
  byDay: { date: string; leads: number }[];
  speed: SpeedToLead;
}

const LEAD_SOURCE_LABEL: Record<string, string> = {
  call: "Call",
  sms: "Text",
  chat: "Web chat",
  web: "Website",
  walk_in: "Walk-in",
};

export async function leadsFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<LeadFigures> {
  const source = f.channel ? LEAD_SOURCE_OF_CHANNEL[f.channel] : null;
  const rows = await tx.execute<Record<string, number | string | null>>(sql`
    SELECT d.*, fa.name AS facility_name FROM (
      SELECT source, facility_id, sum(leads)::int AS leads, sum(reserved)::int AS reserved, sum(moved_in)::int AS moved_in,
        sum(answered_live)::int AS answered_live, sum(contacted_later)::int AS contacted_later, sum(response_seconds)::float8 AS response_seconds,
        sum(within5m)::int AS within5m, sum(within1h)::int AS within1h, sum(within24h)::int AS within24h
      FROM analytics_lead_daily
      WHERE organization_id = ${organizationId} AND local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`facility_id`, f.facilityId)}${optionalEq(sql`source`, source)}
      GROUP BY source, facility_id
    ) d LEFT JOIN facility fa ON fa.id = d.facility_id`);
  const days = await tx.execute<{ date: string; leads: number }>(sql`
    SELECT local_date::text AS date, sum(leads)::int AS leads FROM analytics_lead_daily
    WHERE organization_id = ${organizationId} AND local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`facility_id`, f.facilityId)}${optionalEq(sql`source`, source)}
    GROUP BY local_date`);
  const leadsOn = new Map(days.rows.map((d) => [d.date, n(d.leads)]));
  const sum = (k: string) => rows.rows.reduce((s, r) => s + n(r[k]), 0);
  const group = (keyOf: (r: Record<string, unknown>) => [string, string]) => {
    const out = new Map<string, LeadRow>();
    for (const r of rows.rows) {
      const [key, label] = keyOf(r);
      const row = out.get(key) ?? { key, label, leads: 0, reserved: 0, movedIn: 0 };
      row.leads += n(r.leads);
      row.reserved += n(r.reserved);
      row.movedIn += n(r.moved_in);
      out.set(key, row);
    }
    return [...out.values()].sort((a, b) => b.leads - a.leads || a.key.localeCompare(b.key));
  };
  const leads = sum("leads");
  const answeredLive = sum("answered_live");
  const contactedLater = sum("contacted_later");
  return {
    leads,
    reserved: sum("reserved"),
    movedIn: sum("moved_in"),
    bySource: group((r) => [String(r.source), LEAD_SOURCE_LABEL[String(r.source)] ?? String(r.source)]),
    byFacility: group((r) => [
      r.facility_id ? String(r.facility_id) : "none",
      r.facility_name ? String(r.facility_name) : "No facility",
    ]),
    byDay: datesOf(f).map((date) => ({ date, leads: leadsOn.get(date) ?? 0 })),
    speed: {
      answeredLive,
      contactedLater,
      notContacted: leads - answeredLive - contactedLater,
      averageResponseSeconds: contactedLater ? Math.round(sum("response_seconds") / contactedLater) : null,
      within5m: ratio(sum("within5m"), leads),
      within1h: ratio(sum("within1h"), leads),
      within24h: ratio(sum("within24h"), leads),
    },
  };
}

export interface FollowUpFigures {
  /** Follow-up sequences started in the period. */
  sequences: number;
  active: number;
  completed: number;
  /** Why sequences stopped early: replied, reserved, opted_out, lead_closed, ... */
  stopped: Record<string, number>;
  /** Follow-up texts sent in the period. */
  textsSent: number;
  replyRate: number | null;
  reservedRate: number | null;
}

/** Follow-ups are texts, so the channel filter does not apply; the facility is the lead's. */
export async function followUpsFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<FollowUpFigures> {
  const rows = await tx.execute<{ kind: string; status: string; stop_reason: string; count: number }>(sql`
    SELECT kind, status, stop_reason, sum(count)::int AS count FROM analytics_follow_up_daily
    WHERE organization_id = ${organizationId} AND local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`facility_id`, f.facilityId)}
    GROUP BY 1, 2, 3`);
  const stopped: Record<string, number> = {};
  let sequences = 0;
  let active = 0;
  let completed = 0;
  let textsSent = 0;
  for (const r of rows.rows) {
    if (r.kind === "text") {
      textsSent += r.count;
      continue;
    }
    sequences += r.count;
    if (r.status === "active" || r.status === "paused") active += r.count;
    else if (r.status === "completed") completed += r.count;
    else stopped[r.stop_reason || r.status] = (stopped[r.stop_reason || r.status] ?? 0) + r.count;
  }
  return {
    sequences,
    active,
    completed,
    stopped,
    textsSent,
    replyRate: ratio(stopped.replied ?? 0, sequences),
    reservedRate: ratio(stopped.reserved ?? 0, sequences),
  };
}

export interface BookingFigures {
  /** Reservations made in the period (any status now). */
  reservations: number;
  /** Of those, cancelled or expired since. */
  lapsed: number;
  /** Rentals that started in the period: move-ins. */
  moveIns: number;
  byFacility: { key: string; label: string; reservations: number; moveIns: number }[];
}

/**
 * Reservations by the local day they were made and move-ins by their start date, from the bookings
 * rollup (analytics_booking_daily): one indexed read of the period's days, summed per facility.
 */
export async function bookingsFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<BookingFigures> {
  const channel = f.channel ? RESERVATION_CHANNEL_OF_CHANNEL[f.channel] : null;
  const rows = await tx.execute<{
    facility_id: string;
    name: string;
    reservations: number;
    lapsed: number;
    move_ins: number;
  }>(sql`
    WITH b AS MATERIALIZED (
      SELECT facility_id, sum(reservations)::int AS reservations, sum(lapsed)::int AS lapsed, sum(move_ins)::int AS move_ins
      FROM analytics_booking_daily
      WHERE organization_id = ${organizationId} AND local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`facility_id`, f.facilityId)}${optionalEq(sql`channel`, channel)}
      GROUP BY facility_id
    )
    SELECT b.facility_id, fa.name, b.reservations, b.lapsed, b.move_ins
    FROM b JOIN facility fa ON fa.id = b.facility_id
    WHERE b.reservations > 0 OR b.move_ins > 0`);
  const byFacility = rows.rows
    .map((r) => ({ key: r.facility_id, label: r.name, reservations: n(r.reservations), moveIns: n(r.move_ins) }))
    .sort((a, b) => b.reservations - a.reservations || a.label.localeCompare(b.label));
  return {
    reservations: byFacility.reduce((s, r) => s + r.reservations, 0),
    lapsed: rows.rows.reduce((s, r) => s + n(r.lapsed), 0),
    moveIns: byFacility.reduce((s, r) => s + r.moveIns, 0),
    byFacility,
  };
}
