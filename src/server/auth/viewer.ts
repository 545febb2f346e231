import "server-only";

import { auth, findMembership } from "@/server/auth";

/**
 * Who is asking (realtime events, report and analytics downloads): the signed-in member and their ACTIVE organization (the same
 * rule as tRPC's orgProcedure). A client only ever receives its active organization's events.
 */
export interface Viewer {
  userId: string;
  organizationId: string;
}

export async function sessionViewer(headers: Headers): Promise<Viewer | null> {
  const session = await auth.api.getSession({ headers });
  const organizationId = session?.session.activeOrganizationId;
  if (!session || !organizationId) return null;
  const membership = await findMembership(session.user.id, organizationId);
  return membership ? { userId: session.user.id, organizationId } : null;
}
