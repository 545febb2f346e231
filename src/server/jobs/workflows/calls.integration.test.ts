import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import {
  conversation,
  followUpSequence,
  lead,
  message,
  usageRecord,
  webhookDelivery,
  webhookEndpoint,
} from "@/server/db/schema";
import { startMissedCallTextBack, startPostConversation } from "@/server/jobs/calls";
import { workflowAdmin } from "@/server/jobs/client";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { randomUsNumber } from "../../../../tests/twilio-webhooks";
import { seedLeadWithNumber, setUpWorkflowTests, waitFor } from "../../../../tests/jobs-harness";

const h = setUpWorkflowTests({ timeScale: 0.05 });

const result = async (id: string) => (await workflowAdmin()).retrieveWorkflow(id).getResult();

describe("missed-call text-back", () => {
  it("texts the caller from the number they called, once per caller per day", async () => {
    const s = await seedLeadWithNumber();
    const caller = randomUsNumber(312);
    const started = Date.now();
    const first = await startMissedCallTextBack({
      organizationId: s.org.id,
      facilityId: s.facilityId,
      from: caller,
      to: s.senderNumber,
      callSid: `CA${s.leadId.replace(/-/g, "")}`,
    });
    expect(await result(first)).toEqual({ sent: true, reason: "sent" });
    expect(Date.now() - started).toBeLessThan(60_000);
    const [text] = h.fake.messagesTo(caller);
    expect(text!.from).toBe(s.senderNumber);
    expect(text!.body).toMatch(/^Sorry we missed your call to Facility/);

    const again = await startMissedCallTextBack({
      organizationId: s.org.id,
      facilityId: s.facilityId,
      from: caller,
      to: s.senderNumber,
      callSid: `CA2${s.leadId.replace(/-/g, "")}`,
    });
    expect(await result(again)).toEqual({ sent: false, reason: "already_texted_today" });
    expect(h.fake.messagesTo(caller)).toHaveLength(1);
  }, 90_000);

  it("stays silent when the organization turned it off", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, { missedCallTextBack: false });
    const caller = randomUsNumber(312);
    const id = await startMissedCallTextBack({
      organizationId: s.org.id,
      facilityId: s.facilityId,
      from: caller,
      to: s.senderNumber,
      callSid: `CA3${s.leadId.replace(/-/g, "")}`,
    });
    expect(await result(id)).toEqual({ sent: false, reason: "disabled" });
    expect(h.fake.messagesTo(caller)).toHaveLength(0);
  }, 90_000);
});

describe("after a conversation", () => {
  it("sets outcome and summary, scores the lead, records minutes, emits call.completed once and starts follow-ups", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: { start: "00:00", end: "24:00" },
      followUpSteps: [{ delayMinutes: 0, template: "quote" }],
    });
    await db
      .update(lead)
      .set({ desiredMoveInDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) })
      .where(eq(lead.id, s.leadId));
    await db.insert(webhookEndpoint).values({
      organizationId: s.org.id,
      url: "https://example.invalid/hook",
      eventTypes: ["call.completed"],
      secret: "whsec_test",
    });
    const [c] = await db
      .insert(conversation)
      .values({
        organizationId: s.org.id,
        facilityId: s.facilityId,
        channel: "voice",
        fromAddress: s.phone,
        toAddress: s.senderNumber,
        customerId: s.customerId,
        leadId: s.leadId,
        status: "ended",
        durationSeconds: 125,
        endedAt: new Date(),
      })
      .returning();
    await db.insert(message).values([
      {
        organizationId: s.org.id,
        conversationId: c!.id,
        seq: 1,
        role: "agent",
        text: "Thanks for calling, how can I help?",
      },
      {
        organizationId: s.org.id,
        conversationId: c!.id,
        seq: 2,
        role: "caller",
        text: "How much is a ten by ten?",
        intent: "price-inquiry",
      },
      {
        organizationId: s.org.id,
        conversationId: c!.id,
        seq: 3,
        role: "agent",
        text: "A 10x10 is $119 a month.",
        toolCalls: [{ name: "quote", args: {}, result: {}, ok: true, ms: 3 }],
      },
    ]);

    const id = await startPostConversation(c!.id, s.org.id);
    expect(id).toBe(`post-conversation:${c!.id}`);
    const out = (await result(id)) as {
      outcome: string;
      summary: string;
      leadScore: number;
      followUpWorkflowId: string;
    };
    expect(out.outcome).toBe("lead");
    expect(out.summary).toContain('Opened with: "How much is a ten by ten?"');
    expect(out.summary).toContain("Agent used: quote.");
    expect(out.followUpWorkflowId).toBe(`follow-up:${s.leadId}:conversation:${c!.id}`);

    const [after] = await db.select().from(conversation).where(eq(conversation.id, c!.id));
    expect(after).toMatchObject({ outcome: "lead", summary: out.summary });
    const [l] = await db.select().from(lead).where(eq(lead.id, s.leadId));
    expect(l!.score).toBe(out.leadScore);
    expect(l!.score).toBeGreaterThanOrEqual(60);
    const usage = await db
      .select()
      .from(usageRecord)
      .where(and(eq(usageRecord.organizationId, s.org.id), eq(usageRecord.sourceId, `conversation:${c!.id}`)));
    expect(usage.map((u) => [u.kind, u.quantity])).toEqual([["call_minutes", 3]]);

    // The follow-up sequence it started sends its text.
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the follow-up text");
    await waitFor(
      async () =>
        (await db.select().from(followUpSequence).where(eq(followUpSequence.leadId, s.leadId)))[0]?.status ===
        "completed",
      "follow-ups to complete",
    );

    // A second run (a fork: same steps, new workflow) changes nothing and emits nothing more.
    const forkId = await (await workflowAdmin()).forkWorkflow(id, 0);
    await result(forkId);
    const events = await db
      .select()
      .from(webhookDelivery)
      .where(and(eq(webhookDelivery.organizationId, s.org.id), eq(webhookDelivery.eventType, "call.completed")));
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      type: "call.completed",
      data: {
        id: c!.id,
        channel: "voice",
        outcome: "lead",
        duration_seconds: 125,
        transcript: [{ role: "agent" }, { role: "caller", text: "How much is a ten by ten?" }, { role: "agent" }],
      },
    });
    expect(
      await db
        .select()
        .from(usageRecord)
        .where(eq(usageRecord.sourceId, `conversation:${c!.id}`)),
    ).toHaveLength(1);
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);
  }, 120_000);

  it("marks a call nobody spoke in as abandoned and does not follow up without a lead", async () => {
    const s = await seedLeadWithNumber();
    const [c] = await db
      .insert(conversation)
      .values({
        organizationId: s.org.id,
        channel: "voice",
        fromAddress: randomUsNumber(312),
        status: "ended",
        durationSeconds: 4,
      })
      .returning();
    const out = (await result(await startPostConversation(c!.id, s.org.id))) as {
      outcome: string;
      followUpWorkflowId: string | null;
    };
    expect(out).toMatchObject({ outcome: "abandoned", followUpWorkflowId: null });
  }, 90_000);
});
