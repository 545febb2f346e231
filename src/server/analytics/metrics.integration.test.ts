import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import {
  conversation,
  customer,
  organization,
  followUp,
  followUpSequence,
  lead,
  message,
  payment,
  rental,
  reservation,
  unit,
} from "@/server/db/schema";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits } from "@/server/domain/inventory/units";

import { seedOrganization, unique } from "../../../tests/factories";
import { ACTOR } from "../../../tests/inventory/helpers";

import { deriveSentiment, refreshAllDirty } from "./rollups";
import * as metrics from "./metrics";

/**
 * Every figure against rows seeded by hand, in a Chicago facility (UTC-6 in February) open
 * Mon-Fri 09:00-17:00. The period is Mon 2026-02-02 .. Sun 2026-02-08; the one before it is
 * 2026-01-26 .. 2026-02-01. Several rows sit minutes either side of local midnight.
 */
const PERIOD = { from: "2026-02-02", to: "2026-02-08" };
const at = (iso: string) => new Date(iso);

let orgId: string;
let facilityId: string;
const ids: Record<string, string> = {};

async function seed() {
  const org = await seedOrganization();
  orgId = org.id;
  const hours = { open: "09:00", close: "17:00" };
  const { f, units } = await withOrg(orgId, async (tx) => {
    const f = await createFacility(tx, orgId, ACTOR, {
      name: "Analytics Storage",
      slug: unique("fac"),
      timeZone: "America/Chicago",
      officeHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    });
    const ut = await createUnitType(tx, orgId, ACTOR, {
      facilityId: f.id,
      name: "10x10",
      widthFt: 10,
      lengthFt: 10,
      features: [],
      streetRateCents: 12_000,
      webRateCents: 10_000,
    });
    await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: ut.id, range: "A1-A4" });
    const units = await tx
      .select()
      .from(unit)
      .where(sql`${unit.unitTypeId} = ${ut.id}`)
      .orderBy(unit.number);
    return { f, ut, units };
  });
  facilityId = f.id;
  const unitId = (n: string) => units.find((u) => u.number === n)!.id;
  const o = { organizationId: orgId };

  const cust = async (name: string) =>
    (
      await db
        .insert(customer)
        .values({ ...o, name, phone: `+1555${Math.floor(1_000_000 + Math.random() * 8_999_999)}` })
        .returning()
    )[0]!.id;
  const newLead = async (
    name: string,
    source: "call" | "sms" | "web" | "walk_in",
    createdAt: string,
    status: "new" | "moved_in" = "new",
  ) =>
    (
      await db
        .insert(lead)
        .values({ ...o, customerId: await cust(name), facilityId, source, status, createdAt: at(createdAt) })
        .returning()
    )[0]!.id;
  ids.L1 = await newLead("Lead one", "call", "2026-02-02T15:05:00Z", "moved_in");
  ids.L2 = await newLead("Lead two", "sms", "2026-02-09T05:59:30Z"); // Sun 8 Feb 23:59 local
  ids.L3 = await newLead("Lead three", "web", "2026-02-05T14:00:00Z");
  ids.L4 = await newLead("Lead four", "walk_in", "2026-02-06T14:00:00Z");
  ids.L5 = await newLead("Lead five", "web", "2026-02-03T05:00:00Z"); // Mon 2 Feb 23:00 local

  const res = async (
    unitNumber: string,
    createdAt: string,
    channel: "phone" | "web",
    status: "converted" | "expired",
    leadId: string | null,
  ) =>
    (
      await db
        .insert(reservation)
        .values({
          ...o,
          facilityId,
          unitTypeId: units[0]!.unitTypeId,
          unitId: unitId(unitNumber),
          customerId: await cust(`Res ${unitNumber}`),
          leadId,
          status,
          moveInDate: "2026-02-04",
          quotedMonthlyRateCents: 12_000,
          quote: {},
          confirmationCode: unique("C"),
          holdExpiresAt: at("2026-02-20T00:00:00Z"),
          channel,
          createdBy: "test",
          createdAt: at(createdAt),
        })
        .returning()
    )[0]!.id;
  ids.r1 = await res("A1", "2026-02-02T15:10:00Z", "phone", "converted", ids.L1);
  ids.r2 = await res("A4", "2026-02-07T23:30:00Z", "web", "expired", null);

  const rent = async (
    unitNumber: string,
    startDate: string,
    rate: number,
    reservationId: string | null,
    movedOutAt: string | null,
  ) =>
    (
      await db
        .insert(rental)
        .values({
          ...o,
          facilityId,
          unitId: unitId(unitNumber),
          customerId: await cust(`Rent ${unitNumber}`),
          reservationId,
          startDate,
          monthlyRateCents: rate,
          billingDay: 1,
          gateCodeEncrypted: "x",
          movedOutAt: movedOutAt ? at(movedOutAt) : null,
        })
        .returning()
    )[0]!.id;
  const re0 = await rent("A2", "2025-12-01", 11_000, null, null);
  const re1 = await rent("A1", "2026-02-04", 12_000, ids.r1, null);
  const re2 = await rent("A3", "2025-11-01", 9_000, null, "2026-02-06T03:00:00Z"); // Thu 5 Feb 21:00 local
  const customerOf = (id: string) => sql`(select customer_id from rental where id = ${id})`;
  await db.insert(payment).values([
    {
      ...o,
      rentalId: re0,
      customerId: customerOf(re0),
      amountCents: 11_000,
      method: "card",
      receivedAt: at("2026-02-02T06:30:00Z"),
    }, // Mon 00:30 local: in
    {
      ...o,
      rentalId: re2,
      customerId: customerOf(re2),
      amountCents: 5_000,
      method: "card",
      receivedAt: at("2026-02-02T05:30:00Z"),
    }, // Sun 23:30 local: previous period
    {
      ...o,
      rentalId: re1,
      customerId: customerOf(re1),
      amountCents: 12_000,
      method: "cash",
      receivedAt: at("2026-02-04T16:00:00Z"),
    },
  ]);

  const conv = async (
    v: Partial<typeof conversation.$inferInsert> & {
      channel: "voice" | "sms" | "chat" | "playground";
      startedAt: Date;
    },
  ) =>
    (
      await db
        .insert(conversation)
        .values({ ...o, facilityId, status: "ended", ...v })
        .returning()
    )[0]!.id;
  ids.c1 = await conv({
    channel: "voice",
    startedAt: at("2026-02-02T15:00:00Z"),
    outcome: "reservation",
    leadId: ids.L1,
    reservationId: ids.r1,
    turnCount: 6,
    durationSeconds: 120,
    summary: "Caller made a reservation. Thanks, great help.",
  });
  ids.c2 = await conv({
    channel: "voice",
    startedAt: at("2026-02-03T05:30:00Z"),
    outcome: "abandoned",
    turnCount: 1,
    durationSeconds: 10,
    summary: "Caller hung up before being helped.",
  });
  ids.c3 = await conv({
    channel: "sms",
    startedAt: at("2026-02-09T05:59:00Z"),
    outcome: "lead",
    leadId: ids.L2,
    turnCount: 4,
    summary: "Customer left contact details (lead).",
  });
  ids.c4 = await conv({
    channel: "voice",
    startedAt: at("2026-02-09T06:00:00Z"),
    outcome: "question_answered",
    handler: "staff",
    turnCount: 2,
    durationSeconds: 30,
  });
  ids.c5 = await conv({
    channel: "chat",
    startedAt: at("2026-02-04T18:00:00Z"),
    outcome: "transfer",
    turnCount: 3,
    summary: "Customer was transferred to staff. Frustrated.",
  });
  ids.c6 = await conv({
    channel: "voice",
    startedAt: at("2026-01-28T16:00:00Z"),
    outcome: "question_answered",
    turnCount: 2,
    durationSeconds: 40,
    summary: "Caller had their questions answered.",
  });
  ids.c7 = await conv({
    channel: "playground",
    startedAt: at("2026-02-03T16:00:00Z"),
    outcome: "question_answered",
    turnCount: 2,
  });
  ids.c8 = await conv({
    channel: "voice",
    startedAt: at("2026-02-05T20:00:00Z"),
    status: "active",
    handler: "staff",
    turnCount: 0,
  });

  const msg = (conversationId: string, seq: number, text: string, intent: string, createdAt: string) => ({
    ...o,
    conversationId,
    seq,
    role: "caller" as const,
    text,
    intent,
    createdAt: at(createdAt),
  });
  await db
    .insert(message)
    .values([
      msg(ids.c5, 1, "Do you store boats?", "out_of_scope", "2026-02-04T18:01:00Z"),
      msg(ids.c2, 1, " Do  you store BOATS? ", "out_of_scope", "2026-02-03T05:31:00Z"),
      msg(ids.c1, 1, "blah blah", "unclear", "2026-02-02T15:01:00Z"),
      msg(ids.c6, 1, "Do you store boats?", "out_of_scope", "2026-01-28T16:01:00Z"),
      msg(ids.c1, 2, "A ten by ten please", "reserve_unit", "2026-02-02T15:02:00Z"),
    ]);

  const seqRow = async (
    leadId: string,
    createdAt: string,
    status: "stopped" | "completed",
    stopReason: "replied" | null,
    sentAt: string,
  ) => {
    const [s] = await db
      .insert(followUpSequence)
      .values({ ...o, leadId, workflowId: unique("wf"), trigger: "test", status, stopReason, createdAt: at(createdAt) })
      .returning();
    await db.insert(followUp).values({
      ...o,
      sequenceId: s!.id,
      leadId,
      stepIndex: 0,
      template: "quote",
      status: "sent",
      scheduledFor: at(sentAt),
      sentAt: at(sentAt),
    });
  };
  await seqRow(ids.L3!, "2026-02-05T14:00:30Z", "stopped", "replied", "2026-02-05T14:03:00Z");
  await seqRow(ids.L5!, "2026-02-03T05:00:30Z", "completed", null, "2026-02-03T07:00:00Z");
}

const read = <T>(fn: (tx: Parameters<Parameters<typeof withOrg>[1]>[0]) => Promise<T>) => withOrg(orgId, fn);

beforeAll(seed);

describe("analytics metrics over seeded rows", () => {
  it("call volume: calls and messages by local day, heat map, after-hours share", async () => {
    const v = await read((tx) => metrics.callVolume(tx, orgId, PERIOD));
    expect(v.previousPeriod).toEqual({ from: "2026-01-26", to: "2026-02-01" });
    expect(v.current).toMatchObject({ conversations: 5, calls: 3, messages: 2, afterHours: 2, afterHoursShare: 0.4 });
    expect(v.current.byDay).toEqual([
      { date: "2026-02-02", calls: 2, messages: 0 }, // c2 at 05:30 UTC on the 3rd is 23:30 on the 2nd in Chicago
      { date: "2026-02-03", calls: 0, messages: 0 },
      { date: "2026-02-04", calls: 0, messages: 1 },
      { date: "2026-02-05", calls: 1, messages: 0 },
      { date: "2026-02-06", calls: 0, messages: 0 },
      { date: "2026-02-07", calls: 0, messages: 0 },
      { date: "2026-02-08", calls: 0, messages: 1 }, // c3 at 23:59 local Sunday; c4 at 00:00 Monday is out
    ]);
    const cells = v.current.heatmap
      .flatMap((row, d) => row.map((count, h) => ({ d, h, count })))
      .filter((c) => c.count > 0);
    expect(cells).toEqual([
      { d: 0, h: 9, count: 1 },
      { d: 0, h: 23, count: 1 },
      { d: 2, h: 12, count: 1 },
      { d: 3, h: 14, count: 1 },
      { d: 6, h: 23, count: 1 },
    ]);
    expect(v.previous).toMatchObject({ conversations: 1, calls: 1, messages: 0, afterHours: 0, afterHoursShare: 0 });
  });

  it("filters by channel and facility", async () => {
    const voice = await read((tx) => metrics.callVolume(tx, orgId, { ...PERIOD, channel: "voice" }));
    expect(voice.current).toMatchObject({ conversations: 3, calls: 3, messages: 0, afterHours: 1 });
    const other = await read((tx) =>
      metrics.callVolume(tx, orgId, { ...PERIOD, facilityId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(other.current.conversations).toBe(0);
  });

  it("outcomes", async () => {
    const o = await read((tx) => metrics.outcomes(tx, orgId, PERIOD));
    expect(o.current.counts).toEqual({
      reservation: 1,
      lead: 1,
      question_answered: 0,
      transfer: 1,
      message: 0,
      abandoned: 1,
      none: 1,
    });
    expect(o.current.shares.reservation).toBe(0.2);
    expect(o.previous.counts.question_answered).toBe(1);
  });

  it("funnel by source, facility and handler", async () => {
    const f = await read((tx) => metrics.funnel(tx, orgId, PERIOD));
    expect(f.current.total).toMatchObject({ conversations: 5, leads: 2, reservations: 1, moveIns: 1 });
    expect(f.current.bySource.map((r) => [r.key, r.conversations, r.leads, r.reservations, r.moveIns])).toEqual([
      ["voice", 3, 1, 1, 1],
      ["chat", 1, 0, 0, 0],
      ["sms", 1, 1, 0, 0],
    ]);
    expect(f.current.byHandler.map((r) => [r.key, r.conversations])).toEqual([
      ["agent", 4],
      ["staff", 1],
    ]);
    expect(f.current.byFacility).toEqual([
      { key: facilityId, label: "Analytics Storage", conversations: 5, leads: 2, reservations: 1, moveIns: 1 },
    ]);
  });

  it("leads by source with speed to lead", async () => {
    const l = await read((tx) => metrics.leads(tx, orgId, PERIOD));
    expect(l.current).toMatchObject({ leads: 5, reserved: 1, movedIn: 1 });
    expect(l.current.bySource.map((r) => [r.key, r.leads])).toEqual([
      ["web", 2],
      ["call", 1],
      ["sms", 1],
      ["walk_in", 1],
    ]);
    expect(l.current.speed).toEqual({
      answeredLive: 2,
      contactedLater: 2,
      notContacted: 1,
      averageResponseSeconds: 3690,
      within5m: 0.6,
      within1h: 0.6,
      within24h: 0.8,
    });
    const calls = await read((tx) => metrics.leads(tx, orgId, { ...PERIOD, channel: "voice" }));
    expect(calls.current.leads).toBe(1);
  });

  it("follow-up results", async () => {
    const f = await read((tx) => metrics.followUps(tx, orgId, PERIOD));
    expect(f.current).toEqual({
      sequences: 2,
      active: 0,
      completed: 1,
      stopped: { replied: 1 },
      textsSent: 2,
      replyRate: 0.5,
      reservedRate: 0,
    });
  });

  it("bookings: reservations made and move-ins", async () => {
    const b = await read((tx) => metrics.bookings(tx, orgId, PERIOD));
    expect(b.current).toMatchObject({ reservations: 2, lapsed: 1, moveIns: 1 });
    const phone = await read((tx) => metrics.bookings(tx, orgId, { ...PERIOD, channel: "voice" }));
    expect(phone.current).toMatchObject({ reservations: 1, moveIns: 1 });
  });

  it("occupancy, economic occupancy, rent roll, revenue per square foot, over time", async () => {
    const o = await read((tx) => metrics.occupancy(tx, orgId, PERIOD));
    expect(o.current.total).toMatchObject({
      units: 4,
      occupiedUnits: 2,
      unitOccupancy: 0.5,
      sqft: 400,
      occupiedSqft: 200,
      sqftOccupancy: 0.5,
      rentRollCents: 23_000,
      grossPotentialRentCents: 11_047,
      collectedCents: 23_000,
      economicOccupancy: 2.082,
      revenuePerSqftCents: 57.5,
    });
    expect(o.current.series.map((s) => s.occupiedUnits)).toEqual([2, 2, 3, 2, 2, 2, 2]); // A3 moved out at 21:00 local on the 5th
    expect(o.current.byUnitType).toHaveLength(1);
    expect(o.previous.total).toMatchObject({ occupiedUnits: 2, collectedCents: 5_000 });
  });

  it("agent quality: success, transfers, turns, duration, sentiment, unhandled questions", async () => {
    const q = await read((tx) => metrics.agentQuality(tx, orgId, PERIOD));
    expect(q.current).toEqual({
      conversations: 4,
      ended: 4,
      taskSuccess: 2,
      taskSuccessRate: 0.5,
      transfers: 1,
      transferRate: 0.25,
      averageTurns: 3.5,
      averageDurationSeconds: 65,
      sentiment: { positive: 1, neutral: 1, negative: 2 },
      topUnhandled: [
        { text: "do you store boats?", intent: "out_of_scope", count: 2 },
        { text: "blah blah", intent: "unclear", count: 1 },
      ],
      unhandledByIntent: [
        { intent: "out_of_scope", count: 2 },
        { intent: "unclear", count: 1 },
      ],
    });
  });

  it("an empty period is zeros, and shares are null rather than 0/0", async () => {
    const empty = { from: "2025-06-01", to: "2025-06-03" };
    const [v, o, q, l] = await read(
      async (tx) =>
        [
          await metrics.callVolume(tx, orgId, empty),
          await metrics.outcomes(tx, orgId, empty),
          await metrics.agentQuality(tx, orgId, empty),
          await metrics.leads(tx, orgId, empty),
        ] as const,
    );
    expect(v.current).toMatchObject({
      conversations: 0,
      afterHoursShare: null,
      byDay: [
        { date: "2025-06-01", calls: 0, messages: 0 },
        { date: "2025-06-02", calls: 0, messages: 0 },
        { date: "2025-06-03", calls: 0, messages: 0 },
      ],
    });
    expect(o.current.shares.reservation).toBeNull();
    expect(q.current).toMatchObject({ conversations: 0, taskSuccessRate: null, averageTurns: null, topUnhandled: [] });
    expect(l.current.speed.averageResponseSeconds).toBeNull();
  });

  it("rollups follow changes: a new call and a changed outcome show on the next read", async () => {
    await db.insert(conversation).values({
      organizationId: orgId,
      facilityId,
      channel: "voice",
      status: "ended",
      outcome: "message",
      startedAt: at("2026-02-07T12:00:00Z"),
    });
    await db
      .update(conversation)
      .set({ outcome: "question_answered" })
      .where(sql`${conversation.id} = ${ids.c2}`);
    const o = await read((tx) => metrics.outcomes(tx, orgId, PERIOD));
    expect(o.current.counts).toMatchObject({ message: 1, abandoned: 0, question_answered: 1 });
    expect(o.current.conversations).toBe(6);
    await db
      .delete(conversation)
      .where(sql`${conversation.organizationId} = ${orgId} AND ${conversation.outcome} = 'message'`);
    await db
      .update(conversation)
      .set({ outcome: "abandoned" })
      .where(sql`${conversation.id} = ${ids.c2}`);
    expect((await read((tx) => metrics.outcomes(tx, orgId, PERIOD))).current.conversations).toBe(5);
  });

  it("bookings follow changes: a lapsed reservation, a new one and a deleted one show on the next read", async () => {
    const bookings = async () => (await read((tx) => metrics.bookings(tx, orgId, PERIOD))).current;
    expect(await bookings()).toMatchObject({ reservations: 2, lapsed: 1, moveIns: 1 });
    await db.update(reservation).set({ status: "cancelled" }).where(eq(reservation.id, ids.r1!));
    expect(await bookings()).toMatchObject({ reservations: 2, lapsed: 2, moveIns: 1 });
    await db.update(reservation).set({ status: "converted" }).where(eq(reservation.id, ids.r1!));
    // Made at 05:30 UTC on Sunday 8 February: 23:30 on Saturday the 7th in Chicago, inside the period.
    const [late] = await db
      .select()
      .from(reservation)
      .where(eq(reservation.id, ids.r2!))
      .then((rows) => rows.map((r) => ({ ...r, id: undefined, confirmationCode: unique("C") })));
    const [added] = await db
      .insert(reservation)
      .values({ ...late!, createdAt: at("2026-02-08T05:30:00Z") })
      .returning({ id: reservation.id });
    expect(await bookings()).toMatchObject({ reservations: 3, lapsed: 2, moveIns: 1 });
    await db.delete(reservation).where(eq(reservation.id, added!.id));
    expect(await bookings()).toMatchObject({ reservations: 2, lapsed: 1, moveIns: 1 });
  });

  it("the scheduled catch-up leaves no dirty day behind", async () => {
    await db.insert(conversation).values({
      organizationId: orgId,
      facilityId,
      channel: "sms",
      status: "ended",
      startedAt: at("2026-02-06T12:00:00Z"),
    });
    const dirty = () =>
      db
        .execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM analytics_dirty_day WHERE organization_id = ${orgId}`,
        )
        .then((r) => r.rows[0]!.n);
    expect(await dirty()).toBe(1);
    const result = await refreshAllDirty();
    expect(result.days).toBeGreaterThanOrEqual(3);
    expect(await dirty()).toBe(0);
    const [row] = (
      await db.execute<{ n: number }>(
        sql`SELECT sum(conversations)::int AS n FROM analytics_conversation_daily WHERE organization_id = ${orgId} AND local_date = '2026-02-06' AND channel = 'sms'`,
      )
    ).rows;
    expect(row!.n).toBe(1);
    await db
      .delete(conversation)
      .where(
        sql`${conversation.organizationId} = ${orgId} AND ${conversation.startedAt} = ${at("2026-02-06T12:00:00Z")}`,
      );
  });

  it("only a caller message the agent could not handle marks its conversation's day dirty", async () => {
    const [c] = await db
      .insert(conversation)
      .values({
        organizationId: orgId,
        facilityId,
        channel: "sms",
        status: "ended",
        startedAt: at("2026-02-06T15:00:00Z"),
      })
      .returning({ id: conversation.id });
    await refreshAllDirty();
    const dirtyDays = () =>
      db
        .execute<{ day: string }>(sql`SELECT day::text FROM analytics_dirty_day WHERE organization_id = ${orgId}`)
        .then((r) => r.rows.map((x) => x.day));
    const base = { organizationId: orgId, conversationId: c!.id };
    await db.insert(message).values([
      { ...base, seq: 1, role: "caller", text: "how much is a 10x10", intent: "price" },
      { ...base, seq: 2, role: "agent", text: "It is $120 a month.", intent: "unclear" },
    ]);
    expect(await dirtyDays()).toEqual([]);
    await db
      .insert(message)
      .values({ ...base, seq: 3, role: "caller", text: "do you rent trucks", intent: "out_of_scope" });
    expect(await dirtyDays()).toEqual(["2026-02-06"]);
    await refreshAllDirty();
    // A relabelled message counts too, either way.
    await db
      .update(message)
      .set({ intent: "unclear" })
      .where(sql`${message.conversationId} = ${c!.id} AND ${message.seq} = 1`);
    expect(await dirtyDays()).toEqual(["2026-02-06"]);
    await refreshAllDirty();
    await db
      .update(message)
      .set({ intent: "price" })
      .where(sql`${message.conversationId} = ${c!.id} AND ${message.seq} = 1`);
    expect(await dirtyDays()).toEqual(["2026-02-06"]);
    await refreshAllDirty();
    await db.delete(conversation).where(eq(conversation.id, c!.id));
    await refreshAllDirty();
  });

  it("overview: today's figures from the same definitions", async () => {
    const now = at("2026-02-04T20:00:00Z"); // Wed 4 Feb 14:00 in Chicago
    const ov = await read((tx) => metrics.overview(tx, orgId, now));
    expect(ov).toMatchObject({
      today: "2026-02-04",
      timeZone: "America/Chicago",
      calls: { today: 0, yesterday: 0 },
      reservations: { today: 0, yesterday: 0 },
      moveIns: { today: 1, yesterday: 0 },
    });
    expect(ov.occupancy).toMatchObject({ units: 4, occupiedUnits: 3, rate: 0.75, yesterdayRate: 0.5 });
  });

  it("rejects a bad range with a clear error", async () => {
    await expect(read((tx) => metrics.callVolume(tx, orgId, { from: "2026-02-08", to: "2026-02-02" }))).rejects.toThrow(
      /start date/,
    );
  });

  // Last: removes the seeded organization. Its calls, leads and rentals go by cascade, and the
  // rollup triggers they fire must not refuse the delete (they did, on the dirty-day foreign key).
  it("an organization with calls, leads and rentals can be deleted, rollups and all", async () => {
    await db.delete(organization).where(eq(organization.id, orgId));
    const left = await db.execute<{ n: number }>(
      sql`SELECT (SELECT count(*) FROM analytics_dirty_day WHERE organization_id = ${orgId}) + (SELECT count(*) FROM conversation WHERE organization_id = ${orgId}) + (SELECT count(*) FROM analytics_conversation_daily WHERE organization_id = ${orgId}) AS n`,
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});

describe("derived sentiment", () => {
  it("scores the summary with the documented word lists", () => {
    expect(deriveSentiment("Caller made a reservation. Thanks!")).toBe("positive");
    expect(deriveSentiment("Caller hung up before being helped.")).toBe("negative");
    expect(deriveSentiment("Customer left contact details (lead).")).toBe("neutral");
    expect(deriveSentiment("Thanks, but this is ridiculous and awful")).toBe("negative");
  });
});
