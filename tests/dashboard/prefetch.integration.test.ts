import { getQueryKey } from "@trpc/react-query";
import type { DehydratedState } from "@tanstack/react-query";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";

import { LEAD_STATUSES } from "@/components/crm/lead-board-queries";
import { api } from "@/lib/trpc";
import { analyticsPageData, facilityPageData, leadsPageData } from "@/app/[org]/page-data";
import { prefetchAs, type PrefetchedState } from "@/server/api/prefetch";
import { createContext, type Context } from "@/server/api/trpc";
import { resolveDashboardOrganization } from "@/server/auth/server-session";
import { withOrg } from "@/server/db/client";
import { captureLead } from "@/server/domain/leads/capture-lead";

import { seedOrganization, type TestOrg, type TestUser, unique } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

/**
 * The data a dashboard page fetches while the server renders it (src/server/api/prefetch.ts): it
 * lands under the keys the browser's hooks use (so they find it and ask nothing), chained queries
 * included, and only ever the signed-in member's own organization's.
 */
let a: TestOrg;
let b: TestOrg;
let facilityId: string;
let facilityName: string;
let leadName: string;

/** The member's context as the page builds it: their session, with `activeOrganizationId` the page's organization. */
async function contextOf(user: TestUser, organizationId: string): Promise<Context> {
  const ctx = await createContext({ headers: user.headers });
  return { ...ctx, session: { ...ctx.session!, activeOrganizationId: organizationId } };
}

const queries = (state: PrefetchedState | null) =>
  state ? superjson.deserialize<DehydratedState>(state as Parameters<typeof superjson.deserialize>[0]).queries : [];
const dataAt = (state: PrefetchedState | null, key: unknown) =>
  queries(state).find((q) => JSON.stringify(q.queryKey) === JSON.stringify(key))?.state.data;

beforeAll(async () => {
  [a, b] = await Promise.all([seedOrganization(), seedOrganization()]);
  const seeded = await seedFacility(a.id);
  facilityId = seeded.facility.id;
  facilityName = seeded.facility.name;
  leadName = `Prefetch ${unique("lead")}`;
  await withOrg(a.id, (tx) =>
    captureLead(tx, a.id, ACTOR, { source: "web", name: leadName, email: `${unique("p")}@example.test` }),
  );
});

describe("server-side prefetch of dashboard pages", () => {
  it("puts a facility page's data, its chained quote included, under the browser's query keys", async () => {
    const state = await prefetchAs(
      await contextOf(a.owner, a.id),
      { id: a.id, role: "owner", timeZone: "America/Chicago" },
      facilityPageData(facilityId),
    );
    const facility = dataAt(state, getQueryKey(api.facilities.get, { facilityId }, "query")) as { name: string };
    expect(facility?.name).toBe(facilityName);
    const types = dataAt(state, getQueryKey(api.inventory.availability, { facilityId }, "query")) as unknown[];
    expect(types).toHaveLength(1);
    // The units table asks with `status: undefined` (no filter chosen): the same query.
    expect(dataAt(state, getQueryKey(api.inventory.units, { facilityId }, "query"))).toHaveLength(1);
    expect(queries(state).some((q) => JSON.stringify(q.queryKey).includes('"inventory","quote"'))).toBe(true);
  });

  it("puts the Leads board (every column and the counts) and Analytics' sections under the browser's keys", async () => {
    const ctx = await contextOf(a.owner, a.id);
    const org = { id: a.id, role: "owner" as const, timeZone: "UTC" };
    const leads = await prefetchAs(ctx, org, leadsPageData({}));
    const column = dataAt(
      leads,
      getQueryKey(
        api.leads.list,
        { query: "", owner: "anyone", facilityId: null, source: null, status: "new", sort: "follow_up", limit: 25 },
        "infinite",
      ),
    ) as { pages: { items: { customer: { name: string } }[] }[] };
    expect(column.pages[0]!.items.map((i) => i.customer.name)).toContain(leadName);
    expect(queries(leads).filter((q) => JSON.stringify(q.queryKey).includes('"leads","list"'))).toHaveLength(
      LEAD_STATUSES.length,
    );
    // A search in the address: the browser's hooks ask with it, so nothing is fetched for it here.
    expect(await prefetchAs(ctx, org, leadsPageData({ q: "someone" }))).toBeNull();

    const analytics = await prefetchAs(ctx, org, analyticsPageData);
    const keys = queries(analytics).map((q) => (q.queryKey as [string[]])[0].join("."));
    expect(keys).toEqual(expect.arrayContaining(["analytics.today", "analytics.volume", "analytics.agentQuality"]));
  });

  it("never gives a member another organization's data", async () => {
    // B's owner with A named as the organization (what a forged address would ask): refused by
    // orgProcedure's membership check, so nothing at all is prefetched.
    const forged = await prefetchAs(
      await contextOf(b.owner, a.id),
      { id: a.id, role: "owner", timeZone: "UTC" },
      facilityPageData(facilityId),
    );
    expect(forged).toBeNull();
    // B's owner on their own organization with A's facility id: B's data only, not A's facility.
    const own = await prefetchAs(
      await contextOf(b.owner, b.id),
      { id: b.id, role: "owner", timeZone: "UTC" },
      facilityPageData(facilityId),
    );
    expect(dataAt(own, getQueryKey(api.facilities.get, { facilityId }, "query"))).toBeUndefined();
    // (A's facility id is in the keys, the inputs B's browser would send; in no query's data.)
    for (const q of queries(own)) expect(JSON.stringify(q.state.data)).not.toContain(facilityId);
    const board = await prefetchAs(
      await contextOf(b.owner, b.id),
      { id: b.id, role: "owner", timeZone: "UTC" },
      leadsPageData({}),
    );
    expect(JSON.stringify(board)).not.toContain(leadName);
    // And the page's own resolution of the address refuses A's slug for B's member.
    const session = await createContext({ headers: b.owner.headers });
    expect(await resolveDashboardOrganization(session.session!.id, session.user!.id, b.id, a.slug)).toBeNull();
  });
});
