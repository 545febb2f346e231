import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, conversation, customer } from "@/server/db/schema";

import { callerFor, daysFromToday, seedMember, seedOrganization, type TestOrg } from "../factories";
import { seedFacility } from "../inventory/helpers";

type Caller = Awaited<ReturnType<typeof callerFor>>;

/** The Customers page and the customer page (issue 22): browse, notes, lead owner, one timeline. */
describe("customers page", () => {
  let org: TestOrg;
  let owner: Caller;
  let staff: Caller;
  let staffMemberId: string;
  let facilityId: string;
  let unitTypeId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    org = await seedOrganization();
    owner = await callerFor(org.owner);
    const s = await seedMember(org, "staff");
    staff = await callerFor(s);
    staffMemberId = s.memberId;
    const seeded = await seedFacility(org.id, { units: 3 });
    facilityId = seeded.facility.id;
    unitTypeId = seeded.unitType.id;
    // Five people: three leads (one per status), a customer with no lead, and 30 more for paging.
    for (const [key, name, phone, email] of [
      ["ana", "Ana Zamora", "(512) 555-0101", "ana@example.test"],
      ["ben", "Ben Young", "512.555.0102", null],
      ["cy", "Cy Xu", null, "cy@example.test"],
    ] as const) {
      const l = await owner.leads.capture({ source: "call", name, phone, email, facilityId });
      ids[key] = l.customer.id;
      ids[`${key}Lead`] = l.lead.id;
    }
    const dee = await owner.customers.upsert({ name: "Dee Walker", phone: "+15125550104" });
    ids.dee = dee.customer.id;
    for (let i = 0; i < 30; i++)
      await owner.customers.upsert({ name: `Bulk Person ${i}`, email: `bulk${i}@example.test` });
    await owner.leads.changeStatus({ leadId: ids.benLead!, status: "contacted" });
    await owner.leads.update({ leadId: ids.cyLead!, patch: { ownerMemberId: staffMemberId } });
  });

  it("pages with a total, 50 at a time by default", async () => {
    const first = await staff.customers.browse({ pageSize: 20 });
    expect(first.total).toBe(34);
    expect(first.items).toHaveLength(20);
    const second = await staff.customers.browse({ pageSize: 20, page: 2 });
    expect(second.items).toHaveLength(14);
    const seen = new Set([...first.items, ...second.items].map((c) => c.id));
    expect(seen.size).toBe(34);
  });

  it("searches by name words, phone in any format and e-mail", async () => {
    const names = async (query: string) => (await staff.customers.browse({ query })).items.map((c) => c.name);
    expect(await names("zamora ana")).toEqual(["Ana Zamora"]);
    expect(await names("512-555-0102")).toEqual(["Ben Young"]);
    expect(await names("(512) 555 0104")).toEqual(["Dee Walker"]);
    expect(await names("cy@example")).toEqual(["Cy Xu"]);
    expect(await names("nobody-like-this")).toEqual([]);
    // LIKE's own characters are taken literally.
    expect(await names("%")).toEqual([]);
  });

  it("searches for the first 100 characters of a longer search instead of failing the page", async () => {
    const names = async (query: string) => (await staff.customers.browse({ query })).items.map((c) => c.name);
    expect(await names("zamora ".repeat(20))).toEqual(["Ana Zamora"]);
    expect(await names("x".repeat(150))).toEqual([]);
  });

  it("filters by lead status (or no lead), owner (me, nobody, a member), facility and tenants", async () => {
    const names = async (f: Parameters<Caller["customers"]["browse"]>[0]) =>
      (await staff.customers.browse({ ...f, sort: "name" })).items.map((c) => c.name);
    expect(await names({ status: "contacted" })).toEqual(["Ben Young"]);
    expect(await names({ status: "new" })).toEqual(["Ana Zamora", "Cy Xu"]);
    expect((await staff.customers.browse({ status: "no_lead" })).total).toBe(31);
    expect(await names({ owner: "me" })).toEqual(["Cy Xu"]);
    expect(await names({ owner: staffMemberId })).toEqual(["Cy Xu"]);
    expect(await names({ owner: "me", query: "ana" })).toEqual([]);
    expect((await owner.customers.browse({ owner: "me" })).total).toBe(0);
    expect(await names({ facilityId })).toEqual(["Ana Zamora", "Ben Young", "Cy Xu"]);
    expect(await names({ tenantsOnly: true })).toEqual([]);
    const withOwner = (await staff.customers.browse({ query: "Cy Xu" })).items[0];
    expect(withOwner).toMatchObject({ ownerMemberId: staffMemberId, ownerName: "staff user", leadStatus: "new" });
  });

  it("sorts by name (blank names last), newest, recently changed and last contact", async () => {
    const byName = await staff.customers.browse({ sort: "name", pageSize: 3 });
    expect(byName.items.map((c) => c.name)).toEqual(["Ana Zamora", "Ben Young", "Bulk Person 0"]);
    const newest = await staff.customers.browse({ sort: "created", pageSize: 1 });
    expect(newest.items[0]!.name).toBe("Bulk Person 29");
    // Ben was texted last: first by last contact; people never contacted come after.
    await withOrg(org.id, (tx) =>
      tx.insert(conversation).values([
        { organizationId: org.id, channel: "voice", customerId: ids.ana!, startedAt: new Date(Date.now() - 3_600_000) },
        { organizationId: org.id, channel: "sms", customerId: ids.ben!, startedAt: new Date(Date.now() - 60_000) },
      ]),
    );
    const contacted = await staff.customers.browse({ sort: "last_contact", pageSize: 3 });
    expect(contacted.items.map((c) => c.name).slice(0, 2)).toEqual(["Ben Young", "Ana Zamora"]);
    expect(contacted.items[0]!.lastContactAt).toBeInstanceOf(Date);
  });

  it("refuses a bad page or sort with a clear error", async () => {
    await expect(staff.customers.browse({ page: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff.customers.browse({ sort: "size" as "name" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("notes: added with the writer's name and time, edited with who and when, audited without the words", async () => {
    const note = await staff.customers.addNote({ customerId: ids.ana!, body: "  Prefers a call after 5pm.  " });
    expect(note).toMatchObject({ body: "Prefers a call after 5pm.", authorName: "staff user", editedAt: null });
    await expect(staff.customers.addNote({ customerId: ids.ana!, body: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Write the note first"),
    });
    const edited = await owner.customers.editNote({ noteId: note.id, body: "Prefers a call after 6pm." });
    expect(edited).toMatchObject({
      body: "Prefers a call after 6pm.",
      authorName: "staff user",
      editedByName: "Owner",
    });
    expect(edited.editedAt).toBeInstanceOf(Date);
    await expect(
      owner.customers.editNote({ noteId: "00000000-0000-4000-8000-000000000000", body: "x" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const audits = await db.select().from(auditLog).where(eq(auditLog.targetId, ids.ana!));
    const noteAudits = audits.filter((a) => a.action.startsWith("customer.note_"));
    expect(noteAudits.map((a) => a.action).sort()).toEqual(["customer.note_added", "customer.note_edited"]);
    expect(JSON.stringify(noteAudits)).not.toContain("Prefers");
  });

  it("the timeline holds calls, texts, reservations, payments and notes together, newest first", async () => {
    const booked = await owner.reservations.create({
      unitTypeId,
      moveInDate: daysFromToday(90),
      channel: "phone",
      customerId: ids.ana!,
    });
    await staff.customers.addNote({ customerId: ids.ana!, body: "Booked by phone." });
    const c = await staff.customers.get({ customerId: ids.ana! });
    const kinds = c.timeline.map((t) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(["conversation", "reservation", "note", "activity"]));
    expect(c.timeline[0]).toMatchObject({ kind: "note", body: "Booked by phone." });
    expect(c.timeline).toContainEqual(
      expect.objectContaining({ kind: "reservation", confirmationCode: booked.reservation.confirmationCode }),
    );
    expect(c.timeline).toContainEqual(expect.objectContaining({ kind: "conversation", channel: "voice" }));
    const times = c.timeline.map((t) => t.at.getTime());
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    // The lead's owner is on the customer page: assigned, then cleared.
    await staff.leads.update({ leadId: ids.anaLead!, patch: { ownerMemberId: staffMemberId } });
    expect((await staff.customers.get({ customerId: ids.ana! })).lead).toMatchObject({
      ownerMemberId: staffMemberId,
      ownerName: "staff user",
    });
    await staff.leads.update({ leadId: ids.anaLead!, patch: { ownerMemberId: null } });
    expect((await staff.customers.get({ customerId: ids.ana! })).lead?.ownerName).toBeNull();
    const [row] = await db.select().from(customer).where(eq(customer.id, ids.ana!));
    expect(row?.name).toBe("Ana Zamora");
  });
});
