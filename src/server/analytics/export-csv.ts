import "server-only";

import type { Executor } from "@/server/db/client";
import { csvField } from "@/lib/csv";

import { callVolume, leads, type AnalyticsFilter } from "./metrics";

/**
 * The Analytics page's daily table as CSV: one row per local date of the period with calls,
 * messages and new leads, from the metrics module (so the file and the page agree). Quoting and
 * the formula guard are the reports' (src/server/reports/csv.ts).
 */
export const ANALYTICS_CSV_COLUMNS = ["date", "calls", "messages", "conversations", "leads"] as const;

export async function analyticsCsv(
  tx: Executor,
  organizationId: string,
  filter: AnalyticsFilter,
): Promise<{ filename: string; body: string; rows: number }> {
  const volume = await callVolume(tx, organizationId, filter);
  const lead = await leads(tx, organizationId, filter);
  const leadsOn = new Map(lead.current.byDay.map((d) => [d.date, d.leads]));
  const lines = [ANALYTICS_CSV_COLUMNS.join(",")];
  for (const d of volume.current.byDay)
    lines.push(
      [csvField(d.date, false), d.calls, d.messages, d.calls + d.messages, leadsOn.get(d.date) ?? 0].join(","),
    );
  const { from, to } = volume.period;
  return {
    filename: `analytics_${from}_${to}.csv`,
    body: `\uFEFF${lines.join("\r\n")}\r\n`,
    rows: volume.current.byDay.length,
  };
}
