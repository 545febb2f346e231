import { and, eq } from "drizzle-orm";
import { addDays } from "@/lib/dates";
import { dayStartIn } from "@/lib/org-time";
import { describe, expect, it } from "vitest";

process.env.DATABASE_POOL_MAX ??= "30";

import { db, withOrg } from "@/server/db/client";
import { auditLog, facility, jobOutbox, lead, reservation, unit, unitStatusHistory } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { getAvailability } from "@/server/domain/inventory/availability";
import { searchUnits } from "@/server/domain/inventory/search-units";
import { listUnits } from "@/server/domain/inventory/units";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { createReservation, holdEnd } from "@/server/domain/reservations/create-reservation";
import { MAX_MOVE_IN_DAYS_AHEAD } from "@/server/domain/reservations/move-in-date";
import { expireDueReservations } from "@/server/domain/reservations/expire-reservations";
import { extendHold } from "@/server/domain/reservations/extend-hold";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { moveOut } from "@/server/domain/rentals/move-out";
import { revealGateCode } from "@/server/domain/rentals/rental-queries";

import { daysFromToday, seedOrganization } from "../factories";
import { ACTOR, seedFacility } from "./helpers";

/** Move-in dates inside the booking window (a year), whenever the tests run. */
const IN_30_DAYS = daysFromToday(30);
const IN_45_DAYS = daysFromToday(45);
const IN_60_DAYS = daysFromToday(60);
const IN_75_DAYS = daysFromToday(75);
const IN_90_DAYS = daysFromToday(90);
const IN_135_DAYS = daysFromToday(135);

const phone = (i: number) => `+1512555${String(1000 + i).slice(-4)}`;

describe("reservations", () => {
  it("50 concurrent attempts on the last unit give exactly one reservation", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 1 });
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        withOrg(org.id, (tx) =>
          createReservation(tx, org.id, ACTOR, {
            unitTypeId: unitType.id,
            moveInDate: IN_30_DAYS,
            channel: "web",
            customer: { name: `C${i}`, phone: phone(i) },
          }),
        ),
      ),
    );
    const ok = attempts.filter((a) => a.status === "fulfilled");
    const failed = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(49);
    for (const f of failed) expect(f.reason).toMatchObject({ code: "CONFLICT", details: { reason: "sold_out" } });
    const rows = await db.select().from(reservation).where(eq(reservation.unitTypeId, unitType.id));
    expect(rows).toHaveLength(1);
    const [avail] = await withOrg(org.id, (tx) => getAvailability(tx, org.id, { facilityId: unitType.facilityId }));
    expect(avail).toMatchObject({ total: 1, available: 0 });
  });

  it("a booking writes the unit's status and history, moves the lead to reserved and records both, with one outbox row; bookings take distinct units", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 3 });
    const book = (i: number) =>
      withOrg(org.id, (tx) =>
        createReservation(
          tx,
          org.id,
          { label: "Ann at the desk" },
          {
            unitTypeId: unitType.id,
            moveInDate: IN_60_DAYS,
            channel: "phone",
            customer: { name: `Caller ${i}`, phone: phone(100 + i) },
          },
        ),
      );
    const made = await Promise.all([book(1), book(2), book(3)]);
    expect(new Set(made.map((m) => m.reservation.unitId)).size).toBe(3);
    await expect(book(4)).rejects.toMatchObject({ code: "CONFLICT" });

    const { reservation: r, unitNumber, quote } = made[0]!;
    expect(r).toMatchObject({
      organizationId: org.id,
      status: "active",
      moveInDate: IN_60_DAYS,
      channel: "phone",
      createdBy: "Ann at the desk",
      quotedMonthlyRateCents: quote.monthlyRateCents,
    });
    expect(r.holdExpiresAt).toBeInstanceOf(Date);
    expect(r.holdExpiresAt.getTime()).toBeGreaterThan(Date.now());
    const [u] = await db.select().from(unit).where(eq(unit.id, r.unitId));
    expect(u).toMatchObject({ status: "reserved", number: unitNumber });
    const history = await db.select().from(unitStatusHistory).where(eq(unitStatusHistory.unitId, r.unitId));
    expect(history.filter((h) => h.toStatus === "reserved")).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        fromStatus: "available",
        toStatus: "reserved",
        reason: `reservation ${r.confirmationCode}`,
        actorLabel: "Ann at the desk",
      }),
    ]);
    const [l] = await db.select().from(lead).where(eq(lead.id, r.leadId!));
    expect(l).toMatchObject({ status: "reserved", customerId: r.customerId });
    const audits = await db.select().from(auditLog).where(eq(auditLog.organizationId, org.id));
    expect(audits.filter((a) => a.action === "reservation.created" && a.targetId === r.id)).toEqual([
      expect.objectContaining({
        actorLabel: "Ann at the desk",
        targetType: "reservation",
        data: {
          unitId: r.unitId,
          unitNumber,
          confirmationCode: r.confirmationCode,
          moveInDate: IN_60_DAYS,
          dueAtMoveInCents: quote.dueAtMoveInCents,
        },
      }),
    ]);
    expect(audits.filter((a) => a.action === "lead.status_changed" && a.targetId === l!.id)).toEqual([
      expect.objectContaining({ data: { from: "new", to: "reserved", automatic: true } }),
    ]);
    const outbox = await db
      .select()
      .from(jobOutbox)
      .where(and(eq(jobOutbox.organizationId, org.id), eq(jobOutbox.workflowId, `reservation:${r.id}`)));
    // The lifecycle workflow's start, written in the booking's transaction. The commit kicks a drain
    // (the reservation.created subscriber), which may already have started it and removed the row.
    expect(outbox.length).toBeLessThanOrEqual(1);
    if (outbox.length)
      expect(outbox).toEqual([
        expect.objectContaining({
          workflowName: "reservationLifecycle",
          args: [{ organizationId: org.id, reservationId: r.id }],
        }),
      ]);
  });

  it("a booking merges into the caller's lead only what is new: nothing new, no merge", async () => {
    const org = await seedOrganization();
    const { unitType, facility } = await seedFacility(org.id, { units: 3 });
    const caller = { name: "Lee", phone: phone(300) };
    const known = await withOrg(org.id, (tx) =>
      captureLead(tx, org.id, ACTOR, {
        source: "call",
        ...caller,
        facilityId: facility.id,
        desiredUnitTypeId: unitType.id,
        desiredMoveInDate: IN_90_DAYS,
      }),
    );
    const book = (moveInDate: string) =>
      withOrg(org.id, (tx) =>
        createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitType.id,
          moveInDate,
          channel: "phone",
          customer: caller,
        }),
      );
    const merges = async () =>
      (
        await db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "lead.merged")))
      ).map((a) => a.data);

    const first = await book(IN_90_DAYS);
    expect(first.reservation.leadId).toBe(known.lead.id);
    expect(await merges()).toEqual([]);
    const [reserved] = await db.select().from(lead).where(eq(lead.id, known.lead.id));
    expect(reserved).toMatchObject({ status: "reserved", desiredMoveInDate: IN_90_DAYS });

    // Another date is news: merged (and the lead, already reserved, stays so).
    await book(IN_135_DAYS);
    expect(await merges()).toEqual([
      { source: "call", fields: ["facilityId", "desiredUnitTypeId", "desiredMoveInDate"], reopened: false },
    ]);
    const [after] = await db.select().from(lead).where(eq(lead.id, known.lead.id));
    expect(after).toMatchObject({ status: "reserved", desiredMoveInDate: IN_135_DAYS });
  });

  it("frees a unit the moment its hold lapses, before any sweep, and the sweep then tidies up", async () => {
    const org = await seedOrganization();
    const { unitType, facility } = await seedFacility(org.id, { units: 1 });
    const first = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: unitType.id,
        moveInDate: IN_45_DAYS,
        channel: "phone",
        customer: { phone: "512-555-0101" },
      }),
    );
    expect(first.reservation.confirmationCode).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(first.quote.monthlyRateCents).toBe(12_000); // street rate by phone
    await expect(
      withOrg(org.id, (tx) =>
        createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitType.id,
          moveInDate: IN_45_DAYS,
          channel: "web",
          customer: { phone: "512-555-0102" },
        }),
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    // Let the hold lapse without running the sweep.
    await db
      .update(reservation)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservation.id, first.reservation.id));
    const [avail] = await withOrg(org.id, (tx) => getAvailability(tx, org.id, { facilityId: facility.id }));
    expect(avail!.available).toBe(1);
    const found = await withOrg(org.id, (tx) => searchUnits(tx, org.id, { widthFt: 10, lengthFt: 10 }));
    expect(found.results.map((r) => r.unitTypeId)).toContain(unitType.id);
    const second = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: unitType.id,
        moveInDate: IN_45_DAYS,
        channel: "web",
        customer: { phone: "512-555-0102" },
      }),
    );
    expect(second.reservation.unitId).toBe(first.reservation.unitId);
    const [old] = await db.select().from(reservation).where(eq(reservation.id, first.reservation.id));
    expect(old!.status).toBe("expired");

    // The sweep expires lapsed holds and frees their units.
    await db
      .update(reservation)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservation.id, second.reservation.id));
    expect(await withOrg(org.id, (tx) => expireDueReservations(tx, org.id))).toEqual({ expired: 1 });
    const [u] = await db.select().from(unit).where(eq(unit.id, second.reservation.unitId));
    expect(u!.status).toBe("available");
  });

  it("a reservation that ends without a move-in gives its lead back to the board as quoted, unless another is active", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 4 });
    const book = (who: { name: string; phone: string }) =>
      withOrg(org.id, (tx) =>
        createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitType.id,
          moveInDate: IN_75_DAYS,
          channel: "phone",
          customer: who,
        }),
      );
    const leadOf = async (customerId: string) =>
      (
        await db
          .select()
          .from(lead)
          .where(and(eq(lead.organizationId, org.id), eq(lead.customerId, customerId)))
      )[0]!;
    const statusAudits = async (leadId: string) =>
      (
        await db
          .select()
          .from(auditLog)
          .where(
            and(
              eq(auditLog.organizationId, org.id),
              eq(auditLog.targetId, leadId),
              eq(auditLog.action, "lead.status_changed"),
            ),
          )
      ).map((a) => a.data);

    // Two holds for Ann: cancelling one leaves her reserved; cancelling the other gives her back.
    const ann = { name: "Ann Avery", phone: phone(301) };
    const a1 = await book(ann);
    const a2 = await book(ann);
    expect(a2.reservation.customerId).toBe(a1.reservation.customerId);
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: a1.reservation.id }));
    expect((await leadOf(a1.reservation.customerId)).status).toBe("reserved");
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: a2.reservation.id }));
    const annLead = await leadOf(a1.reservation.customerId);
    expect(annLead.status).toBe("quoted");
    expect(await statusAudits(annLead.id)).toContainEqual({
      from: "reserved",
      to: "quoted",
      automatic: true,
      reservation: "cancelled",
    });

    // Bob's hold lapses and the sweep expires it: his lead too.
    const b = await book({ name: "Bob Birch", phone: phone(302) });
    await db
      .update(reservation)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservation.id, b.reservation.id));
    expect(await withOrg(org.id, (tx) => expireDueReservations(tx, org.id))).toEqual({ expired: 1 });
    expect((await leadOf(b.reservation.customerId)).status).toBe("quoted");

    // A lead someone moved by hand (here: lost) is not touched when its reservation ends.
    const c = await book({ name: "Cy Cole", phone: phone(303) });
    await db
      .update(lead)
      .set({ status: "lost", lostReason: "went elsewhere" })
      .where(and(eq(lead.organizationId, org.id), eq(lead.customerId, c.reservation.customerId)));
    await withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: c.reservation.id }));
    expect(await leadOf(c.reservation.customerId)).toMatchObject({ status: "lost", lostReason: "went elsewhere" });
  });

  it("cancels, extends, moves in with an encrypted gate code and moves out", async () => {
    const org = await seedOrganization();
    const { unitType, facility } = await seedFacility(org.id, { units: 2 });
    const a = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: unitType.id,
        moveInDate: IN_75_DAYS,
        channel: "web",
        customer: { name: "Ann", email: "Ann@Example.test" },
      }),
    );
    const b = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: unitType.id,
        moveInDate: IN_75_DAYS,
        channel: "web",
        customer: { name: "Bob", email: "bob@example.test" },
      }),
    );
    expect(a.reservation.unitId).not.toBe(b.reservation.unitId);

    await withOrg(org.id, (tx) =>
      cancelReservation(tx, org.id, ACTOR, { reservationId: a.reservation.id, reason: "changed mind" }),
    );
    await expect(
      withOrg(org.id, (tx) => cancelReservation(tx, org.id, ACTOR, { reservationId: a.reservation.id })),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const free = await withOrg(org.id, (tx) => listUnits(tx, org.id, { facilityId: facility.id, freeOnly: true }));
    expect(free.map((u) => u.id)).toEqual([a.reservation.unitId]);

    const extended = await withOrg(org.id, (tx) =>
      extendHold(tx, org.id, ACTOR, { reservationId: b.reservation.id, days: 3 }),
    );
    expect(extended.holdExpiresAt.getTime()).toBeGreaterThan(b.reservation.holdExpiresAt.getTime() + 2.9 * 86_400_000);

    const moved = await withOrg(org.id, (tx) =>
      convertToMoveIn(tx, org.id, ACTOR, { reservationId: b.reservation.id }),
    );
    expect(moved.gateCode).toMatch(/^\d{6}$/);
    expect(moved.rental.monthlyRateCents).toBe(10_000);
    expect(moved.rental.balanceCents).toBe(moved.quote.dueAtMoveInCents);
    expect(JSON.stringify(moved.rental)).not.toContain(moved.gateCode);
    const raw = await db.execute(`select gate_code_encrypted from rental where id = '${moved.rental.id}'`);
    expect(String(raw.rows[0]!.gate_code_encrypted)).not.toContain(moved.gateCode);
    expect(await withOrg(org.id, (tx) => revealGateCode(tx, org.id, ACTOR, moved.rental.id))).toEqual({
      gateCode: moved.gateCode,
    });
    const [occupied] = await db.select().from(unit).where(eq(unit.id, b.reservation.unitId));
    expect(occupied!.status).toBe("occupied");

    await withOrg(org.id, (tx) => moveOut(tx, org.id, ACTOR, { rentalId: moved.rental.id }));
    const [after] = await db.select().from(unit).where(eq(unit.id, b.reservation.unitId));
    expect(after!.status).toBe("available");
    // The trigger-kept counter agrees with the units after reserve, cancel, move-in and move-out.
    const counts = await db.execute(
      `select ut.available_units as kept, (select count(*)::int from unit u where u.unit_type_id = ut.id and u.status = 'available') as real from unit_type ut where ut.id = '${unitType.id}'`,
    );
    expect(counts.rows[0]).toEqual({ kept: 2, real: 2 });
    const actions = (await db.select().from(auditLog).where(eq(auditLog.organizationId, org.id))).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "reservation.created",
        "reservation.cancelled",
        "reservation.hold_extended",
        "rental.moved_in",
        "rental.gate_code_viewed",
        "rental.moved_out",
      ]),
    );
  });

  it("offers the nearest sizes when a size is sold out", async () => {
    const org = await seedOrganization();
    await seedFacility(org.id, { units: 0, width: 10, length: 10 });
    await seedFacility(org.id, { units: 2, width: 10, length: 15 });
    await seedFacility(org.id, { units: 2, width: 5, length: 5 });
    const r = await withOrg(org.id, (tx) => searchUnits(tx, org.id, { widthFt: 10, lengthFt: 10 }));
    expect(r.results).toEqual([]);
    expect(r.alternatives.map((a) => `${a.widthFt}x${a.lengthFt}`)).toEqual(["10x15", "5x5"]);
    const climate = await withOrg(org.id, (tx) =>
      searchUnits(tx, org.id, { features: ["climate_controlled"], maxPriceCents: 10_000 }),
    );
    expect(climate.results).toHaveLength(2);
    expect(await withOrg(org.id, (tx) => searchUnits(tx, org.id, { features: ["drive_up"] }))).toEqual({
      results: [],
      alternatives: [],
    });
  });
});

describe("how long a new hold lasts", () => {
  it("through the move-in date and the hold period after it, from the start of that day at the facility", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 2 });
    const [f] = await db
      .select({ timeZone: facility.timeZone, holdPeriodDays: facility.holdPeriodDays })
      .from(facility)
      .where(eq(facility.id, unitType.facilityId));
    const today = localDate(f!.timeZone);
    const book = (moveInDate: string, i: number) =>
      withOrg(org.id, (tx) =>
        createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitType.id,
          moveInDate,
          channel: "phone",
          customer: { name: `Hold ${i}`, phone: phone(700 + i) },
        }),
      );
    // Three weeks out: held until the hold period after that day, not the hold period after booking.
    const later = addDays(today, 21);
    const far = await book(later, 1);
    expect(far.reservation.holdExpiresAt.toISOString()).toBe(
      dayStartIn(later, f!.timeZone, f!.holdPeriodDays)!.toISOString(),
    );
    // Today: never less than the hold period from now.
    const before = Date.now();
    const soon = await book(today, 2);
    const days = f!.holdPeriodDays * 86_400_000;
    expect(soon.reservation.holdExpiresAt.getTime()).toBeGreaterThanOrEqual(before + days);
    expect(soon.reservation.holdExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + days);
  });

  it("holdEnd: a move-in on a daylight-saving change and a hold period of zero (one day)", () => {
    const now = new Date("2027-03-01T15:00:00Z");
    // New York springs forward on 2027-03-14: the hold ends at local midnight, 04:00Z after it.
    expect(holdEnd("2027-03-10", 7, "America/New_York", now).toISOString()).toBe("2027-03-17T04:00:00.000Z");
    expect(holdEnd("2027-03-01", 0, "America/New_York", now).toISOString()).toBe("2027-03-02T15:00:00.000Z");
  });
});

describe("how far ahead a unit can be reserved", () => {
  it("a year at the facility: the last day books, the day after and 9999-12-31 are refused and write nothing", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 2 });
    const [f] = await db
      .select({ timeZone: facility.timeZone })
      .from(facility)
      .where(eq(facility.id, unitType.facilityId));
    const today = localDate(f!.timeZone);
    const book = (moveInDate: string, i: number) =>
      withOrg(org.id, (tx) =>
        createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitType.id,
          moveInDate,
          channel: "web",
          customer: { name: `Far ${i}`, phone: phone(800 + i) },
        }),
      );
    const written = async () => ({
      reservations: (await db.select().from(reservation).where(eq(reservation.organizationId, org.id))).length,
      leads: (await db.select().from(lead).where(eq(lead.organizationId, org.id))).length,
      audits: (await db.select().from(auditLog).where(eq(auditLog.organizationId, org.id))).length,
      reserved: (
        await db
          .select()
          .from(unit)
          .where(and(eq(unit.organizationId, org.id), eq(unit.status, "reserved")))
      ).length,
    });
    const before = await written();
    for (const [i, moveInDate] of [addDays(today, MAX_MOVE_IN_DAYS_AHEAD + 1), "9999-12-31"].entries())
      await expect(book(moveInDate, i)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining(`Move-in date must be within ${MAX_MOVE_IN_DAYS_AHEAD} days`),
        details: { field: "move_in_date", reason: "move_in_too_far", latest: addDays(today, 365) },
      });
    expect(await written()).toEqual(before);

    const last = await book(addDays(today, 365), 3);
    expect(last.reservation).toMatchObject({ status: "active", moveInDate: addDays(today, 365) });
  });

  it("counts from the booking's clock when one is given (an agent turn's)", async () => {
    const org = await seedOrganization();
    const { unitType } = await seedFacility(org.id, { units: 1 });
    const input = {
      unitTypeId: unitType.id,
      moveInDate: "2030-06-01",
      channel: "phone" as const,
      customer: { name: "Clocked", phone: phone(810) },
    };
    await expect(
      withOrg(org.id, (tx) => createReservation(tx, org.id, ACTOR, input, { now: new Date("2029-05-01T17:00:00Z") })),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", details: { latest: "2030-05-01" } });
    const booked = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, input, { now: new Date("2030-01-15T17:00:00Z") }),
    );
    expect(booked.reservation.moveInDate).toBe("2030-06-01");
  });
});
