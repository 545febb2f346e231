import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";

import { BillingNoticeBanner } from "@/components/billing/past-due-banner";
import { OrgProvider } from "@/components/dashboard/org-context";
import { DashboardShell } from "@/components/dashboard/shell";
import { PrefetchedData } from "@/components/prefetched-data";
import { isRole } from "@/lib/permissions";
import { dashboardTimeZone, prefetchDashboardData } from "@/server/api/prefetch";
import { getServerSession, resolveDashboardOrganization } from "@/server/auth/server-session";
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
  // The shell's own queries (organization switcher, billing notice) come with the HTML, as the
  // page's do (src/server/api/prefetch.ts), instead of after hydration.
  const [timeZone, shellData] = await Promise.all([
    dashboardTimeZone(org.id),
    prefetchDashboardData(slug, (api) =>
      Promise.all([api.organization.mine.prefetch(), api.billing.notice.prefetch()]),
    ),
  ]);
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
      <PrefetchedData state={shellData}>
        <DashboardShell banner={<BillingNoticeBanner />}>{children}</DashboardShell>
      </PrefetchedData>
    </OrgProvider>
  );
}
