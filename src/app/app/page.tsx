import { redirect } from "next/navigation";

import { firstOrganizationSlug, getServerSession } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

/** Where "go to the dashboard" lands: the active organization, else the first one, else onboarding. */
export default async function AppEntry() {
  const session = await getServerSession();
  if (!session) redirect("/sign-in");
  const slug = await firstOrganizationSlug(session.user.id, session.session.activeOrganizationId);
  redirect(slug ? `/${slug}` : "/onboarding");
}
