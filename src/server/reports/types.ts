import { z } from "zod";

import { daysInRange } from "@/lib/dates";
import { MAX_RANGE_DAYS } from "@/server/analytics/filters";
import { REPORT_KINDS, type ReportKind } from "@/server/db/schema";

/**
 * A report is a table: typed columns and rows of plain values, so CSV, PDF and the page preview
 * render the same data. Money is integer cents in the rows; renderers format it.
 */
export type ColumnFormat = "text" | "int" | "money" | "percent" | "date" | "datetime";

export interface ReportColumn {
  key: string;
  label: string;
  format: ColumnFormat;
  /** Relative width in the PDF. */
  width?: number;
}

export type Cell = string | number | null;
export type ReportRow = Record<string, Cell>;

export interface Report {
  kind: ReportKind;
  title: string;
  /** "2026-11-01 to 2026-11-30 · All facilities" */
  subtitle: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** A closing line of sums, where sums mean something. */
  totals: ReportRow | null;
}

export const REPORT_TITLES: Record<ReportKind, string> = {
  rent_roll: "Rent roll",
  reservations: "Reservations",
  leads_by_source: "Leads by source",
  call_log: "Call log",
  payments: "Payments",
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30.");

/** Dates are inclusive local dates (each row's facility clock); at most the analytics range at once. */
export const ZReportQuery = z
  .object({
    report: z.enum(REPORT_KINDS),
    from: isoDate,
    to: isoDate,
    facilityId: z.uuid().nullish(),
  })
  .refine((q) => q.from <= q.to, { message: "The start date must not be after the end date.", path: ["to"] })
  .refine((q) => daysInRange(q) <= MAX_RANGE_DAYS, {
    message: `A report covers at most ${MAX_RANGE_DAYS} days.`,
    path: ["from"],
  });
export type ReportQuery = z.infer<typeof ZReportQuery>;

/** The day after an ISO date (ranges run up to, not including, the next day's midnight). */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
