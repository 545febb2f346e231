import "server-only";

import { and, eq } from "drizzle-orm";
import { headers } from "next/headers";
import { cache } from "react";

import { auth } from "@/server/auth";
import { db } from "@/server/db/client";
import { member, organization, session as sessionTable } from "@/server/db/schema";

/**
 * The session of the request being rendered, for server components and route handlers. Read once
 * per request (React's `cache`): the dashboard's layout and its page's data prefetch
 * (src/server/api/prefetch.ts) render side by side and share it.
 */
export const getServerSession = cache(async () => auth.api.getSession({ headers: await headers() }));

/**
 * The organization named by a dashboard URL, if the user belongs to it. It also makes that
 * organization the session's active one, because tRPC's orgProcedure acts on the active organization.
 * Once per request (React's `cache`), shared by the layout and the page's prefetch.
 */
export const resolveDashboardOrganization = cache(async function resolveDashboardOrganization(
  sessionId: string,
  userId: string,
  activeOrganizationId: string | null | undefined,
  slug: string,
) {
  const [row] = await db
    .select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role })
    .from(organization)
    .innerJoin(member, and(eq(member.organizationId, organization.id), eq(member.userId, userId)))
    .where(eq(organization.slug, slug));
  if (!row) return null;
  if (activeOrganizationId !== row.id) {
    await db.update(sessionTable).set({ activeOrganizationId: row.id }).where(eq(sessionTable.id, sessionId));
  }
  return row;
});

export async function firstOrganizationSlug(userId: string, preferredId: string | null | undefined) {
  const rows = await db
    .select({ id: organization.id, slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(member.createdAt);
  return (rows.find((r) => r.id === preferredId) ?? rows[0])?.slug ?? null;
}
