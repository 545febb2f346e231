import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { conversation, unit } from "@/server/db/schema";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { readQuery } from "@/server/domain/search/find-anyone";

import { callerFor, seedOrganization, type TestOrg, unique } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

/** The header's search through tRPC, as the console calls it (issue 22, "find anyone"). */
let org: TestOrg;
let caller: Awaited<ReturnType<typeof callerFor>>;
const seeded = {
  customerId: "",
  otherId: "",
  code: "",
  reservedUnit: "",
  occupiedUnit: "",
  callerConversationId: "",
};
const tag = unique("s").slice(-8).replace(/-/g, "");
const name = `Samantha Ortiz${tag}`;
const email = `sam.${tag}@example.test`;
const phone = "+15125550142";

beforeAll(async () => {
  org = await seedOrganization();
  caller = await callerFor(org.owner);
  const { facility, unitType } = await seedFacility(org.id, { units: 3 });
  await withOrg(org.id, async (tx) => {
    const sam = await captureLead(tx, org.id, ACTOR, { source: "call", name, email, phone, facilityId: facility.id });
    const other = await captureLead(tx, org.id, ACTOR, {
      source: "web",
      name: `Ortiz${tag} Bell`,
      phone: "+15125550199",
      facilityId: facility.id,
    });
    const held = await createReservation(tx, org.id, ACTOR, {
      unitTypeId: unitType.id,
      customerId: sam.customer.id,
      moveInDate: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
      channel: "phone",
    });
    const toMoveIn = await createReservation(tx, org.id, ACTOR, {
      unitTypeId: unitType.id,
      customerId: other.customer.id,
      moveInDate: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      channel: "phone",
    });
    await convertToMoveIn(tx, org.id, ACTOR, { reservationId: toMoveIn.reservation.id });
    const [reservedUnit] = await tx.select().from(unit).where(eq(unit.id, held.reservation.unitId));
    const [occupiedUnit] = await tx.select().from(unit).where(eq(unit.id, toMoveIn.reservation.unitId));
    const [call] = await tx
      .insert(conversation)
      .values({ organizationId: org.id, channel: "voice", fromAddress: "+17375550123", toAddress: "+15125550100" })
      .returning();
    Object.assign(seeded, {
      customerId: sam.customer.id,
      otherId: other.customer.id,
      code: held.reservation.confirmationCode,
      reservedUnit: reservedUnit!.number,
      occupiedUnit: occupiedUnit!.number,
      callerConversationId: call!.id,
    });
  });
});

describe("search.anyone", () => {
  it("finds a customer by name words in any order and any case, the exact name first", async () => {
    const r = await caller.search.anyone({ query: `ortiz${tag} samantha` });
    expect(r.customers.map((c) => c.id)).toEqual([seeded.customerId]);
    expect(r.customers[0]).toMatchObject({ name, phone, email, leadStatus: "reserved" });
    const both = await caller.search.anyone({ query: `Ortiz${tag}` });
    expect(both.customers.map((c) => c.id).sort()).toEqual([seeded.customerId, seeded.otherId].sort());
    const first = await caller.search.anyone({ query: name.toUpperCase() });
    expect(first.customers[0]!.id).toBe(seeded.customerId);
  });

  it("finds a customer by the phone in any format, whole or in part", async () => {
    for (const query of ["(512) 555-0142", "512-555-0142", "+1 512 555 0142", "15125550142", "5550142", "555.0142"]) {
      const r = await caller.search.anyone({ query });
      expect(
        r.customers.map((c) => c.id),
        query,
      ).toContain(seeded.customerId);
      expect(
        r.customers.map((c) => c.id),
        query,
      ).not.toContain(seeded.otherId);
    }
  });

  it("finds a customer by e-mail", async () => {
    const r = await caller.search.anyone({ query: email.toUpperCase() });
    expect(r.customers.map((c) => c.id)).toEqual([seeded.customerId]);
  });

  it("finds a reservation by its confirmation code, typed in lower case or with a dash", async () => {
    const typed = `${seeded.code.slice(0, 3).toLowerCase()}-${seeded.code.slice(3).toLowerCase()}`;
    const r = await caller.search.anyone({ query: typed });
    expect(r.reservations).toHaveLength(1);
    expect(r.reservations[0]).toMatchObject({
      confirmationCode: seeded.code,
      customerId: seeded.customerId,
      customerName: name,
    });
  });

  it("finds a unit by number with who holds it: the renter, or the customer holding a reservation", async () => {
    const occupied = await caller.search.anyone({ query: seeded.occupiedUnit.toLowerCase() });
    expect(occupied.units).toHaveLength(1);
    expect(occupied.units[0]).toMatchObject({ status: "occupied", customerId: seeded.otherId });
    const reserved = await caller.search.anyone({ query: seeded.reservedUnit });
    expect(reserved.units[0]).toMatchObject({ status: "reserved", customerId: seeded.customerId, customerName: name });
  });

  it("finds a caller who never became a customer by their number", async () => {
    const r = await caller.search.anyone({ query: "737 555 0123" });
    expect(r.callers.map((c) => c.conversationId)).toEqual([seeded.callerConversationId]);
    expect(r.customers).toEqual([]);
  });

  it("treats LIKE's own characters as text and refuses a one-character query", async () => {
    const r = await caller.search.anyone({ query: "%_" });
    expect(r.customers).toEqual([]);
    await expect(caller.search.anyone({ query: "a" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("finds nothing of another organization's", async () => {
    const other = await seedOrganization();
    const r = await (await callerFor(other.owner)).search.anyone({ query: name });
    expect(r.customers).toEqual([]);
    const byCode = await (await callerFor(other.owner)).search.anyone({ query: seeded.code });
    expect(byCode.reservations).toEqual([]);
  });

  it("has an index for every way in: a name, a phone, a caller's number and a unit number", async () => {
    const plans = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const explain = async (q: ReturnType<typeof sql>) =>
        (await tx.execute<{ "QUERY PLAN": string }>(sql`explain ${q}`)).rows.map((r) => r["QUERY PLAN"]).join("\n");
      return {
        name: await explain(sql`select id from customer where name ilike '%ortiz%'`),
        // On a small table the planner prefers the partial (organization, phone) index: both are fine.
        phone: await explain(sql`select id from customer where phone like '%5550142%'`),
        caller: await explain(sql`select id from conversation where from_address like '%5550123%'`),
        unit: await explain(sql`select id from unit where organization_id = ${org.id} and lower(number) = 'a1'`),
      };
    });
    expect(plans.name).toContain("customer_name_trgm");
    expect(plans.phone).toMatch(/customer_phone_trgm|customer_organization_id_phone_index/);
    expect(plans.caller).toContain("conversation_from_trgm");
    expect(plans.unit).toContain("unit_number_lower");
  });
});

describe("readQuery", () => {
  it("reads phones, codes and words", () => {
    expect(readQuery("(512) 555-0142")).toMatchObject({ phoneLike: true, phoneDigits: "5125550142", words: [] });
    expect(readQuery("+1 512 555 0142").phoneDigits).toBe("5125550142");
    expect(readQuery("A-101")).toMatchObject({ phoneLike: false, codeLike: true, code: "A101" });
    expect(readQuery("  sam   ortiz ")).toMatchObject({ text: "sam ortiz", words: ["sam", "ortiz"], codeLike: false });
    expect(readQuery("12")).toMatchObject({ phoneLike: false });
  });
});
