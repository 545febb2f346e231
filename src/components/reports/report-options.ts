import type { ReportKind } from "@/server/db/schema";

/** What each report is, for the Reports page and the schedule form. */
export const REPORTS: { kind: ReportKind; label: string; description: string }[] = [
  {
    kind: "rent_roll",
    label: "Rent roll",
    description: "Every unit as of the last day: tenant, rent, street rate, variance and balance.",
  },
  {
    kind: "reservations",
    label: "Reservations",
    description: "Reservations made in the period, with unit, rate, channel and status.",
  },
  {
    kind: "leads_by_source",
    label: "Leads by source",
    description: "New leads per source and where they stand now, with the conversion rate.",
  },
  {
    kind: "call_log",
    label: "Call log",
    description: "Calls, texts and chats with caller, duration, outcome and summary.",
  },
  {
    kind: "payments",
    label: "Payments",
    description: "Payments received in the period: customer, how it came in, amount, refunded and net.",
  },
];

export const reportLabel = (kind: ReportKind) => REPORTS.find((r) => r.kind === kind)?.label ?? kind;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The last 30 days, ending today. */
export function defaultRange(now = new Date()): { from: string; to: string } {
  return { from: iso(new Date(now.getTime() - 29 * 86_400_000)), to: iso(now) };
}

export function downloadHref(
  q: { report: ReportKind; from: string; to: string; facilityId: string },
  format: "csv" | "pdf",
) {
  const params = new URLSearchParams({ from: q.from, to: q.to, format });
  if (q.facilityId) params.set("facilityId", q.facilityId);
  return `/api/reports/${q.report}?${params.toString()}`;
}
