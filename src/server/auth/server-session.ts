import "server-only";

import { and, eq } from "drizzle-orm";
import { headers } from "next/headers";

import { auth } from "@/server/auth";
import { db } from "@/server/db/client";
import { member, organization, session as sessionTable } from "@/server/db/schema";

/** The session of the request being rendered, for server components and route handlers. */
export async function getServerSession() {
  return auth.api.getSession({ headers: await headers() });
}

/**
 * The organization named by a dashboard URL, if the user belongs to it. It also makes that
 * organization the session's active one, because tRPC's orgProcedure acts on the active organization.
 */
export async function resolveDashboardOrganization(
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
}

export async function firstOrganizationSlug(userId: string, preferredId: string | null | undefined) {
  const rows = await db
    .select({ id: organization.id, slug: organization.slug })
    .from(member)
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(eq(member.userId, userId))
    .orderBy(member.createdAt);
  return (rows.find((r) => r.id === preferredId) ?? rows[0])?.slug ?? null;
}
