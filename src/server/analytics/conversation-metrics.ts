import { sql, type SQL } from "drizzle-orm";

import { CONVERSATION_OUTCOMES, HEATMAP_HOURS, type ConversationOutcome } from "@/server/db/schema";
import type { Executor } from "@/server/db/client";

import { datesOf, optionalEq, ratio, type ParsedFilter } from "./filters";

/**
 * Figures about conversations (calls, texts, chats; never playground sessions), read from the
 * daily rollups. Each takes a parsed filter for ONE period; metrics.ts pairs it with the previous.
 */

const n = (v: unknown) => Number(v ?? 0);

/** The rollup rows of a period, optionally one facility and one channel (and one handler). */
function rollupWhere(organizationId: string, f: ParsedFilter, handler?: "agent" | "staff"): SQL {
  return sql`organization_id = ${organizationId} AND local_date BETWEEN ${f.from}::date AND ${f.to}::date${optionalEq(sql`facility_id`, f.facilityId)}${optionalEq(sql`channel`, f.channel)}${optionalEq(sql`handler`, handler)}`;
}

export interface VolumeFigures {
  /** Every conversation: calls plus message threads. */
  conversations: number;
  /** Voice conversations. */
  calls: number;
  /** SMS threads and web chats. */
  messages: number;
  /** Started while the facility's office was closed. */
  afterHours: number;
  afterHoursShare: number | null;
  byDay: { date: string; calls: number; messages: number }[];
  /** heatmap[weekday][hour]: weekday 0 = Monday ... 6 = Sunday, hour 0-23 local. */
  heatmap: number[][];
}

/** A date's weekday, 0 = Monday ... 6 = Sunday (ISO order, as the heat map's rows). */
const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

export async function volumeFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<VolumeFigures> {
  // One read of the daily rollup: per date, the totals and the 24 hour counts of the heat map (at
  // most 400 rows out, whatever the period holds).
  const days = await tx.execute<Record<string, number | string>>(sql`
    SELECT local_date::text AS date, coalesce(sum(conversations) FILTER (WHERE channel = 'voice'), 0)::int AS calls,
      coalesce(sum(conversations) FILTER (WHERE channel <> 'voice'), 0)::int AS messages, sum(after_hours)::int AS after_hours,
      ${sql.raw(HEATMAP_HOURS.map((h) => `sum(${h})::int AS ${h}`).join(", "))}
    FROM analytics_conversation_daily WHERE ${rollupWhere(organizationId, f)} GROUP BY local_date`);
  const byDate = new Map(days.rows.map((r) => [String(r.date), r]));
  const byDay = datesOf(f).map((date) => ({
    date,
    calls: n(byDate.get(date)?.calls),
    messages: n(byDate.get(date)?.messages),
  }));
  const heatmap = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const r of days.rows) {
    const row = heatmap[weekdayOf(String(r.date))]!;
    HEATMAP_HOURS.forEach((h, hour) => (row[hour]! += n(r[h])));
  }
  const calls = byDay.reduce((s, d) => s + d.calls, 0);
  const messages = byDay.reduce((s, d) => s + d.messages, 0);
  const afterHours = days.rows.reduce((s, r) => s + n(r.after_hours), 0);
  return {
    conversations: calls + messages,
    calls,
    messages,
    afterHours,
    afterHoursShare: ratio(afterHours, calls + messages),
    byDay,
    heatmap,
  };
}

export type OutcomeKey = ConversationOutcome | "none";
export interface OutcomeFigures {
  conversations: number;
  /** `none`: still active, or ended without an outcome yet (the post-call step fills it in). */
  counts: Record<OutcomeKey, number>;
  shares: Record<OutcomeKey, number | null>;
}

export async function outcomesFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<OutcomeFigures> {
  const [r] = (
    await tx.execute<Record<string, number>>(sql`
    SELECT coalesce(sum(conversations), 0)::int AS conversations, coalesce(sum(outcome_reservation), 0)::int AS reservation, coalesce(sum(outcome_lead), 0)::int AS lead,
      coalesce(sum(outcome_question_answered), 0)::int AS question_answered, coalesce(sum(outcome_transfer), 0)::int AS transfer,
      coalesce(sum(outcome_message), 0)::int AS message, coalesce(sum(outcome_abandoned), 0)::int AS abandoned
    FROM analytics_conversation_daily WHERE ${rollupWhere(organizationId, f)}`)
  ).rows;
  const conversations = n(r?.conversations);
  const counts = Object.fromEntries(CONVERSATION_OUTCOMES.map((o) => [o, n(r?.[o])])) as Record<OutcomeKey, number>;
  counts.none = conversations - CONVERSATION_OUTCOMES.reduce((s, o) => s + counts[o], 0);
  const shares = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, ratio(v, conversations)])) as Record<
    OutcomeKey,
    number | null
  >;
  return { conversations, counts, shares };
}

export interface FunnelRow {
  key: string;
  label: string;
  /** Conversations started in the period. */
  conversations: number;
  /** ... that captured a lead. */
  leads: number;
  /** ... that made a reservation. */
  reservations: number;
  /** ... whose reservation became a rental (a move-in), whenever that happened. */
  moveIns: number;
}
export interface FunnelFigures {
  total: FunnelRow;
  /** By channel, named as lead sources: call, sms, chat. */
  bySource: FunnelRow[];
  byFacility: FunnelRow[];
  byHandler: FunnelRow[];
}

const SOURCE_LABEL: Record<string, string> = { voice: "Calls", sms: "Texts", chat: "Web chat" };
const HANDLER_LABEL: Record<string, string> = { agent: "Agent", staff: "Staff" };

export async function funnelFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<FunnelFigures> {
  const rows = await tx.execute<{
    channel: string;
    facility_id: string | null;
    facility_name: string | null;
    handler: string;
    c: number;
    l: number;
    r: number;
    m: number;
  }>(sql`
    SELECT d.*, fa.name AS facility_name FROM (
      SELECT channel, facility_id, handler, sum(conversations)::int AS c, sum(with_lead)::int AS l, sum(with_reservation)::int AS r, sum(moved_in)::int AS m
      FROM analytics_conversation_daily WHERE ${rollupWhere(organizationId, f)} GROUP BY channel, facility_id, handler
    ) d LEFT JOIN facility fa ON fa.id = d.facility_id`);
  const group = (keyOf: (r: (typeof rows.rows)[number]) => [string, string]) => {
    const out = new Map<string, FunnelRow>();
    for (const r of rows.rows) {
      const [key, label] = keyOf(r);
      const row = out.get(key) ?? { key, label, conversations: 0, leads: 0, reservations: 0, moveIns: 0 };
      row.conversations += n(r.c);
      row.leads += n(r.l);
      row.reservations += n(r.r);
      row.moveIns += n(r.m);
      out.set(key, row);
    }
    return [...out.values()].sort((a, b) => b.conversations - a.conversations || a.key.localeCompare(b.key));
  };
  const total = group(() => ["all", "All"])[0] ?? {
    key: "all",
    label: "All",
    conversations: 0,
    leads: 0,
    reservations: 0,
    moveIns: 0,
  };
  return {
    total,
    bySource: group((r) => [r.channel, SOURCE_LABEL[r.channel] ?? r.channel]),
    byFacility: group((r) => [r.facility_id ?? "none", r.facility_name ?? "No facility"]),
    byHandler: group((r) => [r.handler, HANDLER_LABEL[r.handler] ?? r.handler]),
  };
}

export interface AgentQualityFigures {
  /** Conversations the agent handled (handler = agent). */
  conversations: number;
  ended: number;
  /** Ended with a reservation, a lead or the questions answered, out of those ended with an outcome. */
  taskSuccess: number;
  taskSuccessRate: number | null;
  transfers: number;
  transferRate: number | null;
  averageTurns: number | null;
  averageDurationSeconds: number | null;
  sentiment: { positive: number; neutral: number; negative: number };
  /** Caller turns the agent classified as out of scope or unclear, grouped by their words. */
  topUnhandled: { text: string; intent: string; count: number }[];
  unhandledByIntent: { intent: string; count: number }[];
}

export async function agentQualityFor(
  tx: Executor,
  organizationId: string,
  f: ParsedFilter,
): Promise<AgentQualityFigures> {
  const [r] = (
    await tx.execute<Record<string, number>>(sql`
    SELECT coalesce(sum(conversations), 0)::int AS conversations, coalesce(sum(ended), 0)::int AS ended,
      coalesce(sum(outcome_reservation + outcome_lead + outcome_question_answered), 0)::int AS success,
      coalesce(sum(outcome_reservation + outcome_lead + outcome_question_answered + outcome_transfer + outcome_message + outcome_abandoned), 0)::int AS with_outcome,
      coalesce(sum(outcome_transfer), 0)::int AS transfers, coalesce(sum(turns), 0)::float8 AS turns,
      coalesce(sum(duration_seconds), 0)::float8 AS duration, coalesce(sum(with_duration), 0)::int AS with_duration,
      coalesce(sum(sentiment_positive), 0)::int AS positive, coalesce(sum(sentiment_neutral), 0)::int AS neutral, coalesce(sum(sentiment_negative), 0)::int AS negative
    FROM analytics_conversation_daily WHERE ${rollupWhere(organizationId, f, "agent")}`)
  ).rows;
  const conversations = n(r?.conversations);
  const unhandled = await unhandledFor(tx, organizationId, f);
  const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    conversations,
    ended: n(r?.ended),
    taskSuccess: n(r?.success),
    taskSuccessRate: ratio(n(r?.success), n(r?.with_outcome)),
    transfers: n(r?.transfers),
    transferRate: ratio(n(r?.transfers), n(r?.with_outcome)),
    averageTurns: round1(conversations ? n(r?.turns) / conversations : null),
    averageDurationSeconds: round1(n(r?.with_duration) ? n(r?.duration) / n(r?.with_duration) : null),
    sentiment: { positive: n(r?.positive), neutral: n(r?.neutral), negative: n(r?.negative) },
    ...unhandled,
  };
}

/** From the unhandled-questions rollup: turns are counted on their conversation's local day. */
async function unhandledFor(tx: Executor, organizationId: string, f: ParsedFilter) {
  const rows = await tx.execute<{ text: string; intent: string; count: number }>(sql`
    SELECT text, intent, sum(count)::int AS count FROM analytics_unhandled_daily
    WHERE ${rollupWhere(organizationId, f)}
    GROUP BY text, intent`);
  const topUnhandled = [...rows.rows].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)).slice(0, 10);
  const byIntent = new Map<string, number>();
  for (const row of rows.rows) byIntent.set(row.intent, (byIntent.get(row.intent) ?? 0) + row.count);
  return {
    topUnhandled,
    unhandledByIntent: [...byIntent].map(([intent, count]) => ({ intent, count })).sort((a, b) => b.count - a.count),
  };
}

/** Conversations going on right now (not playground): the overview's "live" card. */
export async function liveConversations(
  tx: Executor,
  organizationId: string,
  facilityId?: string | null,
): Promise<number> {
  // A call whose end was never reported (a lost status callback) must not stay "live" for ever.
  const r = await tx.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM conversation
    WHERE organization_id = ${organizationId} AND status = 'active' AND channel <> 'playground' AND started_at > now() - interval '4 hours'${optionalEq(sql`facility_id`, facilityId)}`);
  return n(r.rows[0]?.n);
}
