import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { customer, followUpSequence, lead } from "@/server/db/schema";
import { enqueueWorkflow, workflowAdmin } from "@/server/jobs/client";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { WORKFLOWS } from "@/server/jobs/names";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { callerFor, seedMember } from "../../../tests/factories";
import { seedLeadWithNumber, setUpWorkflowTests, waitFor } from "../../../tests/jobs-harness";

/** What members see and do through tRPC: a lead's follow-ups (pause/resume/cancel) and failed workflows (retry). */
const h = setUpWorkflowTests({ timeScale: 0.02 });

describe("followUps router", () => {
  it("lets staff pause, resume and cancel a lead's follow-ups, and shows scheduled and past texts", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: { start: "00:00", end: "24:00" },
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 2, template: "reminder" },
        { delayMinutes: 600, template: "last" },
      ],
    });
    const staff = await callerFor(await seedMember(s.org, "staff"));
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "router-test" });
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the first text");

    await staff.followUps.pause({ leadId: s.leadId });
    const paused = await waitFor(async () => {
      const v = await staff.followUps.forLead({ leadId: s.leadId });
      return v.sequences[0]?.status === "paused" ? v : null;
    }, "the sequence to pause");
    expect(paused.canResume).toBe(true);
    expect(paused.sequences[0]!.followUps.map((f) => [f.template, f.status])).toEqual([
      ["quote", "sent"],
      ["reminder", "scheduled"],
    ]);
    // The reminder was due 2.4 s after the start; paused, it does not go out.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);

    await staff.followUps.resume({ leadId: s.leadId });
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 2, "the overdue reminder after resuming");
    const resumed = await waitFor(async () => {
      const v = await staff.followUps.forLead({ leadId: s.leadId });
      return v.sequences[0]!.followUps.length === 3 ? v : null;
    }, "the last text to be scheduled");
    expect(resumed.sequences[0]!.status).toBe("active");
    expect(resumed.nextFollowUpAt).not.toBeNull();

    await staff.followUps.cancel({ leadId: s.leadId });
    const cancelled = await waitFor(async () => {
      const v = await staff.followUps.forLead({ leadId: s.leadId });
      return v.sequences[0]!.followUps[2]!.status === "cancelled" ? v : null;
    }, "the last text to be cancelled");
    expect(cancelled.sequences[0]).toMatchObject({ status: "cancelled", stopReason: "cancelled" });
    expect(cancelled.nextFollowUpAt).toBeNull();
    await expect(staff.followUps.pause({ leadId: s.leadId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(2);
  }, 120_000);
});

describe("workflows router", () => {
  it("lists a failed workflow with its error for admins only, and retries it from the failed step", async () => {
    const s = await seedLeadWithNumber();
    const admin = await callerFor(s.org.owner);
    const manager = await callerFor(await seedMember(s.org, "manager"));
    // A follow-up for a lead that does not exist (yet): its first step fails on the foreign key.
    const ghostLead = randomUUID();
    const workflowId = await enqueueWorkflow({
      workflowName: WORKFLOWS.followUpSequence,
      workflowId: `follow-up:${ghostLead}:retry-test`,
      organizationId: s.org.id,
      args: [{ organizationId: s.org.id, leadId: ghostLead, trigger: "retry-test" }],
    });
    const failed = await waitFor(
      async () => (await admin.workflows.failed()).find((w) => w.workflowId === workflowId),
      "the workflow to fail",
    );
    expect(failed).toMatchObject({ name: WORKFLOWS.followUpSequence, status: "ERROR" });
    expect(failed.error).toMatch(/follow_up_sequence/);
    await expect(manager.workflows.failed()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(admin.workflows.retry({ workflowId: "follow-up:someone-else" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    // The cause is fixed (the lead now exists, without a phone): the retry runs to the end.
    const [c] = await db.insert(customer).values({ organizationId: s.org.id, name: "No Phone" }).returning();
    await db.insert(lead).values({ id: ghostLead, organizationId: s.org.id, customerId: c!.id, source: "call" });
    expect(await admin.workflows.retry({ workflowId })).toEqual({ workflowId, status: "retried" });
    const result = await (await workflowAdmin()).retrieveWorkflow(workflowId).getResult();
    expect(result).toEqual({ sent: 0, stopped: "no_phone" });
    expect((await admin.workflows.failed()).map((w) => w.workflowId)).not.toContain(workflowId);
    const [seq] = await db.select().from(followUpSequence).where(eq(followUpSequence.workflowId, workflowId));
    expect(seq).toMatchObject({ status: "stopped", stopReason: "no_phone" });
    await expect(admin.workflows.retry({ workflowId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  }, 120_000);

  it("validates automation settings and keeps them per organization", async () => {
    const s = await seedLeadWithNumber();
    const admin = await callerFor(s.org.owner);
    expect((await admin.workflows.settings()).followUpSteps.map((x) => x.delayMinutes)).toEqual([15, 1440, 4320]);
    await expect(
      admin.workflows.updateSettings({ quietHours: { start: "21:00", end: "08:00" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.workflows.updateSettings({
        followUpSteps: [
          { delayMinutes: 60, template: "quote" },
          { delayMinutes: 30, template: "last" },
        ],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const saved = await admin.workflows.updateSettings({
      missedCallTextBack: false,
      quietHours: { start: "09:00", end: "20:00" },
    });
    expect(saved).toMatchObject({
      missedCallTextBack: false,
      quietHours: { start: "09:00", end: "20:00" },
      followUpsEnabled: true,
    });
    expect(await admin.workflows.settings()).toEqual(saved);
  }, 60_000);
});
