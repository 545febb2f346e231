import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { followUp, followUpSequence, lead, smsOptOut } from "@/server/db/schema";
import { notifyLeadReplied, startFollowUps } from "@/server/jobs/follow-ups";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { seedLeadWithNumber, setUpWorkflowTests, waitFor, type LeadSetup } from "../../../../tests/jobs-harness";

// 1 configured minute = 1.2 s.
const h = setUpWorkflowTests({ timeScale: 0.02 });

const ALWAYS = { start: "00:00", end: "24:00" };
const sequenceOf = async (leadId: string) =>
  (await db.select().from(followUpSequence).where(eq(followUpSequence.leadId, leadId)))[0];
const rowsOf = (leadId: string) =>
  db.select().from(followUp).where(eq(followUp.leadId, leadId)).orderBy(asc(followUp.stepIndex));
const finished = (s: LeadSetup) =>
  waitFor(async () => {
    const seq = await sequenceOf(s.leadId);
    return seq && !["active", "paused"].includes(seq.status) ? seq : null;
  }, "the sequence to finish");

describe("lead follow-up sequence", () => {
  it("sends each configured text once, in order, with the quote, then completes", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: ALWAYS,
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 1, template: "reminder" },
        { delayMinutes: 2, template: "last" },
      ],
    });
    const id = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:1" });
    expect(id).toBe(`follow-up:${s.leadId}:test:1`);
    // Starting again is the same workflow.
    expect(await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:1" })).toBe(id);

    const seq = await finished(s);
    expect(seq.status).toBe("completed");
    const texts = h.fake.messagesTo(s.phone);
    expect(texts.map((m) => m.from)).toEqual([s.senderNumber, s.senderNumber, s.senderNumber]);
    expect(texts[0]!.body).toContain("Your quote: the 10x10 at $119.00/mo");
    expect(texts[0]!.body).toMatch(/^Hi Dana,/);
    expect(texts[1]!.body).toContain("just checking in");
    expect(texts[2]!.body).toContain("last note");
    const rows = await rowsOf(s.leadId);
    expect(rows.map((r) => [r.stepIndex, r.status])).toEqual([
      [0, "sent"],
      [1, "sent"],
      [2, "sent"],
    ]);
    // Spaced by the configured (scaled) delays.
    expect(rows[2]!.scheduledFor.getTime() - rows[0]!.scheduledFor.getTime()).toBeGreaterThanOrEqual(2_000);
    expect(rows[2]!.sentAt!.getTime()).toBeGreaterThanOrEqual(rows[2]!.scheduledFor.getTime());
    const [l] = await db.select().from(lead).where(eq(lead.id, s.leadId));
    expect(l!.nextFollowUpAt).toBeNull();
  }, 90_000);

  it("stops when the lead replies, and drops the texts still scheduled", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: ALWAYS,
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 30, template: "reminder" },
      ],
    });
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:reply" });
    await waitFor(
      async () => (await rowsOf(s.leadId)).find((r) => r.stepIndex === 1),
      "the second text to be scheduled",
    );
    expect(await notifyLeadReplied(s.leadId, "yes please, the 10x10")).toBe(1);
    const seq = await finished(s);
    expect(seq).toMatchObject({ status: "stopped", stopReason: "replied", replyText: "yes please, the 10x10" });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);
    expect((await rowsOf(s.leadId)).map((r) => r.status)).toEqual(["sent", "cancelled"]);
  }, 90_000);

  it("stops without texting when the lead has opted out", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: ALWAYS,
      followUpSteps: [{ delayMinutes: 0, template: "quote" }],
    });
    await db.insert(smsOptOut).values({ organizationId: s.org.id, phone: s.phone, keyword: "STOP" });
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:optout" });
    expect(await finished(s)).toMatchObject({ status: "stopped", stopReason: "opted_out" });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(0);
  }, 90_000);

  it("stops when the lead has reserved in the meantime", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: ALWAYS,
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 2, template: "reminder" },
      ],
    });
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:reserved" });
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the first text");
    await db
      .update(lead)
      .set({ status: "reserved" })
      .where(and(eq(lead.organizationId, s.org.id), eq(lead.id, s.leadId)));
    expect(await finished(s)).toMatchObject({ status: "stopped", stopReason: "reserved" });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);
  }, 90_000);

  it("never texts outside the window: it schedules the text for the window's next opening", async () => {
    const s = await seedLeadWithNumber({ timeZone: "UTC" });
    // A one-minute window twelve hours from now (UTC) is certainly closed now.
    const opens = new Date(Date.now() + 12 * 3_600_000);
    const hhmm = (d: Date) =>
      `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
    const closes = new Date(opens.getTime() + 60_000);
    if (closes.getUTCHours() === 0 && closes.getUTCMinutes() === 0) opens.setUTCMinutes(opens.getUTCMinutes() - 1);
    await saveAutomationSettings(db, s.org.id, {
      quietHours: { start: hhmm(opens), end: hhmm(new Date(opens.getTime() + 60_000)) },
      followUpSteps: [{ delayMinutes: 0, template: "quote" }],
    });
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "test:quiet" });
    const [row] = await waitFor(async () => {
      const rows = await rowsOf(s.leadId);
      return rows.length ? rows : null;
    }, "the text to be scheduled");
    expect(row!.status).toBe("scheduled");
    const expected = new Date(opens);
    expected.setUTCSeconds(0, 0);
    expect(row!.scheduledFor.toISOString()).toBe(expected.toISOString());
    expect(h.fake.messagesTo(s.phone)).toHaveLength(0);
    const [l] = await db.select().from(lead).where(eq(lead.id, s.leadId));
    expect(l!.nextFollowUpAt?.toISOString()).toBe(expected.toISOString());
  }, 90_000);
});
