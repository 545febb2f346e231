import { beforeAll, describe, expect, it } from "vitest";

import { callerFor, seedOrganization, type TestOrg } from "../factories";
import { seedFacility } from "./helpers";

type Caller = Awaited<ReturnType<typeof callerFor>>;
type ListInput = Parameters<Caller["reservations"]["list"]>[0];

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** The Reservations page's server side (issue 22, item 1): search, filters, sorts, keyset pages, isolation. */
describe("reservations list", () => {
  let a: TestOrg;
  let owner: Caller;
  let ownerB: Caller;
  let facilityId: string;
  const codes: Record<string, string> = {};
  const units: Record<string, string> = {};

  beforeAll(async () => {
    a = await seedOrganization();
    owner = await callerFor(a.owner);
    const seeded = await seedFacility(a.id, { units: 5 });
    facilityId = seeded.facility.id;
    for (const [key, name, phone, days] of [
      ["ana", "Ana Zamora", "+15125550101", 9],
      ["ben", "Ben Young", "+15125550102", 3],
      ["cy", "Cy Xu", "+15125550103", 6],
    ] as const) {
      const r = await owner.reservations.create({
        unitTypeId: seeded.unitType.id,
        moveInDate: day(days),
        channel: "phone",
        customer: { name, phone },
      });
      codes[key] = r.reservation.confirmationCode;
      units[key] = (await owner.reservations.get({ id: r.reservation.id })).unitNumber;
    }
    await owner.reservations.cancel({
      reservationId: (await owner.reservations.get({ confirmationCode: codes.ben! })).reservation.id,
      reason: "changed plans",
    });
    const b = await seedOrganization();
    ownerB = await callerFor(b.owner);
    const seededB = await seedFacility(b.id, { units: 1 });
    await ownerB.reservations.create({
      unitTypeId: seededB.unitType.id,
      moveInDate: day(4),
      channel: "phone",
      customer: { name: "Ana Zamora", phone: "+15125550101" },
    });
  });

  const names = async (caller: Caller, input: ListInput) =>
    (await caller.reservations.list(input)).items.map((r) => r.customer.name);

  it("finds a reservation by code (any case, with a dash), the customer's name, phone or e-mail, or the unit", async () => {
    const code = codes.cy!;
    expect(await names(owner, { query: code.toLowerCase() })).toEqual(["Cy Xu"]);
    expect(await names(owner, { query: `${code.slice(0, 3)}-${code.slice(3)}` })).toEqual(["Cy Xu"]);
    expect(await names(owner, { query: "zamora" })).toEqual(["Ana Zamora"]);
    expect(await names(owner, { query: "(512) 555-0102" })).toEqual(["Ben Young"]);
    expect(await names(owner, { query: units.ana!.toLowerCase() })).toEqual(["Ana Zamora"]);
    expect(await names(owner, { query: "nobody here" })).toEqual([]);
    expect(await names(owner, { query: "%" })).toEqual([]);
    await expect(owner.reservations.list({ query: "y".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.reservations.list({ query: "a\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("filters by status, facility and move-in dates; a backwards range is refused", async () => {
    expect(await names(owner, { status: "cancelled" })).toEqual(["Ben Young"]);
    expect((await names(owner, { status: "active", sort: "name" })).sort()).toEqual(["Ana Zamora", "Cy Xu"]);
    expect(await names(owner, { facilityId, sort: "name" })).toEqual(["Ana Zamora", "Ben Young", "Cy Xu"]);
    expect(await names(owner, { moveInFrom: day(5), moveInTo: day(7) })).toEqual(["Cy Xu"]);
    expect(await names(owner, { moveInFrom: day(5), sort: "move_in" })).toEqual(["Cy Xu", "Ana Zamora"]);
    await expect(owner.reservations.list({ moveInFrom: day(7), moveInTo: day(5) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(owner.reservations.list({ moveInFrom: "2026-02-30x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("sorts by newest, move-in, hold expiry and name, and pages by cursor one at a time", async () => {
    expect(await names(owner, {})).toEqual(["Cy Xu", "Ben Young", "Ana Zamora"]);
    expect(await names(owner, { sort: "move_in" })).toEqual(["Ben Young", "Cy Xu", "Ana Zamora"]);
    expect(await names(owner, { sort: "name" })).toEqual(["Ana Zamora", "Ben Young", "Cy Xu"]);
    expect(await names(owner, { sort: "hold_expires" })).toHaveLength(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await owner.reservations.list({ sort: "move_in", limit: 1, cursor });
      seen.push(...page.items.map((r) => r.customer.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["Ben Young", "Cy Xu", "Ana Zamora"]);
    const first = await owner.reservations.list({ sort: "move_in", limit: 1 });
    await expect(owner.reservations.list({ sort: "name", cursor: first.nextCursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(owner.reservations.list({ cursor: "%%%" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.reservations.list({ sort: "soonest" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("never shows another organization's reservations", async () => {
    expect(await names(ownerB, { query: "zamora" })).toEqual(["Ana Zamora"]);
    expect(await names(ownerB, { query: codes.ana! })).toEqual([]);
    expect(await names(ownerB, { query: "young" })).toEqual([]);
    expect(await names(ownerB, { facilityId })).toEqual([]);
    const aPage = await owner.reservations.list({ sort: "name", limit: 1 });
    expect((await ownerB.reservations.list({ sort: "name", cursor: aPage.nextCursor })).items.length).toBeLessThan(2);
  });
});
