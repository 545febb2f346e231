import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";

import { BillingNoticeBanner } from "@/components/billing/past-due-banner";
import { OrgProvider } from "@/components/dashboard/org-context";
import { DashboardShell } from "@/components/dashboard/shell";
import { isRole } from "@/lib/permissions";
import { readOrgTimeZone } from "@/server/analytics/filters";
import { getServerSession, resolveDashboardOrganization } from "@/server/auth/server-session";
import { withOrgRead } from "@/server/db/replica";
import { realtimeClientConfig } from "@/server/realtime/client-config";

export const dynamic = "force-dynamic";

export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org: slug } = await params;
  const session = await getServerSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(`/${slug}`)}`);
  const org = await resolveDashboardOrganization(
    session.session.id,
    session.user.id,
    session.session.activeOrganizationId,
    slug,
  );
  if (!org || !isRole(org.role)) notFound();
  const u = session.user;
  const timeZone = await withOrgRead(org.id, (tx) => readOrgTimeZone(tx, org.id));
  return (
    <OrgProvider
      value={{
        id: org.id,
        name: org.name,
        slug: org.slug,
        role: org.role,
        timeZone,
        realtime: realtimeClientConfig(org.id),
        user: {
          id: u.id,
          name: u.name,
          email: u.email,
          twoFactorEnabled: Boolean(u.twoFactorEnabled),
          emailVerified: u.emailVerified,
        },
      }}
    >
      <DashboardShell banner={<BillingNoticeBanner />}>{children}</DashboardShell>
    </OrgProvider>
  );
}
