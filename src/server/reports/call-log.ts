import { and, asc, eq, inArray, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { conversation, customer, facility } from "@/server/db/schema";

import { reportScope, subtitle } from "./scope";
import { nextDay, REPORT_TITLES, type Report, type ReportQuery } from "./types";

/** Past this many rows a report says so and stops: a download, not a data export. */
export const MAX_REPORT_ROWS = 50_000;

/**
 * Calls, texts and chats that started in the range (playground sessions are not customer contact).
 * `limit` (the page preview) reads only that many rows and counts the rest.
 */
export async function callLog(
  tx: Transaction,
  organizationId: string,
  q: ReportQuery,
  opts: { limit?: number } = {},
): Promise<Report & { rowCount?: number }> {
  const scope = await reportScope(tx, organizationId, q);
  const local = sql`(${conversation.startedAt} at time zone coalesce(${facility.timeZone}, ${scope.defaultTimeZone}))`;
  const where = and(
    eq(conversation.organizationId, organizationId),
    q.facilityId ? eq(conversation.facilityId, q.facilityId) : undefined,
    inArray(conversation.channel, ["voice", "sms", "chat"]),
    sql`${conversation.startedAt} >= ${q.from}::date - 1 and ${conversation.startedAt} < ${nextDay(q.to)}::date + 1`,
    sql`${local} >= ${q.from}::date and ${local} < ${nextDay(q.to)}::date`,
  );
  const max = opts.limit ?? MAX_REPORT_ROWS;
  const rows = await tx
    .select({
      started: sql<string>`to_char(${local}, 'YYYY-MM-DD HH24:MI')`,
      facility: facility.name,
      channel: conversation.channel,
      direction: conversation.direction,
      from: conversation.fromAddress,
      to: conversation.toAddress,
      customer: customer.name,
      duration: conversation.durationSeconds,
      handler: conversation.handler,
      outcome: conversation.outcome,
      summary: conversation.summary,
    })
    .from(conversation)
    .leftJoin(facility, eq(facility.id, conversation.facilityId))
    .leftJoin(customer, eq(customer.id, conversation.customerId))
    .where(where)
    .orderBy(asc(conversation.startedAt), asc(conversation.id))
    .limit(max + 1);
  const truncated = !opts.limit && rows.length > MAX_REPORT_ROWS;
  let rowCount: number | undefined;
  if (opts.limit && rows.length > opts.limit) {
    const [c] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(conversation)
      .leftJoin(facility, eq(facility.id, conversation.facilityId))
      .where(where);
    rowCount = Math.min(c?.n ?? 0, MAX_REPORT_ROWS);
  }
  const out = rows.slice(0, max).map((r) => ({
    ...r,
    facility: r.facility ?? "",
    from: r.from ?? "",
    to: r.to ?? "",
    customer: r.customer ?? "",
    outcome: r.outcome ?? "",
    summary: r.summary ?? "",
  }));
  const seconds = out.reduce((s, r) => s + (r.duration ?? 0), 0);
  return {
    kind: "call_log",
    title: REPORT_TITLES.call_log,
    subtitle: subtitle(q, scope) + (truncated ? ` · first ${MAX_REPORT_ROWS.toLocaleString("en-US")} rows` : ""),
    columns: [
      { key: "started", label: "Started", format: "datetime", width: 2.2 },
      { key: "facility", label: "Facility", format: "text", width: 2.2 },
      { key: "channel", label: "Channel", format: "text", width: 1.1 },
      { key: "direction", label: "Direction", format: "text", width: 1.2 },
      { key: "from", label: "From", format: "text", width: 2 },
      { key: "to", label: "To", format: "text", width: 2 },
      { key: "customer", label: "Customer", format: "text", width: 2 },
      { key: "duration", label: "Seconds", format: "int", width: 1.3 },
      { key: "handler", label: "Handler", format: "text", width: 1.1 },
      { key: "outcome", label: "Outcome", format: "text", width: 1.8 },
      { key: "summary", label: "Summary", format: "text", width: 5 },
    ],
    rows: out,
    totals:
      rowCount === undefined ? { started: "Total", facility: `${out.length} conversations`, duration: seconds } : null,
    rowCount,
  };
}
