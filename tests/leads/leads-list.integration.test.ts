import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "../factories";
import { seedFacility } from "../inventory/helpers";

type Caller = Awaited<ReturnType<typeof callerFor>>;
type ListInput = Parameters<Caller["leads"]["list"]>[0];

/** Every lead of a list, following "show more" to the end. */
async function all(caller: Caller, input: ListInput) {
  const rows: Awaited<ReturnType<Caller["leads"]["list"]>>["items"] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await caller.leads.list({ ...input, cursor });
    rows.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return rows;
}

/** The Leads page's server side (issue 22, item 1): search, filters, sorts, keyset pages, isolation. */
describe("leads list", () => {
  let a: TestOrg;
  let b: TestOrg;
  let owner: Caller;
  let staff: Caller;
  let staffMemberId: string;
  let ownerB: Caller;
  let facilityId: string;
  const leadIds: Record<string, string> = {};

  beforeAll(async () => {
    a = await seedOrganization();
    b = await seedOrganization();
    owner = await callerFor(a.owner);
    ownerB = await callerFor(b.owner);
    const s = await seedMember(a, "staff");
    staff = await callerFor(s);
    staffMemberId = s.memberId;
    facilityId = (await seedFacility(a.id, { units: 0 })).facility.id;
    for (const [key, name, phone, email, source] of [
      ["ana", "Ana Zamora", "(512) 555-0101", "ana@example.test", "call"],
      ["ben", "Ben Young", "512.555.0102", null, "sms"],
      ["cy", "Cy Xu", null, "cy@example.test", "web"],
      ["nameless", "", "+15125550109", null, "chat"],
    ] as const) {
      const l = await owner.leads.capture({ source, name, phone, email, facilityId: key === "cy" ? null : facilityId });
      leadIds[key] = l.lead.id;
    }
    await owner.leads.changeStatus({ leadId: leadIds.ben!, status: "contacted" });
    await owner.leads.update({
      leadId: leadIds.cy!,
      patch: { ownerMemberId: staffMemberId, score: 90, nextFollowUpAt: new Date(Date.now() + 3_600_000) },
    });
    await owner.leads.update({ leadId: leadIds.ana!, patch: { score: 40 } });
    // B has a person with the same name and number: never seen from A, and A's never from B.
    await ownerB.leads.capture({ source: "call", name: "Ana Zamora", phone: "+15125550101" });
  });

  it("searches by name words, phone in any format and e-mail; LIKE's characters mean themselves", async () => {
    const names = async (query: string) => (await staff.leads.list({ query })).items.map((r) => r.customer.name);
    expect(await names("zamora ana")).toEqual(["Ana Zamora"]);
    expect(await names("512-555-0102")).toEqual(["Ben Young"]);
    expect(await names("+1 (512) 555 0101")).toEqual(["Ana Zamora"]);
    expect(await names("cy@example")).toEqual(["Cy Xu"]);
    expect(await names("nobody-like-this")).toEqual([]);
    expect(await names("%")).toEqual([]);
    expect(await names("_")).toEqual([]);
    expect(await names("\\")).toEqual([]);
  });

  it("takes hostile search text without a server error, and refuses what is too long", async () => {
    for (const query of ["'; drop table lead; --", "😀", "\uD800", "()+.-", "ana\u00a0zamora", "' or 1=1 --"])
      await expect(staff.leads.list({ query })).resolves.toMatchObject({ items: expect.any(Array) });
    // Control characters (a NUL Postgres would refuse) are a clear refusal at the door, never a 500.
    for (const query of ["a\u0000b", "\u0000"])
      await expect(staff.leads.list({ query })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("control characters"),
      });
    // A tab or a line break pasted with a name is a space.
    expect((await staff.leads.list({ query: "ana\tzamora\n" })).items.map((r) => r.customer.name)).toEqual([
      "Ana Zamora",
    ]);
    await expect(staff.leads.list({ query: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff.leads.counts({ query: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("filters by status, owner (me, nobody, a member), facility and source; counts follow the filters", async () => {
    const names = async (f: ListInput) =>
      (await staff.leads.list({ ...f, sort: "name" })).items.map((r) => r.customer.name);
    expect(await names({ status: "contacted" })).toEqual(["Ben Young"]);
    expect(await names({ owner: "me" })).toEqual(["Cy Xu"]);
    expect(await names({ owner: staffMemberId })).toEqual(["Cy Xu"]);
    expect(await names({ owner: "nobody" })).toEqual(["Ana Zamora", "Ben Young", ""]);
    expect((await owner.leads.list({ owner: "me" })).items).toEqual([]);
    expect(await names({ facilityId })).toEqual(["Ana Zamora", "Ben Young", ""]);
    expect(await names({ source: "web" })).toEqual(["Cy Xu"]);
    expect(await names({ source: "sms", status: "new" })).toEqual([]);
    const row = (await staff.leads.list({ owner: "me" })).items[0]!;
    expect(row.ownerName).toBeTruthy();
    expect((await staff.leads.list({ query: "ana" })).items[0]!.facilityName).toBe("Test Storage");

    expect(await staff.leads.counts()).toEqual({ new: 3, contacted: 1 });
    expect(await staff.leads.counts({ query: "young" })).toEqual({ contacted: 1 });
    expect(await staff.leads.counts({ owner: "me" })).toEqual({ new: 1 });
    expect(await staff.leads.counts({ source: "call" })).toEqual({ new: 1 });
  });

  it("sorts by follow-up, name (no name last), score, newest and recently changed", async () => {
    const names = async (sort: ListInput["sort"]) =>
      (await staff.leads.list({ sort })).items.map((r) => r.customer.name || "(none)");
    // Cy's follow-up is due; the rest have none and come most recently changed first.
    expect((await names("follow_up"))[0]).toBe("Cy Xu");
    expect(await names("name")).toEqual(["Ana Zamora", "Ben Young", "Cy Xu", "(none)"]);
    expect((await names("score")).slice(0, 2)).toEqual(["Cy Xu", "Ana Zamora"]);
    expect(await names("created")).toEqual(["(none)", "Cy Xu", "Ben Young", "Ana Zamora"]);
    expect((await names("recent"))[0]).toBe("Ana Zamora");
    await expect(staff.leads.list({ sort: "lost_first" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a cursor that is not one of this sort's, however it was made", async () => {
    const first = await staff.leads.list({ sort: "name", limit: 1 });
    expect(first.nextCursor).toBeTruthy();
    const bad = [
      "garbage!",
      Buffer.from("not json").toString("base64url"),
      Buffer.from(JSON.stringify({ s: "name", v: [false, "a"] })).toString("base64url"),
      Buffer.from(JSON.stringify({ s: "name", v: [false, "a", "not-a-uuid"] })).toString("base64url"),
      Buffer.from(JSON.stringify({ s: "recent", v: ["yesterday", crypto.randomUUID()] })).toString("base64url"),
      Buffer.from(JSON.stringify({ s: "score", v: [1.5, "2026-01-01T00:00:00Z", crypto.randomUUID()] })).toString(
        "base64url",
      ),
    ];
    for (const cursor of bad)
      await expect(
        staff.leads.list({ sort: cursor.includes("garbage") ? "name" : "recent", cursor }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A real cursor, but another sort's.
    await expect(staff.leads.list({ sort: "created", cursor: first.nextCursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("never shows another organization's leads, whatever the search, filter or cursor", async () => {
    expect((await ownerB.leads.list({ query: "ana zamora" })).items).toHaveLength(1);
    expect((await ownerB.leads.list({ query: "ben" })).items).toEqual([]);
    expect((await ownerB.leads.list({ facilityId })).items).toEqual([]);
    expect((await ownerB.leads.list({ owner: staffMemberId })).items).toEqual([]);
    expect(await ownerB.leads.counts({ facilityId })).toEqual({});
    // A's cursor is only a position: B reading after it still sees B's rows alone.
    const aPage = await owner.leads.list({ sort: "name", limit: 1 });
    const bAfter = await ownerB.leads.list({ sort: "name", cursor: aPage.nextCursor });
    expect(bAfter.items.every((r) => r.lead.organizationId === b.id)).toBe(true);
  });

  it("pages past 500 leads in order, without a repeat or a gap", async () => {
    const big = await seedOrganization();
    const bigOwner = await callerFor(big.owner);
    // 520 leads straight into the tables (capturing each through the API would take minutes): half
    // with a follow-up time (some equal, to test the tie-break), half without.
    await withOrg(big.id, async (tx) => {
      await tx.execute(sql`
        with c as (
          insert into customer (organization_id, name, phone)
          select ${big.id}, 'Bulk ' || lpad(i::text, 3, '0'), '+1737555' || lpad(i::text, 4, '0')
          from generate_series(1, 520) i
          returning id, name
        )
        insert into lead (organization_id, customer_id, source, status, next_follow_up_at, updated_at)
        select ${big.id}, c.id, 'call', 'new',
          case when substr(c.name, 6)::int % 2 = 0 then now() + ((substr(c.name, 6)::int % 7) || ' hours')::interval end,
          now() - (substr(c.name, 6)::int % 13 || ' minutes')::interval
        from c`);
    });
    expect(await bigOwner.leads.counts()).toEqual({ new: 520 });
    for (const sort of ["follow_up", "name", "recent", "score"] as const) {
      const rows = await all(bigOwner, { sort, limit: 200, status: "new" });
      expect(rows, sort).toHaveLength(520);
      expect(new Set(rows.map((r) => r.lead.id)).size, sort).toBe(520);
      if (sort === "name")
        expect(rows.map((r) => r.customer.name)).toEqual(
          Array.from({ length: 520 }, (_, i) => `Bulk ${String(i + 1).padStart(3, "0")}`),
        );
      if (sort === "follow_up") {
        const due = rows.map((r) => r.lead.nextFollowUpAt?.getTime() ?? Infinity);
        expect(due).toEqual([...due].sort((x, y) => x - y));
        expect(rows.slice(260).every((r) => r.lead.nextFollowUpAt === null)).toBe(true);
      }
    }
    // Filtered paging too: the 52 whose number ends in 0 (…0010, …0020, …).
    const tens = await all(bigOwner, { query: "0", sort: "created", limit: 20 });
    expect(tens.length).toBeGreaterThan(50);
  });
});
