import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { customer, rental, unit } from "@/server/db/schema";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { localDate } from "@/server/domain/facilities/local-date";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits } from "@/server/domain/inventory/units";

import { seedOrganization, unique } from "../../../tests/factories";
import { ACTOR } from "../../../tests/inventory/helpers";

import { datesOf } from "@/lib/dates";
import * as metrics from "./metrics";

/**
 * Occupancy is read from indexes (the current rentals, the move-outs after a date, the period's
 * move-ins and move-outs) and its series is counted back from the period's last day. This checks
 * both against the definition, date by date: occupied on D when the rental started on or before D
 * and moved out (on its facility's clock) after D or not at all. Two facilities half a day apart
 * (Chicago, Tokyo), tenancies one after another on each unit, move-outs near local midnight.
 */
interface Tenancy {
  facilityId: string;
  timeZone: string;
  unitId: string;
  sqft: number;
  startDate: string;
  movedOutAt: Date | null;
  rate: number;
}

let orgId: string;
const tenancies: Tenancy[] = [];
const facilities: { id: string; timeZone: string }[] = [];

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const addDaysUtc = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  orgId = (await seedOrganization()).id;
  const random = generator(20260301);
  for (const [timeZone, size] of [
    ["America/Chicago", [10, 10]],
    ["Asia/Tokyo", [5, 10]],
  ] as const) {
    const { f, units } = await withOrg(orgId, async (tx) => {
      const f = await createFacility(tx, orgId, ACTOR, {
        name: `Occupancy ${timeZone}`,
        slug: unique("fac"),
        timeZone,
      });
      const ut = await createUnitType(tx, orgId, ACTOR, {
        facilityId: f.id,
        name: `${size[0]}x${size[1]}`,
        widthFt: size[0],
        lengthFt: size[1],
        features: [],
        streetRateCents: 10_000,
        webRateCents: 9_000,
      });
      await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: ut.id, range: "B1-B6" });
      return {
        f,
        units: await tx
          .select()
          .from(unit)
          .where(sql`${unit.unitTypeId} = ${ut.id}`),
      };
    });
    facilities.push({ id: f.id, timeZone });
    for (const u of units) {
      // Up to three tenancies a unit between December and March; the last may still be current.
      let day = addDaysUtc("2025-12-01", Math.floor(random() * 30));
      for (let k = 0; k < 3 && day < "2026-03-20"; k++) {
        const stays = random() < 0.35 && k === 2 ? null : 1 + Math.floor(random() * 40);
        // Move-outs at any minute of the day in UTC, so some fall either side of local midnight.
        const movedOutAt =
          stays === null ? null : new Date(Date.parse(`${addDaysUtc(day, stays)}T00:00:00Z`) + random() * 86_400_000);
        tenancies.push({
          facilityId: f.id,
          timeZone,
          unitId: u.id,
          sqft: size[0] * size[1],
          startDate: day,
          movedOutAt,
          rate: 5_000 + Math.floor(random() * 100) * 100,
        });
        if (!movedOutAt) break;
        day = addDaysUtc(localDate(timeZone, movedOutAt), 1 + Math.floor(random() * 10));
      }
    }
  }
  for (const t of tenancies) {
    const [c] = await db.insert(customer).values({ organizationId: orgId, name: "Tenant" }).returning();
    await db.insert(rental).values({
      organizationId: orgId,
      facilityId: t.facilityId,
      unitId: t.unitId,
      customerId: c!.id,
      startDate: t.startDate,
      monthlyRateCents: t.rate,
      billingDay: 1,
      gateCodeEncrypted: "x",
      movedOutAt: t.movedOutAt,
    });
  }
});

/** The definition, row by row. */
function expected(date: string, facilityId: string | null) {
  const occupying = tenancies.filter(
    (t) =>
      (!facilityId || t.facilityId === facilityId) &&
      t.startDate <= date &&
      (!t.movedOutAt || localDate(t.timeZone, t.movedOutAt) > date),
  );
  return {
    units: occupying.length,
    sqft: occupying.reduce((s, t) => s + t.sqft, 0),
    rentRoll: occupying.reduce((s, t) => s + t.rate, 0),
  };
}

describe("occupancy read by index and counted back", () => {
  it("matches the definition on every date of several periods, for all facilities and for each", async () => {
    expect(tenancies.filter((t) => t.movedOutAt).length).toBeGreaterThan(10);
    const periods = [
      { from: "2025-12-01", to: "2026-03-31" },
      { from: "2026-01-10", to: "2026-01-24" },
      { from: "2026-02-15", to: "2026-02-15" },
      { from: "2025-11-01", to: "2025-12-10" },
    ];
    for (const period of periods)
      for (const facilityId of [null, ...facilities.map((f) => f.id)]) {
        const o = await withOrg(orgId, (tx) => metrics.occupancy(tx, orgId, { ...period, facilityId }));
        const label = `${period.from}..${period.to} ${facilityId ?? "all"}`;
        const last = expected(period.to, facilityId);
        expect(o.current.total, label).toMatchObject({
          units: facilityId ? 6 : 12,
          occupiedUnits: last.units,
          occupiedSqft: last.sqft,
          rentRollCents: last.rentRoll,
        });
        expect(o.current.series.map((s) => s.date)).toEqual(datesOf(period));
        for (const s of o.current.series) {
          const e = expected(s.date, facilityId);
          expect({ date: s.date, units: s.occupiedUnits, sqft: s.occupiedSqft }, label).toEqual({
            date: s.date,
            units: e.units,
            sqft: e.sqft,
          });
        }
        expect(o.previous.total.occupiedUnits, label).toBe(expected(o.previousPeriod.to, facilityId).units);
      }
  });

  it("follows changes: a move-out, a corrected move-out, a payment and a resized unit type show on the next read", async () => {
    const period = { from: "2026-04-01", to: "2026-04-10" };
    const read = () => withOrg(orgId, (tx) => metrics.occupancy(tx, orgId, period));
    const before = await read();
    const current = tenancies.find((t) => !t.movedOutAt && t.timeZone === "America/Chicago")!;
    // Moves out at 23:30 on April 5th in Chicago (04:30 UTC on the 6th): free at the end of the 5th.
    await db.execute(
      sql`UPDATE rental SET moved_out_at = '2026-04-06T04:30:00Z' WHERE unit_id = ${current.unitId} AND moved_out_at IS NULL`,
    );
    const moved = await read();
    const units = (o: typeof moved) => o.current.series.map((s) => s.occupiedUnits);
    expect(units(moved)).toEqual(units(before).map((n, i) => (i >= 4 ? n - 1 : n)));
    // Corrected to the 8th: the 5th, 6th and 7th are occupied again.
    await db.execute(
      sql`UPDATE rental SET moved_out_at = '2026-04-09T04:30:00Z' WHERE unit_id = ${current.unitId} AND moved_out_at = '2026-04-06T04:30:00Z'`,
    );
    expect(units(await read())).toEqual(units(before).map((n, i) => (i >= 7 ? n - 1 : n)));

    const [r] = await db
      .execute<{ id: string; customer_id: string }>(
        sql`SELECT id, customer_id FROM rental WHERE organization_id = ${orgId} AND moved_out_at IS NULL LIMIT 1`,
      )
      .then((x) => x.rows);
    await db.execute(
      sql`INSERT INTO payment (organization_id, customer_id, rental_id, amount_cents, method, received_at) VALUES (${orgId}, ${r!.customer_id}, ${r!.id}, 4321, 'card', '2026-04-03T18:00:00Z')`,
    );
    expect((await read()).current.total.collectedCents).toBe(before.current.total.collectedCents + 4321);
    // Money that did not come in is not collected; a refund takes back what it returned.
    await db.execute(
      sql`INSERT INTO payment (organization_id, customer_id, rental_id, amount_cents, method, status, received_at) VALUES (${orgId}, ${r!.customer_id}, ${r!.id}, 999, 'card', 'failed', '2026-04-03T19:00:00Z')`,
    );
    await db.execute(
      sql`UPDATE payment SET refunded_cents = 321, status = 'partially_refunded' WHERE rental_id = ${r!.id} AND amount_cents = 4321`,
    );
    expect((await read()).current.total.collectedCents).toBe(before.current.total.collectedCents + 4000);

    // Chicago's 10x10 becomes 10x20: every square foot figure follows, back in time too.
    const chicago = facilities.find((f) => f.timeZone === "America/Chicago")!;
    await db.execute(sql`UPDATE unit_type SET length_ft = 20 WHERE facility_id = ${chicago.id}`);
    const resized = await withOrg(orgId, (tx) =>
      metrics.occupancy(tx, orgId, { from: "2026-01-10", to: "2026-01-24", facilityId: chicago.id }),
    );
    for (const day of resized.current.series) expect(day.occupiedSqft).toBe(day.occupiedUnits * 200);
  });
});
