import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { conversation, customer, lead } from "@/server/db/schema";

import { callerFor, seedOrganization, type TestOrg } from "../factories";

type Caller = Awaited<ReturnType<typeof callerFor>>;
type ListInput = Parameters<Caller["calls"]["list"]>[0];

/** The Calls page's search and sorts (issue 22, item 1), keyset pages under each sort, isolation. */
describe("calls list: search and sort", () => {
  let a: TestOrg;
  let owner: Caller;
  let ownerB: Caller;
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

  async function seed(org: TestOrg, rows: Parameters<typeof addCall>[1][]) {
    for (const r of rows) await addCall(org, r);
  }
  async function addCall(
    org: TestOrg,
    r: {
      from: string;
      name?: string;
      via?: "customer" | "lead";
      summary: string;
      ago: number;
      seconds: number | null;
      turns: number;
    },
  ) {
    await withOrg(org.id, async (tx) => {
      let customerId: string | null = null;
      let leadId: string | null = null;
      if (r.name) {
        const [c] = await tx
          .insert(customer)
          .values({ organizationId: org.id, name: r.name, phone: r.from })
          .returning();
        customerId = c!.id;
        if (r.via === "lead") {
          const [l] = await tx
            .insert(lead)
            .values({ organizationId: org.id, customerId: c!.id, source: "call" })
            .returning();
          leadId = l!.id;
          customerId = null;
        }
      }
      await tx.insert(conversation).values({
        organizationId: org.id,
        channel: "voice",
        fromAddress: r.from,
        toAddress: "+15125550000",
        customerId,
        leadId,
        summary: r.summary,
        status: r.seconds === null ? "active" : "ended",
        durationSeconds: r.seconds,
        turnCount: r.turns,
        startedAt: minutesAgo(r.ago),
      });
    });
  }

  beforeAll(async () => {
    a = await seedOrganization();
    owner = await callerFor(a.owner);
    const b = await seedOrganization();
    ownerB = await callerFor(b.owner);
    await seed(a, [
      {
        from: "+15125550101",
        name: "Ana Zamora",
        summary: "Asked for a 10x10 climate unit",
        ago: 50,
        seconds: 240,
        turns: 8,
      },
      {
        from: "+15125550102",
        name: "Ben Young",
        via: "lead",
        summary: "Reserved a 5x5 locker",
        ago: 40,
        seconds: 95,
        turns: 12,
      },
      { from: "+17375550199", summary: "Hung up after the greeting", ago: 30, seconds: 6, turns: 1 },
      { from: "+15125550104", summary: "Gate hours question, 10x10 drive-up", ago: 20, seconds: 60, turns: 3 },
      { from: "+15125550105", summary: "Still talking", ago: 1, seconds: null, turns: 2 },
    ]);
    await seed(b, [
      {
        from: "+15125550101",
        name: "Ana Zamora",
        summary: "B's caller asked for a 10x10",
        ago: 5,
        seconds: 30,
        turns: 2,
      },
    ]);
  });

  const froms = async (caller: Caller, input: ListInput) =>
    (await caller.calls.list(input)).items.map((c) => c.fromAddress);

  it("finds calls by the caller's number in any format, name (customer or lead) and words of the summary", async () => {
    expect(await froms(owner, { query: "(737) 555-0199" })).toEqual(["+17375550199"]);
    expect(await froms(owner, { query: "0199" })).toEqual(["+17375550199"]);
    expect(await froms(owner, { query: "zamora" })).toEqual(["+15125550101"]);
    expect(await froms(owner, { query: "ben young" })).toEqual(["+15125550102"]);
    expect(await froms(owner, { query: "10x10" })).toEqual(["+15125550104", "+15125550101"]);
    expect(await froms(owner, { query: "drive-up 10x10" })).toEqual(["+15125550104"]);
    expect(await froms(owner, { query: "nothing like it" })).toEqual([]);
    expect(await froms(owner, { query: "%_" })).toEqual([]);
    await expect(owner.calls.list({ query: "z".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(owner.calls.list({ query: "\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("sorts newest, oldest, longest (live last) and most turns; the filters still apply", async () => {
    expect(await froms(owner, {})).toEqual([
      "+15125550105",
      "+15125550104",
      "+17375550199",
      "+15125550102",
      "+15125550101",
    ]);
    expect((await froms(owner, { sort: "oldest" }))[0]).toBe("+15125550101");
    expect(await froms(owner, { sort: "longest" })).toEqual([
      "+15125550101",
      "+15125550102",
      "+15125550104",
      "+17375550199",
      "+15125550105",
    ]);
    expect((await froms(owner, { sort: "turns" }))[0]).toBe("+15125550102");
    expect(await froms(owner, { sort: "longest", status: "ended", query: "10x10" })).toEqual([
      "+15125550101",
      "+15125550104",
    ]);
    await expect(owner.calls.list({ sort: "loudest" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("pages each sort by cursor without a repeat; a cursor from another sort is refused", async () => {
    for (const sort of ["newest", "oldest", "longest", "turns"] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await owner.calls.list({ sort, limit: 2, cursor });
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(5);
    }
    const first = await owner.calls.list({ sort: "longest", limit: 1 });
    await expect(owner.calls.list({ sort: "turns", cursor: first.nextCursor })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("never finds another organization's calls", async () => {
    expect(await froms(ownerB, { query: "zamora" })).toEqual(["+15125550101"]);
    expect((await ownerB.calls.list({ query: "zamora" })).items[0]!.summary).toBe("B's caller asked for a 10x10");
    expect(await froms(ownerB, { query: "young" })).toEqual([]);
    expect(await froms(ownerB, { query: "0199" })).toEqual([]);
    expect(await froms(ownerB, { query: "drive-up" })).toEqual([]);
  });
});
