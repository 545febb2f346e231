import { eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { facility, reservation, unit, UNIT_FEATURES, type UnitFeature } from "@/server/db/schema";
import { unitIsFree } from "@/server/domain/inventory/availability-sql";
import {
  searchUnits,
  ZSearchUnits,
  type SearchResult,
  type SearchUnitsInput,
} from "@/server/domain/inventory/search-units";
import { bulkCreateUnits } from "@/server/domain/inventory/units";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { createReservation } from "@/server/domain/reservations/create-reservation";

import { daysFromToday, seedOrganization, unique } from "../factories";
import { ACTOR } from "./helpers";

/** Small deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The search as plainly as SQL can say it: count every type's free units (no trigger-kept counter,
 * no area column, no index tricks), filter, sort everything, take the page. The optimised
 * searchUnits must return exactly this.
 */
async function reference(orgId: string, input: SearchUnitsInput) {
  const q = ZSearchUnits.parse(input);
  const rate =
    q.channel === "web" || q.channel === "chat" ? sql.raw("ut.web_rate_cents") : sql.raw("ut.street_rate_cents");
  const area = sql.raw("(ut.width_ft * ut.length_ft)");
  const where = [sql`ut.organization_id = ${orgId}`, sql`ut.active`, sql`f.active`, sql`free.n > 0`];
  if (q.facilityIds?.length) where.push(sql`ut.facility_id in ${q.facilityIds}`);
  if (q.features.length) where.push(sql`ut.features @> ${`{${q.features.join(",")}}`}::text[]`);
  if (q.maxPriceCents !== undefined) where.push(sql`${rate} <= ${q.maxPriceCents}`);
  if (q.minAreaSqFt) where.push(sql`${area} >= ${q.minAreaSqFt}`);
  if (q.maxAreaSqFt) where.push(sql`${area} <= ${q.maxAreaSqFt}`);
  const run = (extra: ReturnType<typeof sql> | null, orderBy: ReturnType<typeof sql>, limit: number) =>
    withOrg(orgId, async (tx) => {
      const res = await tx.execute<Record<string, unknown>>(sql`
        select ut.id, ${rate} as rate, free.n
        from unit_type ut join facility f on f.id = ut.facility_id
        cross join lateral (select count(*)::int as n from unit where unit.unit_type_id = ut.id and ${unitIsFree()}) free
        where ${sql.join(extra ? [...where, extra] : where, sql` and `)}
        order by ${orderBy} limit ${limit}`);
      return res.rows.map((r) => `${String(r.id)}:${String(r.rate)}:${String(r.n)}`);
    });
  const w = q.widthFt;
  const l = q.lengthFt;
  const size =
    w !== undefined && l !== undefined
      ? sql`((ut.width_ft = ${w} and ut.length_ft = ${l}) or (ut.width_ft = ${l} and ut.length_ft = ${w}))`
      : (w ?? l) !== undefined
        ? sql`(ut.width_ft = ${w ?? l} or ut.length_ft = ${w ?? l})`
        : null;
  const results = await run(size, sql`${rate}, ${area}, f.name, ut.id`, q.limit);
  const target = w !== undefined || l !== undefined ? (w ?? l)! * (l ?? w)! : null;
  const alternatives =
    results.length === 0 && target !== null
      ? await run(null, sql`abs(${area} - ${target}), ${rate}, f.name, ut.id`, Math.min(q.limit, 10))
      : [];
  return { results, alternatives };
}

const brief = (rows: SearchResult[]) => rows.map((r) => `${r.unitTypeId}:${r.rateCents}:${r.available}`);

describe("searchUnits matches the plain reference query", () => {
  const SIZES = [
    [5, 5],
    [5, 10],
    [10, 5],
    [10, 10],
    [5, 20],
    [10, 15],
    [15, 10],
    [10, 20],
    [10, 30],
    [12, 40],
  ] as const;
  let orgId = "";
  let facilityIds: string[] = [];
  const rand = rng(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  beforeAll(async () => {
    const org = await seedOrganization();
    orgId = org.id;
    // Six facilities, two sharing a name (ties fall to the unit type id), one inactive.
    facilityIds = await withOrg(orgId, async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const f = await createFacility(tx, orgId, ACTOR, {
          name: i < 2 ? "Same Name Storage" : `Storage ${i}`,
          slug: unique("fac"),
          active: i !== 5,
        });
        for (let k = 0; k < 7; k++) {
          const [w, l] = pick(SIZES);
          const features = UNIT_FEATURES.filter(() => rand() < 0.3);
          // Few distinct prices so rates tie across facilities.
          const web = w * l * 90 + Math.floor(rand() * 3) * 500;
          const t = await createUnitType(tx, orgId, ACTOR, {
            facilityId: f.id,
            name: `${w}x${l} #${k}`,
            widthFt: w,
            lengthFt: l,
            features,
            webRateCents: web,
            streetRateCents: web + Math.floor(rand() * 3) * 700,
            active: rand() > 0.1,
          });
          const n = Math.floor(rand() * 4);
          if (n > 0)
            await bulkCreateUnits(tx, orgId, ACTOR, {
              unitTypeId: t.id,
              range: `${"ABCDEF"[i]}${"HIJKLMN"[k]}1-${"ABCDEF"[i]}${"HIJKLMN"[k]}${n}`,
            });
        }
        ids.push(f.id);
      }
      return ids;
    });
    // Statuses: some units taken or out of service, so some types sell out.
    const units = await db.select({ id: unit.id }).from(unit).where(eq(unit.organizationId, orgId));
    const taken = units.filter(() => rand() < 0.35).map((u) => u.id);
    const broken = units.filter((u) => !taken.includes(u.id) && rand() < 0.1).map((u) => u.id);
    if (taken.length) await db.update(unit).set({ status: "occupied" }).where(inArray(unit.id, taken));
    if (broken.length) await db.update(unit).set({ status: "unavailable" }).where(inArray(unit.id, broken));
    // Holds: some active, some lapsed (a lapsed hold's unit is free again, before any sweep).
    const held = await withOrg(orgId, (tx) =>
      tx.execute<{ id: string }>(
        sql`select ut.id from unit_type ut join facility f on f.id = ut.facility_id where ut.organization_id = ${orgId} and ut.active and f.active and ut.available_units > 0 order by ut.id limit 8`,
      ),
    );
    for (const [i, t] of held.rows.entries()) {
      const r = await withOrg(orgId, (tx) =>
        createReservation(tx, orgId, ACTOR, {
          unitTypeId: t.id,
          moveInDate: daysFromToday(30),
          channel: "web",
          customer: { name: `C${i}`, email: `${unique("c")}@example.test` },
        }),
      );
      if (i % 2 === 0)
        await db
          .update(reservation)
          .set({ holdExpiresAt: new Date(Date.now() - 60_000) })
          .where(eq(reservation.id, r.reservation.id));
    }
  });

  it("for random sizes, features, prices, facilities and channels", async () => {
    let withAlternatives = 0;
    let withResults = 0;
    for (let i = 0; i < 120; i++) {
      const [w, l] = pick([...SIZES, [8, 8], [20, 20], [1, 1]] as const);
      const input: SearchUnitsInput = {
        channel: pick(["web", "phone", "chat", "sms"] as const),
        features: rand() < 0.5 ? [] : [pick(UNIT_FEATURES) as UnitFeature],
        limit: pick([1, 3, 5, 20]),
      };
      const shape = rand();
      if (shape < 0.6) Object.assign(input, { widthFt: w, lengthFt: l });
      else if (shape < 0.75) input.widthFt = w;
      else if (shape < 0.85) input.lengthFt = l;
      if (rand() < 0.3) input.maxPriceCents = pick([5_000, 15_000, 30_000]);
      if (rand() < 0.2) input.facilityIds = [pick(facilityIds), pick(facilityIds)];
      if (rand() < 0.15) input.minAreaSqFt = pick([25, 100]);
      if (rand() < 0.15) input.maxAreaSqFt = pick([100, 200]);
      const got = await withOrg(orgId, (tx) => searchUnits(tx, orgId, input));
      const want = await reference(orgId, input);
      expect({ input, results: brief(got.results), alternatives: brief(got.alternatives) }).toEqual({ input, ...want });
      if (got.results.length) withResults++;
      if (got.alternatives.length) withAlternatives++;
    }
    // The random cases really exercised both paths.
    expect(withResults).toBeGreaterThan(20);
    expect(withAlternatives).toBeGreaterThan(10);
  });

  it("never offers an inactive facility", async () => {
    const inactive = (await db.select({ id: facility.id }).from(facility).where(eq(facility.id, facilityIds[5]!)))[0]!
      .id;
    const all = await withOrg(orgId, (tx) => searchUnits(tx, orgId, { limit: 100 }));
    expect(all.results.length).toBeGreaterThan(0);
    expect(all.results.map((r) => r.facilityId)).not.toContain(inactive);
  });
});
