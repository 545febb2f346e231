import { and, asc, eq, isNull } from "drizzle-orm";

import { DEFAULT_TIME_ZONE } from "@/server/analytics/filters";
import { db } from "@/server/db/client";
import { facility, reportDelivery, reportSchedule } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { sendEmail } from "@/server/integrations/email";
import { log } from "@/server/log";

import { buildReport } from "./build-report";
import { lastCompletePeriod, type ReportPeriod } from "./periods";
import { organizationName, renderReport } from "./render";
import { REPORT_TITLES } from "./types";

/**
 * Sends every enabled schedule's report for its last complete period, once. Called hourly by the
 * scheduledReports workflow (src/server/jobs/workflows/scheduled-reports.ts) with the tick's time.
 *
 * Once per (schedule, period): a report_delivery row is claimed first (unique on the pair); the
 * e-mails carry the idempotency key report:<schedule>:<period>:<recipient>, so a crash between
 * claiming and sending re-sends only what did not go out, on the next run. A period that ended
 * before the schedule existed is not sent: a new weekly schedule starts with the coming week.
 */
export async function sendDueReports(at: Date | string = new Date()): Promise<{ sent: number; failed: number }> {
  const now = new Date(at); // a workflow argument may arrive serialized
  const schedules = await db
    .select({ s: reportSchedule, facilityTimeZone: facility.timeZone })
    .from(reportSchedule)
    .leftJoin(facility, eq(facility.id, reportSchedule.facilityId))
    .where(eq(reportSchedule.enabled, true))
    .orderBy(asc(reportSchedule.createdAt));
  let sent = 0;
  let failed = 0;
  for (const { s, facilityTimeZone } of schedules) {
    const timeZone = facilityTimeZone ?? (await defaultTimeZone(s.organizationId));
    const period = lastCompletePeriod(s.frequency, now, timeZone);
    if (period.to < localDate(timeZone, s.createdAt)) continue;
    try {
      if (await sendScheduleReport(s, period)) sent++;
    } catch (err) {
      failed++;
      log.error(
        { scheduleId: s.id, period: period.key, err: String(err) },
        "scheduled report failed; the next run retries it",
      );
    }
  }
  return { sent, failed };
}

async function defaultTimeZone(organizationId: string) {
  const [f] = await db
    .select({ tz: facility.timeZone })
    .from(facility)
    .where(eq(facility.organizationId, organizationId))
    .orderBy(asc(facility.createdAt))
    .limit(1);
  return f?.tz ?? DEFAULT_TIME_ZONE;
}

/** Sends one schedule's period if it has not gone out yet. Returns whether it sent now. */
export async function sendScheduleReport(
  s: typeof reportSchedule.$inferSelect,
  period: ReportPeriod,
): Promise<boolean> {
  await db
    .insert(reportDelivery)
    .values({
      organizationId: s.organizationId,
      scheduleId: s.id,
      period: period.key,
      periodFrom: period.from,
      periodTo: period.to,
    })
    .onConflictDoNothing();
  const [delivery] = await db
    .select()
    .from(reportDelivery)
    .where(
      and(eq(reportDelivery.scheduleId, s.id), eq(reportDelivery.period, period.key), isNull(reportDelivery.sentAt)),
    );
  if (!delivery) return false;

  const q = { report: s.report, from: period.from, to: period.to, facilityId: s.facilityId };
  const report = await buildReport(s.organizationId, q);
  const [csv, pdf] = await Promise.all([
    renderReport(s.organizationId, q, "csv", report),
    renderReport(s.organizationId, q, "pdf", report),
  ]);
  const org = (await organizationName(s.organizationId)) ?? "Storage Agent";
  const title = REPORT_TITLES[s.report];
  const subject = `${title}, ${s.frequency === "weekly" ? "week" : "month"} of ${period.from}: ${org}`;
  const text = [
    `${title} for ${org}`,
    report.subtitle,
    `${report.rows.length} rows. The CSV and PDF are attached.`,
    "",
    `You receive this ${s.frequency} report because a manager of ${org} scheduled it (Analytics > Reports).`,
  ].join("\n");
  let failed = 0;
  for (const to of s.recipients) {
    const result = await sendEmail({
      to,
      subject,
      text,
      kind: "scheduled_report",
      organizationId: s.organizationId,
      idempotencyKey: `report:${s.id}:${period.key}:${to}`,
      attachments: [csv, pdf].map((r) => ({ filename: r.filename, contentType: r.contentType, content: r.body })),
    });
    if (result.status === "failed") failed++;
  }
  // An SMTP failure leaves the period unsent: the next hourly run re-sends the failed e-mails only
  // (sendEmail re-sends a failed row under the same key and never repeats one that went out).
  if (failed) throw new Error(`${failed} of ${s.recipients.length} report e-mails failed`);
  await db
    .update(reportDelivery)
    .set({ sentAt: new Date(), rowCount: report.rows.length })
    .where(eq(reportDelivery.id, delivery.id));
  return true;
}
