import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { refreshRollups } from "@/server/analytics/rollups";
import { db, withOrg } from "@/server/db/client";
import {
  analyticsConversationDaily,
  auditLog,
  conversation,
  customer,
  emailOutbox,
  lead,
  message,
  reservation,
  smsMessage,
  task,
  unit,
} from "@/server/db/schema";
import { ERASED_NAME } from "@/server/domain/customers/erase-customer";

import { callerFor, seedMember, seedOrganization, unique, type TestOrg } from "../../../tests/factories";
import { seedFacility } from "../../../tests/inventory/helpers";
import { purgeExpiredTranscripts } from "./purge";

/**
 * Data retention (transcripts deleted in batches past each organization's setting) and a
 * customer's erasure (personal fields scrubbed, aggregates kept, audited), through tRPC as an
 * operator would, checked in the tables themselves.
 */
const DAY = 86_400_000;
let org: TestOrg;
let bystander: TestOrg;

beforeAll(async () => {
  org = await seedOrganization();
  bystander = await seedOrganization();
}, 60_000);

async function conversationWith(
  organizationId: string,
  opts: { endedDaysAgo: number | null; startedDaysAgo: number; turns: number; from?: string; customerId?: string },
) {
  const [c] = await db
    .insert(conversation)
    .values({
      organizationId,
      channel: "voice",
      status: opts.endedDaysAgo === null ? "active" : "ended",
      fromAddress: opts.from ?? null,
      customerId: opts.customerId ?? null,
      startedAt: new Date(Date.now() - opts.startedDaysAgo * DAY),
      endedAt: opts.endedDaysAgo === null ? null : new Date(Date.now() - opts.endedDaysAgo * DAY),
      durationSeconds: 90,
      summary: "Caller asked about a 10x10",
    })
    .returning();
  await db.execute(sql`
    insert into message (organization_id, conversation_id, seq, role, text, intent)
    select ${organizationId}, ${c!.id}, g, case when g % 2 = 1 then 'agent' else 'caller' end, 'turn ' || g, 'pricing'
      from generate_series(1, ${opts.turns}) g`);
  return c!;
}

const messageCount = async (conversationId: string) =>
  (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(message)
      .where(eq(message.conversationId, conversationId))
  )[0]!.n;

describe("data retention", () => {
  it("an admin sets it; bad values and other roles are refused; the change is audited", async () => {
    const owner = await callerFor(org.owner);
    expect(await owner.organization.retention()).toEqual({ transcriptDays: null });
    await expect(owner.organization.updateRetention({ transcriptDays: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const staff = await callerFor(await seedMember(org, "staff"));
    await expect(staff.organization.updateRetention({ transcriptDays: 30 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await owner.organization.updateRetention({ transcriptDays: 30 })).toEqual({ transcriptDays: 30 });
    expect(await staff.organization.retention()).toEqual({ transcriptDays: 30 });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "retention.updated")));
    expect(audit!.data).toEqual({ before: null, after: 30 });
  });

  it("deletes the turns of conversations ended before the cutoff, in bounded batches, and keeps conversations and analytics", async () => {
    const old = await conversationWith(org.id, { endedDaysAgo: 40, startedDaysAgo: 40, turns: 2500 });
    const recent = await conversationWith(org.id, { endedDaysAgo: 5, startedDaysAgo: 5, turns: 4 });
    const stillActive = await conversationWith(org.id, { endedDaysAgo: null, startedDaysAgo: 40, turns: 3 });
    const elsewhere = await conversationWith(bystander.id, { endedDaysAgo: 400, startedDaysAgo: 400, turns: 3 });
    const [oldText] = await db
      .insert(smsMessage)
      .values({
        organizationId: org.id,
        direction: "in",
        from: "+14155550100",
        to: "+14155550199",
        body: "my gate code question",
        status: "received",
        createdAt: new Date(Date.now() - 45 * DAY),
      })
      .returning();
    const [newText] = await db
      .insert(smsMessage)
      .values({
        organizationId: org.id,
        direction: "in",
        from: "+14155550100",
        to: "+14155550199",
        body: "still here",
        status: "received",
      })
      .returning();
    await withOrg(org.id, (tx) => refreshRollups(tx, org.id));
    const rolled = async () =>
      (
        await db
          .select({ n: sql<number>`coalesce(sum(${analyticsConversationDaily.conversations}), 0)::int` })
          .from(analyticsConversationDaily)
          .where(eq(analyticsConversationDaily.organizationId, org.id))
      )[0]!.n;
    const rolledBefore = await rolled();

    // A run stops after its batch budget: 1,000 rows a statement, two statements here.
    const first = await purgeExpiredTranscripts({ maxBatches: 2, organizationId: org.id });
    expect(first.messages).toBe(2000);
    expect(await messageCount(old.id)).toBe(500);
    const rest = await purgeExpiredTranscripts();
    expect(rest.messages).toBeGreaterThanOrEqual(500);
    expect(await messageCount(old.id)).toBe(0);

    expect(await messageCount(recent.id)).toBe(4);
    expect(await messageCount(stillActive.id)).toBe(3);
    expect(await messageCount(elsewhere.id)).toBe(3); // no retention set there: kept
    const texts = await db
      .select()
      .from(smsMessage)
      .where(sql`${smsMessage.id} in (${oldText!.id}, ${newText!.id})`);
    expect(texts.find((t) => t.id === oldText!.id)!.body).toBe("");
    expect(texts.find((t) => t.id === newText!.id)!.body).toBe("still here");

    // The conversations and their figures stay.
    const [kept] = await db.select().from(conversation).where(eq(conversation.id, old.id));
    expect(kept).toMatchObject({ status: "ended", durationSeconds: 90 });
    await withOrg(org.id, (tx) => refreshRollups(tx, org.id));
    expect(await rolled()).toBe(rolledBefore);
  });
});

describe("erasure of a customer", () => {
  it("scrubs every personal field, keeps the rows and figures, audits it, and is refused while they hold a unit", async () => {
    const owner = await callerFor(org.owner);
    const name = `Quincy ${unique("erase")}`;
    const phone = "+14155550177";
    const email = `${unique("quincy")}@example.test`;
    const c = await owner.customers.upsert({ name, phone, email, notes: `${name} stores a piano` });
    const customerId = c.customer.id;
    const [l] = await db
      .insert(lead)
      .values({ organizationId: org.id, customerId, source: "call", notes: `${name} wants a 10x15` })
      .onConflictDoUpdate({ target: [lead.organizationId, lead.customerId], set: { notes: `${name} wants a 10x15` } })
      .returning();
    const call = await conversationWith(org.id, {
      endedDaysAgo: 1,
      startedDaysAgo: 1,
      turns: 4,
      from: phone,
      customerId,
    });
    await db
      .update(message)
      .set({ text: `this is ${name}` })
      .where(eq(message.conversationId, call.id));
    await db
      .update(conversation)
      .set({ summary: `${name} asked about pianos` })
      .where(eq(conversation.id, call.id));
    await db.insert(smsMessage).values({
      organizationId: org.id,
      direction: "out",
      from: "+14155550199",
      to: phone,
      body: `Hi ${name}`,
      status: "sent",
    });
    await db.insert(task).values({
      organizationId: org.id,
      kind: "callback",
      title: `Call back ${name}`,
      body: `${name} called`,
      contactName: name,
      contactPhone: phone,
      customerId,
      createdBy: "agent",
      sourceKey: unique("src"),
    });
    await db.insert(emailOutbox).values({
      organizationId: org.id,
      to: email,
      subject: `Your quote, ${name}`,
      text: `Dear ${name}`,
      kind: "test",
      status: "outbox",
      idempotencyKey: unique("mail"),
    });

    // Refused while they hold a unit: nothing changes.
    const s = await seedFacility(org.id, { units: 1 });
    const [u] = await db.select().from(unit).where(eq(unit.unitTypeId, s.unitType.id));
    const [held] = await db
      .insert(reservation)
      .values({
        organizationId: org.id,
        facilityId: s.facility.id,
        unitTypeId: s.unitType.id,
        unitId: u!.id,
        customerId,
        moveInDate: "2026-12-30",
        quotedMonthlyRateCents: 1,
        quote: {},
        confirmationCode: unique("C"),
        holdExpiresAt: new Date(Date.now() + DAY),
        channel: "web",
        createdBy: "test",
      })
      .returning();
    await expect(owner.customers.erase({ customerId, confirm: "ERASE" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.select().from(customer).where(eq(customer.id, customerId)))[0]!.name).toBe(name);
    await db.update(reservation).set({ status: "cancelled" }).where(eq(reservation.id, held!.id));

    // Only admins and owners, and only with the typed confirmation.
    const manager = await callerFor(await seedMember(org, "manager"));
    await expect(manager.customers.erase({ customerId, confirm: "ERASE" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(owner.customers.erase({ customerId, confirm: "erase" as "ERASE" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });

    await owner.customers.addNote({ customerId, body: `${name} prefers texts at ${phone}` });
    const turnsBefore = await messageCount(call.id);
    const counts = await owner.customers.erase({ customerId, confirm: "ERASE" });
    expect(counts).toMatchObject({ leads: 1, conversations: 1, messages: 4, texts: 1, tasks: 1, emails: 1, notes: 1 });

    // The name, phone and e-mail are nowhere in the organization's rows any more, audit log included.
    for (const table of [
      "customer",
      "lead",
      "conversation",
      "message",
      "sms_message",
      "task",
      "email_outbox",
      "audit_log",
      "follow_up",
      "customer_note",
    ]) {
      const res = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(table)} t where t.organization_id = ${org.id}
              and (t::text ilike ${`%${name}%`} or t::text like ${`%${phone}%`} or t::text ilike ${`%${email}%`})`,
      );
      expect(res.rows[0]!.n, table).toBe(0);
    }
    const [after] = await db.select().from(customer).where(eq(customer.id, customerId));
    expect(after).toMatchObject({ name: ERASED_NAME, phone: null, email: null, notes: null });
    // Aggregates kept: the rows are there, with their dates, outcomes and durations.
    expect(await messageCount(call.id)).toBe(turnsBefore);
    expect((await db.select().from(conversation).where(eq(conversation.id, call.id)))[0]).toMatchObject({
      status: "ended",
      durationSeconds: 90,
    });
    expect((await db.select().from(lead).where(eq(lead.id, l!.id)))[0]).toMatchObject({ customerId });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organizationId, org.id),
          eq(auditLog.action, "customer.erased"),
          eq(auditLog.targetId, customerId),
        ),
      );
    expect(audit).toMatchObject({ actorUserId: org.owner.id, data: counts });
  });
});
