import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "@/env";
import { db } from "@/server/db/client";
import { emailAttachment, emailOutbox, reportDelivery, reportSchedule } from "@/server/db/schema";
import { enqueueWorkflow, workflowAdmin } from "@/server/jobs/client";
import { launchWorkflows, shutdownWorkflows } from "@/server/jobs/dbos";
import { WORKFLOWS } from "@/server/jobs/names";
import { buildReport } from "@/server/reports/build-report";
import { reportToCsv } from "@/server/reports/csv";
import { handleOutboxAttachment } from "@/server/reports/outbox-attachment";
import { sendDueReports } from "@/server/reports/send-scheduled";

import { callerFor, seedMember, seedOrganization, unique } from "../factories";
import { startFakeSmtp } from "../fakes/smtp-server";
import { isolateWorkflows } from "../jobs-harness";
import { seedReportData, type ReportSeed } from "./seed";

const iso = isolateWorkflows();
let s: ReportSeed;
beforeAll(async () => {
  s = await seedReportData();
  await launchWorkflows({ role: "test" });
}, 120_000);
afterAll(async () => {
  await shutdownWorkflows();
  await iso.dropSchema();
});

const mailTo = (to: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, to), eq(emailOutbox.kind, "scheduled_report")))
    .orderBy(emailOutbox.createdAt);
const attachmentsOf = (emailId: string) =>
  db.select().from(emailAttachment).where(eq(emailAttachment.emailId, emailId)).orderBy(emailAttachment.filename);

async function schedule(
  input: Parameters<Awaited<ReturnType<typeof callerFor>>["reports"]["createSchedule"]>[0],
  createdAt: string,
) {
  const owner = await callerFor(s.org.owner);
  const row = await owner.reports.createSchedule(input);
  await db
    .update(reportSchedule)
    .set({ createdAt: new Date(createdAt) })
    .where(eq(reportSchedule.id, row.id));
  return row;
}

describe("scheduled reports", () => {
  it("a monthly report goes out once for its month, with the CSV and the PDF attached", async () => {
    const to = [`${unique("boss")}@example.test`, `${unique("books")}@example.test`];
    const sched = await schedule(
      { report: "call_log", frequency: "monthly", recipients: [to[0]!, to[1]!.toUpperCase()] },
      "2026-10-20T12:00:00Z",
    );
    expect(sched.recipients).toEqual(to);

    await sendDueReports(new Date("2026-12-01T10:00:00Z"));
    await sendDueReports(new Date("2026-12-01T11:00:00Z"));
    await sendDueReports(new Date("2026-12-15T11:00:00Z"));
    for (const address of to) {
      const mails = await mailTo(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe(`Call log, month of 2026-11-01: Org ${s.org.slug}`);
      expect(mails[0]!.idempotencyKey).toBe(`report:${sched.id}:2026-11:${address}`);
      const files = await attachmentsOf(mails[0]!.id);
      expect(files.map((f) => [f.filename, f.contentType])).toEqual([
        ["call-log_2026-11-01_2026-11-30.csv", "text/csv; charset=utf-8"],
        ["call-log_2026-11-01_2026-11-30.pdf", "application/pdf"],
      ]);
      const expected = reportToCsv(
        await buildReport(s.org.id, { report: "call_log", from: "2026-11-01", to: "2026-11-30" }),
      );
      expect(files[0]!.content.toString("utf8")).toBe(expected);
      expect(files[1]!.content.subarray(0, 5).toString()).toBe("%PDF-");
    }
    const deliveries = await db.select().from(reportDelivery).where(eq(reportDelivery.scheduleId, sched.id));
    expect(deliveries.map((d) => [d.period, d.periodFrom, d.periodTo, d.rowCount, Boolean(d.sentAt)])).toEqual([
      ["2026-11", "2026-11-01", "2026-11-30", 2, true],
    ]);
  });

  it("a weekly report starts with the first week that ends after it was made, then one e-mail per week", async () => {
    const to = `${unique("weekly")}@example.test`;
    const sched = await schedule(
      { report: "reservations", frequency: "weekly", facilityId: s.facilityId, recipients: [to] },
      "2026-11-18T12:00:00Z",
    );
    await sendDueReports(new Date("2026-11-20T12:00:00Z")); // last complete week Nov 9-15: before the schedule
    expect(await mailTo(to)).toEqual([]);
    await sendDueReports(new Date("2026-11-23T15:00:00Z"));
    await sendDueReports(new Date("2026-11-24T15:00:00Z"));
    await sendDueReports(new Date("2026-11-30T15:00:00Z"));
    await sendDueReports(new Date("2026-11-30T16:00:00Z"));
    const mails = await mailTo(to);
    expect(mails.map((m) => m.idempotencyKey)).toEqual([
      `report:${sched.id}:2026-W47:${to}`,
      `report:${sched.id}:2026-W48:${to}`,
    ]);
    expect(mails[0]!.text).toContain("2026-11-16 to 2026-11-22 · Northgate Storage");
    // Disabled: nothing more.
    await (await callerFor(s.org.owner)).reports.updateSchedule({ scheduleId: sched.id, patch: { enabled: false } });
    // A later change that names only the recipients leaves it disabled.
    const changed = await (
      await callerFor(s.org.owner)
    ).reports.updateSchedule({ scheduleId: sched.id, patch: { recipients: [to, to.toUpperCase()] } });
    expect(changed).toMatchObject({ enabled: false, recipients: [to] });
    await sendDueReports(new Date("2026-12-07T15:00:00Z"));
    expect(await mailTo(to)).toHaveLength(2);
  });

  it("the hourly workflow sends what is due, once", async () => {
    const to = `${unique("wf")}@example.test`;
    await schedule({ report: "leads_by_source", frequency: "monthly", recipients: [to] }, "2026-10-01T00:00:00Z");
    const tick = new Date("2026-12-01T07:07:00Z");
    for (const id of ["a", "b"]) {
      const workflowId = await enqueueWorkflow({
        workflowName: WORKFLOWS.scheduledReports,
        workflowId: unique(`reports-${id}`),
        organizationId: s.org.id,
        args: [tick, null],
      });
      await (await workflowAdmin()).retrieveWorkflow(workflowId).getResult();
    }
    expect(await mailTo(to)).toHaveLength(1);
  }, 60_000);

  it("the outbox lists the attached files, and admins of the organization alone can download them", async () => {
    const to = `${unique("outbox")}@example.test`;
    await schedule({ report: "reservations", frequency: "monthly", recipients: [to] }, "2026-10-01T00:00:00Z");
    await sendDueReports(new Date("2026-12-01T12:07:00Z"));
    const [mail] = await mailTo(to);
    const listed = (await (await callerFor(s.org.owner)).organization.outbox()).find((m) => m.id === mail!.id)!;
    expect(listed.attachments.map((a) => a.filename)).toEqual([
      "reservations_2026-11-01_2026-11-30.csv",
      "reservations_2026-11-01_2026-11-30.pdf",
    ]);
    const csv = listed.attachments[0]!;
    const get = (headers: Headers) =>
      handleOutboxAttachment(new Request(`http://localhost/api/outbox/attachments/${csv.id}`, { headers }), csv.id);
    const res = await get(s.org.owner.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="reservations_2026-11-01_2026-11-30.csv"',
    );
    expect(await res.text()).toContain("RES-IN1");
    expect((await get((await seedMember(s.org, "manager")).headers)).status).toBe(403);
    expect((await get((await seedOrganization()).owner.headers)).status).toBe(404);
    expect((await get(new Headers())).status).toBe(401);
  });

  it("schedules are for managers: staff are refused, bad recipients and foreign facilities too", async () => {
    const staff = await callerFor(await seedMember(s.org, "staff"));
    await expect(staff.reports.schedules()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const owner = await callerFor(s.org.owner);
    await expect(
      owner.reports.createSchedule({ report: "rent_roll", frequency: "weekly", recipients: ["not-an-address"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      owner.reports.createSchedule({ report: "rent_roll", frequency: "weekly", recipients: [] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      owner.reports.createSchedule({
        report: "rent_roll",
        frequency: "weekly",
        recipients: ["a@example.test"],
        facilityId: "00000000-0000-4000-8000-000000000000",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const preview = await staff.reports.preview({ report: "rent_roll", from: "2026-11-01", to: "2026-11-30" });
    expect(preview.rowCount).toBe(5);
  });

  it("over SMTP, with the files attached; a refused e-mail leaves the period open and only it is re-sent", async () => {
    const smtp = await startFakeSmtp();
    const saved = env.SMTP_URL;
    env.SMTP_URL = smtp.url;
    try {
      const ok = `${unique("ok")}@example.test`;
      const flaky = `${unique("flaky")}@example.test`;
      const sched = await schedule(
        { report: "rent_roll", frequency: "monthly", recipients: [ok, flaky] },
        "2026-10-01T00:00:00Z",
      );
      smtp.onData((m) => (m.to.includes(flaky) ? "451 4.3.0 try again later" : undefined));
      await sendDueReports(new Date("2026-12-01T08:07:00Z"));
      expect(smtp.mailsTo(ok)).toHaveLength(1);
      expect(smtp.mailsTo(flaky)).toHaveLength(0);
      const [open] = await db.select().from(reportDelivery).where(eq(reportDelivery.scheduleId, sched.id));
      expect(open!.sentAt).toBeNull();

      smtp.onData(null);
      await sendDueReports(new Date("2026-12-01T09:07:00Z"));
      await sendDueReports(new Date("2026-12-01T10:07:00Z"));
      expect(smtp.mailsTo(ok)).toHaveLength(1);
      expect(smtp.mailsTo(flaky)).toHaveLength(1);
      const raw = smtp.mailsTo(flaky)[0]!.raw;
      expect(raw).toContain("filename=rent-roll_2026-11-01_2026-11-30.csv");
      expect(raw).toContain("filename=rent-roll_2026-11-01_2026-11-30.pdf");
      const [done] = await db.select().from(reportDelivery).where(eq(reportDelivery.scheduleId, sched.id));
      expect(done!.sentAt).not.toBeNull();
    } finally {
      env.SMTP_URL = saved;
      await smtp.close();
    }
  });
});
