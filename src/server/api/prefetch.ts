import "server-only";

import { dehydrate } from "@tanstack/react-query";
import { createServerSideHelpers } from "@trpc/react-query/server";
import { headers } from "next/headers";
import { cache } from "react";
import superjson from "superjson";

import { isRole, type Role } from "@/lib/permissions";
import { appRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { readOrgTimeZone } from "@/server/analytics/filters";
import { getServerSession, resolveDashboardOrganization } from "@/server/auth/server-session";
import { withOrgRead } from "@/server/db/replica";

/**
 * A dashboard page's data fetched while the server renders it, so its first HTML and the browser's
 * query cache already hold it and the page asks the server for nothing after hydrating (before
 * this, every page's tRPC requests started only once its JavaScript had loaded and hydrated, and a
 * query that needed another's answer waited a second round trip: docs/operations.md, bench:pages).
 *
 * The procedures run through the same router, middleware and organization scoping as the
 * browser's calls (`createServerSideHelpers` with the router and a context, no HTTP), under the
 * same query keys the client's hooks use, so the hooks find the data in the cache. A query that
 * fails here is left out: the browser asks again and shows its error as before.
 */
export type PrefetchHelpers = ReturnType<typeof createServerSideHelpers<typeof appRouter>>;
/** superjson's form of React Query's dehydrated cache (dates stay dates); `<PrefetchedData>` reads it. */
export type PrefetchedState = { json: unknown; meta?: unknown };
/** The organization a page is prefetched for: its id, the member's role, its time zone ("today"). */
export interface PrefetchOrg {
  id: string;
  role: Role;
  timeZone: string;
}
export type PrefetchFill = (api: PrefetchHelpers, org: PrefetchOrg) => Promise<unknown>;

/** The organization's time zone, once per request: the layout shows it, pages count "today" in it. */
export const dashboardTimeZone = cache((organizationId: string) =>
  withOrgRead(organizationId, (tx) => readOrgTimeZone(tx, organizationId)),
);

/**
 * Runs `fill` as the member `ctx` describes, for the organization `org` (which must be the
 * session's active one: orgProcedure acts on it, after checking the member belongs to it) and
 * returns the successful queries, or null when nothing succeeded.
 */
export async function prefetchAs(ctx: Context, org: PrefetchOrg, fill: PrefetchFill): Promise<PrefetchedState | null> {
  const helpers = createServerSideHelpers({ router: appRouter, ctx, transformer: superjson });
  // A failure (a query that needed another's answer, which failed) leaves what succeeded; the
  // browser asks for the rest and shows the error as it always has.
  await fill(helpers, org).catch(() => undefined);
  const state = dehydrate(helpers.queryClient, { shouldDehydrateQuery: (q) => q.state.status === "success" });
  return state.queries.length ? superjson.serialize(state) : null;
}

/**
 * The data of the dashboard page at `/<slug>/...` for the signed-in member, or null (no session, or
 * not a member of that organization: the layout then redirects or answers 404). The organization
 * is the one the address names, as the layout resolves it (and makes the session's active one, the
 * one the browser's calls then act on): never another, since layout and page render side by side
 * and the session's active organization may still be the previous one while this runs.
 */
export async function prefetchDashboardData(slug: string, fill: PrefetchFill): Promise<PrefetchedState | null> {
  const session = await getServerSession();
  if (!session) return null;
  const org = await resolveDashboardOrganization(
    session.session.id,
    session.user.id,
    session.session.activeOrganizationId,
    slug,
  );
  if (!org || !isRole(org.role)) return null;
  const ctx: Context = {
    headers: new Headers(await headers()),
    session: { ...session.session, activeOrganizationId: org.id },
    user: session.user,
  };
  return prefetchAs(ctx, { id: org.id, role: org.role, timeZone: await dashboardTimeZone(org.id) }, fill);
}
